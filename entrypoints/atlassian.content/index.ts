import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '../../content/start';
import { atlassianSites } from '../../sites/families/atlassian';
import { familyHosts } from '../../sites/hosts';

// Wiring only (content/start.ts does the work): the content script of one site family, with
// only its adapters. Atlassian Cloud (*.atlassian.net): Jira and Confluence.
export default defineContentScript({
  matches: familyHosts.atlassian,
  runAt: 'document_idle',
  // WXT announces a start with a DOM event only, not also with window.postMessage, which every
  // message listener of the page would receive (and answer with work of its own).
  noScriptStartedPostMessage: true,
  main: (ctx) => startContentScript(ctx, atlassianSites),
});

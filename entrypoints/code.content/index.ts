import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '../../content/start';
import { codeSites } from '../../sites/families/code';
import { familyHosts } from '../../sites/hosts';

// Wiring only (content/start.ts does the work): the content script of one site family, with
// only its adapters. github.com and gitlab.com: GitHub and GitLab.
export default defineContentScript({
  matches: familyHosts.code,
  runAt: 'document_idle',
  // WXT announces a start with a DOM event only, not also with window.postMessage, which every
  // message listener of the page would receive (and answer with work of its own).
  noScriptStartedPostMessage: true,
  main: (ctx) => startContentScript(ctx, codeSites),
});

import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentToBackground } from '../../protocol/messages';
import { familyOfSoftware, fingerprintPage } from '../../sites/fingerprint';

// Wiring only: the content script of company domains, which services/shared/domains.ts registers
// at run time for each enabled origin (so not in the manifest). A company domain may run any
// self-hosted software; rather than carry every adapter, this reads which one made the page
// (sites/fingerprint.ts) and has the background inject that site family's script, so the page
// downloads this and one family's adapters.
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  // WXT announces a start with a DOM event only, not also with window.postMessage, which every
  // message listener of the page would receive (and answer with work of its own).
  noScriptStartedPostMessage: true,
  main() {
    const message: ContentToBackground = { type: 'startFamily', family: familyOfSoftware(fingerprintPage()) };
    browser.runtime.sendMessage(message).catch((error: unknown) => console.warn('[doneness] company script:', error));
  },
});

/**
 * "Annotate this page" (popup button, keyboard command): the whole page of the current tab
 * becomes one discussion (`generic:<URL>`), on any site, with no host permission: the popup's
 * user gesture grants `activeTab`, which lets `scripting.executeScript` inject the content
 * script into that one tab. Where the content script already runs it is simply told to.
 */
import { ANNOTATE_PAGE_FLAG } from '../../protocol/keys';
import type { PageToContent, PageToContentResults } from '../../protocol/messages';
import { caller } from '../../protocol/request';


/** Path of the built content script (WXT names it after the entrypoint folder). */
export const CONTENT_SCRIPT_FILE = 'content-scripts/discussions.js';

/** The browser APIs this needs (a subset, so tests can fake them). */
export interface AnnotateBrowser {
  tabs: { sendMessage(tabId: number, message: unknown): Promise<unknown> };
  scripting: {
    executeScript(injection: {
      target: { tabId: number };
      files?: string[];
      func?: (flag: string) => void;
      args?: unknown[];
    }): Promise<unknown>;
  };
}

/**
 * Makes the whole page of `tabId` a discussion. Must be called from a user gesture (popup click
 * or command) so that `activeTab` covers the tab. Resolves to how it got there.
 */
export async function annotatePage(browser: AnnotateBrowser, tabId: number): Promise<'told' | 'injected'> {
  const toPage = caller<PageToContent, PageToContentResults>((message) => browser.tabs.sendMessage(tabId, message), 'the page');
  try {
    await toPage({ type: 'annotatePage' });
    return 'told';
  } catch {
    /* no content script in this tab yet: inject it */
  }
  await browser.scripting.executeScript({
    target: { tabId },
    func: (flag: string) => {
      (globalThis as Record<string, unknown>)[flag] = true;
    },
    args: [ANNOTATE_PAGE_FLAG],
  });
  await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
  return 'injected';
}

/**
 * The calls extension pages (popup, side panel, dashboard) make: to the background, and to the
 * content script of a tab, typed by protocol/messages.ts through the one helper of
 * protocol/request.ts.
 */
import { browser } from 'wxt/browser';
import type { PageToBackground, PageToBackgroundResults, PageToContent, PageToContentResults } from '../../protocol/messages';
import { caller } from '../../protocol/request';

/** Calls the background; resolves to the call's answer, rejects with its error. */
export const toBackground = caller<PageToBackground, PageToBackgroundResults>((message) => browser.runtime.sendMessage(message), 'the background');

/** Calls the content script of a tab; rejects when none runs there. */
export const toTab = (tabId: number) =>
  caller<PageToContent, PageToContentResults>((message) => browser.tabs.sendMessage(tabId, message), 'the page');

import { startPageBadges, type ContentBrowser } from '../../content/page-badges';
import { allSites } from '../../sites';

/**
 * Starts the content script's badges as the entrypoints do, with an AbortController standing in
 * for WXT's `ctx.signal` (`stop` aborts it, as an invalidated context would) and every adapter
 * (each built script runs one family of them).
 */
export function startBadges(browser: ContentBrowser, doc: Document, currentUrl: () => string) {
  const controller = new AbortController();
  return { ...startPageBadges(browser, doc, currentUrl, controller.signal, allSites), stop: () => controller.abort() };
}

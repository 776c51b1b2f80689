import { startPageBadges, type ContentBrowser } from '../../content/page-badges';

/**
 * Starts the content script's badges as the entrypoint does, with an AbortController standing in
 * for WXT's `ctx.signal`; `stop` aborts it, as an invalidated context would.
 */
export function startBadges(browser: ContentBrowser, doc: Document, currentUrl: () => string) {
  const controller = new AbortController();
  return { ...startPageBadges(browser, doc, currentUrl, controller.signal), stop: () => controller.abort() };
}

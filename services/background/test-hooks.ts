/**
 * Test-only background hooks, compiled in only when the build sets WXT_TEST_HOOKS=true (the
 * Firefox e2e build): WebDriver BiDi cannot navigate a tab to moz-extension:// pages, so a test
 * opens `https://doneness.test/open/<page>?tabOf=<url prefix>` and the background turns that tab
 * into the extension page, with `tab=<id>` of the first tab whose URL starts with the prefix.
 * Production builds contain none of this (the call site is dead code there).
 */
import type { WxtBrowser } from 'wxt/browser';

const HOOK_PREFIX = 'https://doneness.test/open/';

/** Listens for hook URLs and redirects their tab to the named extension page. */
export function installTestHooks(browser: WxtBrowser): void {
  browser.tabs.onUpdated.addListener((tabId, change) => {
    const url = change.url;
    if (!url?.startsWith(HOOK_PREFIX)) return;
    void (async () => {
      const target = new URL(url);
      const page = target.pathname.replace(/^\/open\//, '');
      const params = new URLSearchParams(target.search);
      const tabOf = params.get('tabOf');
      if (tabOf) {
        params.delete('tabOf');
        const tabs = await browser.tabs.query({});
        const match = tabs.find((t) => t.url?.startsWith(tabOf));
        if (match?.id !== undefined) params.set('tab', String(match.id));
      }
      const query = params.toString();
      await browser.tabs.update(tabId, { url: browser.runtime.getURL(`/${page}${query ? `?${query}` : ''}` as '/popup.html') });
    })();
  });
}

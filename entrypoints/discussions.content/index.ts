import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPageBadges, type ContentBrowser } from '../../services/page-badges';
import { contentHostPatterns } from '../../sites/hosts';

// Wiring only: services/page-badges.tsx does the work.
export default defineContentScript({
  matches: contentHostPatterns,
  runAt: 'document_idle',
  main(ctx) {
    const badges = startPageBadges(browser as unknown as ContentBrowser, document, () => location.href);
    ctx.addEventListener(window, 'wxt:locationchange', () => badges.restart());
    ctx.onInvalidated(() => badges.stop());
  },
});

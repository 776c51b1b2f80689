import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPageBadges, type ContentBrowser } from '../../services/page-badges';
import { ANNOTATE_PAGE_FLAG } from '../../services/annotate-page';
import { contentHostPatterns } from '../../sites/hosts';

// Wiring only: services/page-badges.tsx does the work. The same file is registered at run time
// for company domains (services/domains.ts) and injected by "Annotate this page".
export default defineContentScript({
  matches: contentHostPatterns,
  runAt: 'document_idle',
  main(ctx) {
    const badges = startPageBadges(browser as unknown as ContentBrowser, document, () => location.href);
    if ((globalThis as Record<string, unknown>)[ANNOTATE_PAGE_FLAG] === true) badges.annotatePage();
    // The Navigation API fires before the URL commits: compare on the next task.
    ctx.addEventListener(window, 'wxt:locationchange', () => setTimeout(badges.checkLocation, 0));
    ctx.onInvalidated(() => badges.stop());
  },
});

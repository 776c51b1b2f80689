import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { ANNOTATE_PAGE_FLAG } from '../../services/annotate-page';
import { startPageBadges, type ContentBrowser } from '../../services/page-badges';
import { contentHostPatterns } from '../../sites/hosts';

/** The running instance in this page's extension world, so a second injection reuses it. */
const RUNNING = '__donenessContentScript';
type Running = { annotatePage(): void; alive: boolean };

// Wiring only: services/page-badges.tsx does the work. The same file is registered at run time
// for company domains (services/domains.ts) and injected by "Annotate this page".
export default defineContentScript({
  matches: contentHostPatterns,
  runAt: 'document_idle',
  main(ctx) {
    const world = globalThis as Record<string, unknown>;
    const annotate = world[ANNOTATE_PAGE_FLAG] === true;
    world[ANNOTATE_PAGE_FLAG] = false;
    const running = world[RUNNING] as Running | undefined;
    if (running?.alive) {
      // Injected again (domain enabled, "Annotate this page"): one instance per page.
      if (annotate) running.annotatePage();
      return;
    }
    const badges = startPageBadges(browser as unknown as ContentBrowser, document, () => location.href);
    const self: Running = { annotatePage: badges.annotatePage, alive: true };
    world[RUNNING] = self;
    if (annotate) badges.annotatePage();
    // The Navigation API fires before the URL commits: compare on the next task.
    ctx.addEventListener(window, 'wxt:locationchange', () => setTimeout(badges.checkLocation, 0));
    ctx.onInvalidated(() => {
      self.alive = false;
      badges.stop();
    });
  },
});

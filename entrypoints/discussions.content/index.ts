import { defineContentScript } from 'wxt/utils/define-content-script';
import { ANNOTATE_PAGE_FLAG, CONTENT_GLOBAL } from '../../protocol/keys';
import { startPageBadges } from '../../content/page-badges';
import { contentBrowser, keepPageFromRetiringThisCopy } from '../../content/runtime';
import { contentHostPatterns } from '../../sites/hosts';
import type { ContentApi } from '../../content/picker-api';

/** The running instance in this page's extension world, so a second injection reuses it. */
const RUNNING = CONTENT_GLOBAL;
type Running = { annotatePage(): void; alive: boolean } & ContentApi;

// Wiring only: content/ does the work (content/page-badges.ts wires its rooms). The same file is
// registered at run time for company domains (services/shared/domains.ts) and injected by
// "Annotate this page".
export default defineContentScript({
  matches: contentHostPatterns,
  runAt: 'document_idle',
  // WXT announces a start with a DOM event only, not also with window.postMessage, which every
  // message listener of the page would receive (and answer with work of its own).
  noScriptStartedPostMessage: true,
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
    keepPageFromRetiringThisCopy(ctx);
    // Everything the badges set up ends with the context (extension reloaded or updated).
    const badges = startPageBadges(contentBrowser(), document, () => location.href, ctx.signal);
    const self: Running = { annotatePage: badges.annotatePage, alive: true, addPicked: badges.addPicked, rightClicked: badges.rightClicked };
    world[RUNNING] = self;
    if (annotate) badges.annotatePage();
    ctx.onInvalidated(() => {
      self.alive = false;
    });
  },
});

/**
 * What every content script's `main` does (entrypoints/<family>.content: one per site family,
 * each with its own adapters, sites/families/): start the badges once per page, and hand a second
 * injection ("Annotate this page", a company domain enabled in an open tab) to the running copy.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ANNOTATE_PAGE_FLAG, CONTENT_GLOBAL } from '../protocol/keys';
import type { SiteRegistry } from '../sites/registry';
import { startPageBadges } from './page-badges';
import type { ContentApi } from './picker-api';
import { contentBrowser, keepPageFromRetiringThisCopy } from './runtime';

/**
 * The running instance in this page's extension world, so a second injection reuses it (and the
 * lazily injected picker finds it). One name for every family's script: they share the
 * extension's isolated world, and one page has one copy.
 */
const RUNNING = CONTENT_GLOBAL;
type Running = { annotatePage(): void; alive: boolean } & ContentApi;

/** Starts the badges on this page with `sites`, unless a copy already runs (then it is told). */
export function startContentScript(ctx: ContentScriptContext, sites: SiteRegistry): void {
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
  const badges = startPageBadges(contentBrowser(), document, () => location.href, ctx.signal, sites);
  const self: Running = { annotatePage: badges.annotatePage, alive: true, addPicked: badges.addPicked, rightClicked: badges.rightClicked };
  world[RUNNING] = self;
  if (annotate) badges.annotatePage();
  ctx.onInvalidated(() => {
    self.alive = false;
  });
}

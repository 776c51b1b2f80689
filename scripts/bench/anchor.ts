/**
 * `anchor-200` (issue 15): what re-anchoring 200 picked discussions costs the real-size page
 * (the 180-thread MediaWiki talk page of `content-real-page`): 180 sections picked by their
 * headings and 20 whose blocks were deleted (orphans, the slowest case: every fallback runs).
 * Injecting the picker script and one pass of its `anchor` over the 200, in the page's extension
 * world as the content script calls it (the world made before, as the content script has made it
 * on any page with picked discussions), against Doneness's own content script on the same page
 * (which makes that world: the world's start-up, about 15 ms here, is counted once, on its side).
 * Fresh tab each run; median of the runs; every run traced for its longest task. Measured in the
 * content module's loop over that page (scripts/bench/content.ts), one run after each of
 * `content-real-page`'s, so the figure is a ratio to exactly those runs and the page is loaded
 * no more often than the two figures need.
 */
import { Window } from 'happy-dom';
import { describe } from '../../sites/anchoring/anchor';
import { PICKER_GLOBAL } from '../../protocol/keys';
import type { ThreadRef } from '../../storage/schema';
import { median, type FigureResult } from './figure';
import { BENCH_ORIGIN, costOf, medianCost, openQuiet, waitQuiet, type BenchBrowser, type BenchPage, type Cost } from './browser';

/** The 200 picked discussions: each heading of the page described as the picker would, and 20 gone. */
export function pickedRefs(html: string, url: string): ThreadRef[] {
  const page = new URL(url).pathname.replace('/wiki/', '');
  const window = new Window({ url });
  const doc = window.document as unknown as Document;
  doc.write(html);
  const native = { state: null, replies: null, participants: null, lastActivity: null };
  const refs: ThreadRef[] = [];
  for (const [i, h] of [...doc.querySelectorAll('#mw-content-text h2')].entries()) {
    const selector = describe(h, doc);
    if (!selector) throw new Error(`heading ${i} cannot be described`);
    refs.push({ key: `pick:bench.doneness.test/wiki/${page}#h${i}`, site: 'pick', title: `Heading ${i}`, url, native, target: { source: url, selector } });
  }
  for (let i = 0; refs.length < 200; i++) {
    const exact = `A deleted post ${i} about proofing baskets and the oven rota that nobody wrote here`;
    refs.push({
      key: `pick:bench.doneness.test/wiki/${page}#gone${i}`,
      site: 'pick',
      title: `Gone ${i}`,
      url,
      native,
      target: { source: url, selector: [{ type: 'TextQuoteSelector', exact, prefix: 'Thread ', suffix: ' signed' }] },
    });
  }
  void window.happyDOM.close();
  return refs;
}

/** Puts the picker script into the tab at `url` and runs one re-anchoring pass; answers found / orphans. */
async function anchorInTab(browser: BenchBrowser, url: string, refs: ThreadRef[]): Promise<{ found: number; orphans: number }> {
  // As source text: tsx would wrap named functions in a helper (`__name`) the worker lacks.
  return browser.launched.worker.evaluate(`(async () => {
    const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(url)} });
    await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['picker.js'] });
    const [answer] = await chrome.scripting.executeScript({
      target: { tabId: tab.id },
      func: async (name, picked) => {
        const pass = await globalThis[name].anchor(document, picked);
        return { found: pass.found.length, orphans: pass.orphans.length };
      },
      args: [${JSON.stringify(PICKER_GLOBAL)}, ${JSON.stringify(refs)}],
    });
    return answer.result;
  })()`) as Promise<{ found: number; orphans: number }>;
}

/**
 * Makes the extension's world in the tab, as Doneness's content script has made it on every page
 * where it anchors picked discussions (the picker script joins that world and the content script
 * calls it there); then waits until the page is quiet again.
 */
async function enterWorld(browser: BenchBrowser, target: BenchPage): Promise<void> {
  await browser.launched.worker.evaluate(`(async () => {
    const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(target.url)} });
    await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: () => true });
  })()`);
  await waitQuiet(target.cdp, { windowMs: 300 });
}

/** One run: a fresh tab of `pathname`, the extension's world made, the picker script put in and one pass over `refs`. */
export async function anchorCost(browser: BenchBrowser, pathname: string, refs: ThreadRef[]): Promise<Cost> {
  const target = await openQuiet(browser, pathname);
  try {
    await enterWorld(browser, target);
    let seen = { found: 0, orphans: 0 };
    const cost = await costOf(target, async () => void (seen = await anchorInTab(browser, target.url, refs)), { trace: true });
    // No wrong badge: every section found, no deleted one.
    if (seen.found !== 180 || seen.orphans !== 20) throw new Error(`anchor-200: found ${seen.found}, orphans ${seen.orphans}; expected 180 and 20`);
    return cost;
  } finally {
    await target.close();
  }
}

const list = (costs: Cost[]) => costs.map((c) => c.taskMs.toFixed(0)).join('/');

/** `anchor-200` from its runs and the runs of `content-real-page` on the same page. */
export function anchorFigure(ours: Cost[], content: Cost[]): FigureResult {
  const a = medianCost(ours);
  const c = medianCost(content);
  return {
    name: 'anchor-200',
    value: a.taskMs,
    baseline: c.taskMs,
    unit: 'ms',
    maxRatio: 1,
    against: 'content-real-page (Doneness content script, same 180-thread page, the same runs)',
    alsoMet: [{ goal: 'no task over 50 ms', ok: a.longestTaskMs <= 50, measured: `longest ${a.longestTaskMs.toFixed(0)} ms` }],
    details:
      `200 picked (180 found, 20 orphans): picker script injected and one pass; medians of ${ours.length}; ` +
      `runs: anchor ${list(ours)}, content ${list(content)} ms; median longest task ${median(ours.map((x) => x.longestTaskMs)).toFixed(0)} ms`,
  };
}

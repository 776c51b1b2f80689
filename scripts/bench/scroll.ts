/**
 * `scroll-real-page` (issue 17): what Doneness costs while a person reads, not while it starts.
 * A real-size talk page (179 threads, an English Village pump archive as the classic parser
 * renders it) is scrolled from top to bottom, 700 px at a time with a 40 ms pause after each
 * step, once with the content script running (injected, then the page left to go quiet) and
 * once without, in fresh tabs. The DevTools protocol's `Performance.getMetrics` gives the
 * main-thread task time (`TaskDuration`), the layouts (`LayoutCount`) and the style recalcs
 * (`RecalcStyleCount`) from the first step until the page is quiet after the last. Goal: task
 * time with ÷ without ≤ 1.2 (medians of the pairs, which alternate which goes first), and at most
 * 5 layouts during any scroll with Doneness.
 */
import type { CDPSession } from 'playwright-core';
import { median, type Figure, type FigureResult } from './figure';
import { injectContentScript, listThreads, openQuiet, sharedBenchBrowser, waitQuiet, type BenchBrowser } from './browser';
import { mediawikiLegacyArchive } from './pages';

/** The archive's path, on the bench host here and on en.wikipedia.org in scripts/firefox-scroll.ts. */
export const PAGE = '/wiki/Wikipedia:Village_pump_(technical)/Archive_210';
export const THREADS = 179;
/** The archive's thread headings that hold a badge. */
export const BADGED_HEADINGS = 'h2:has(> .mw-headline) > [data-doneness-badge]';
/** Layouts allowed while scrolling with Doneness (without, the page has none). */
const MAX_LAYOUTS = 5;

/** What one scroll of the page cost. */
interface Scroll {
  taskMs: number;
  layouts: number;
  recalcs: number;
  steps: number;
}

async function metrics(cdp: CDPSession): Promise<Map<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return new Map(metrics.map((m) => [m.name, m.value]));
}

/** Scrolls the page top to bottom, 700 px a step with a 40 ms pause, as a reader skimming it. */
export const SCROLL = `(async () => {
  let steps = 0;
  for (;;) {
    const before = scrollY;
    scrollBy(0, 700);
    await new Promise((r) => setTimeout(r, 40));
    if (scrollY === before) return steps;
    steps++;
  }
})()`;

/** One scroll of the page in a fresh tab, with the content script running or without. */
async function scrollCost(browser: BenchBrowser, withDoneness: boolean): Promise<Scroll> {
  const target = await openQuiet(browser, PAGE);
  try {
    if (withDoneness) {
      await injectContentScript(browser, target.url);
      await waitQuiet(target.cdp);
    }
    const before = await metrics(target.cdp);
    const steps = (await target.page.evaluate(SCROLL)) as number;
    await waitQuiet(target.cdp, { windowMs: 300 });
    const after = await metrics(target.cdp);
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    if (withDoneness) {
      // Checked after the measure: every thread is found and every one of them got its badge.
      const found = await listThreads(browser, target.url);
      const badged = await target.page.evaluate((selector) => document.querySelectorAll(selector).length, BADGED_HEADINGS);
      if (found.length !== THREADS || badged !== THREADS) throw new Error(`${PAGE}: ${found.length} threads found, ${badged} badged, of ${THREADS}`);
    }
    return { taskMs: delta('TaskDuration') * 1000, layouts: delta('LayoutCount'), recalcs: delta('RecalcStyleCount'), steps };
  } finally {
    await target.close();
  }
}

export const scrollBench: Figure = {
  names: ['scroll-real-page'],
  async run({ quick }) {
    const pairs = quick ? 3 : 5;
    const browser = await sharedBenchBrowser();
    browser.serve(PAGE, mediawikiLegacyArchive(THREADS));
    // Warm-up, not counted: the first big page of a profile pays for caches and compilation.
    const warm = await openQuiet(browser, PAGE);
    await injectContentScript(browser, warm.url);
    await waitQuiet(warm.cdp);
    await warm.close();
    const ours: Scroll[] = [];
    const plain: Scroll[] = [];
    for (let i = 0; i < pairs; i++) {
      if (i % 2) ours.push(await scrollCost(browser, true));
      plain.push(await scrollCost(browser, false));
      if (i % 2 === 0) ours.push(await scrollCost(browser, true));
    }
    const layouts = Math.max(...ours.map((s) => s.layouts));
    const list = (runs: Scroll[]) => runs.map((s) => s.taskMs.toFixed(0)).join('/');
    const result: FigureResult = {
      name: 'scroll-real-page',
      value: median(ours.map((s) => s.taskMs)),
      baseline: median(plain.map((s) => s.taskMs)),
      unit: 'ms',
      maxRatio: 1.2,
      against: 'the same scroll of the same page without Doneness',
      alsoMet: [{ goal: `layouts <= ${MAX_LAYOUTS}`, ok: layouts <= MAX_LAYOUTS, measured: `layouts ${layouts}` }],
      details:
        `${THREADS} threads, ${ours[0].steps} steps of 700 px; medians of ${pairs} pairs; runs: ours ${list(ours)}, without ${list(plain)} ms; ` +
        `layouts ours ${ours.map((s) => s.layouts).join('/')}, without ${plain.map((s) => s.layouts).join('/')}; ` +
        `style recalcs ours ${ours.map((s) => s.recalcs).join('/')}, without ${plain.map((s) => s.recalcs).join('/')}`,
    };
    return [result];
  },
};

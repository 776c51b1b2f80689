/**
 * Content-script figures (issue 7): what Doneness costs the page it decorates, in real Chromium.
 *
 * - `content-2000-threads`, `content-real-page`: main-thread task time from injecting the content
 *   script into a loaded, quiet MediaWiki talk page (2,000 and 180 threads) until the page is
 *   quiet again (every thread detected, the badges in and near the viewport mounted and filled),
 *   against a naive script in the same kind of page: one synchronous `querySelectorAll` over the
 *   headings and one shadow-root span per heading. Fresh tab each run; median of the runs.
 * - `vs-hypothesis-boot`: Doneness on the 180-thread page against the Hypothesis client's
 *   in-page start-up (its `boot.js` with assets served locally) on the same page.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { median, type Figure, type FigureResult } from './figure';
import { BENCH_ORIGIN, costOf, injectContentScript, listThreads, medianCost, openQuiet, sharedBenchBrowser, viewportCoverage, type BenchBrowser, type Cost } from './browser';
import { anchorCost, anchorFigure, pickedRefs } from './anchor';
import { mediawikiTalkPage } from './pages';

/** The naive decorator: what a first version of such an extension would do. */
const NAIVE_SCRIPT = `(() => {
  for (const h of document.querySelectorAll('#mw-content-text h2')) {
    const host = document.createElement('span');
    const root = host.attachShadow({ mode: 'closed' });
    const badge = document.createElement('span');
    badge.style.cssText = 'display:inline-block;margin-left:8px;padding:0 8px;border-radius:11px;background:#5c6474;color:#fff;font:600 12px/22px sans-serif';
    badge.textContent = 'rate';
    root.append(badge);
    h.append(host);
  }
})();`;

/** How far outside the viewport a badge must already be mounted (the content script uses more). */
const NEAR_VIEWPORT_PX = 200;

/** Pages whose every thread the content script was seen to detect (checked once per page). */
const detectedAll = new Set<string>();

export async function donenessCost(browser: BenchBrowser, pathname: string, threads: number, trace = true, attribute = false): Promise<Cost> {
  const target = await openQuiet(browser, pathname);
  try {
    const cost = await costOf(target, () => injectContentScript(browser, target.url), { trace, attribute });
    // Checked after the measure, so the checks cost nothing measured: the badges near the
    // viewport every run, the full list of threads (a big message) once per page.
    if (!detectedAll.has(pathname)) {
      const found = await listThreads(browser, target.url);
      if (found.length !== threads) throw new Error(`${pathname}: detected ${found.length} of ${threads} threads`);
      detectedAll.add(pathname);
    }
    const coverage = await viewportCoverage(target.page, '#mw-content-text h2', NEAR_VIEWPORT_PX);
    if (coverage.headings === 0 || coverage.badged !== coverage.headings) {
      throw new Error(`${pathname}: ${coverage.badged} of ${coverage.headings} headings near the viewport have a badge`);
    }
    return cost;
  } finally {
    await target.close();
  }
}

async function naiveCost(browser: BenchBrowser, pathname: string, trace = true): Promise<Cost> {
  return (await naiveAndFloor(browser, pathname, trace, false)).naive;
}

/**
 * The naive script's cost, and before it on the same quiet, undecorated page (`floor`) the
 * browser's own cost of the smallest change a badge can make to that page: one empty `<span>`
 * appended to the first thread heading, with no script of ours or theirs running. The frame after
 * it (style, layout, pre-paint and paint of the whole document) is what any badge placed in the
 * page's flow costs at the least.
 */
async function naiveAndFloor(browser: BenchBrowser, pathname: string, trace: boolean, floor: boolean): Promise<{ naive: Cost; floor: Cost | null }> {
  const target = await openQuiet(browser, pathname);
  try {
    const span = () => target.page.evaluate(() => void document.querySelector('#mw-content-text h2')!.append(document.createElement('span')));
    const least = floor ? await costOf(target, span, { trace: true }) : null;
    const naive = await costOf(target, () => target.page.addScriptTag({ content: NAIVE_SCRIPT }).then(() => undefined), { trace });
    return { naive, floor: least };
  } finally {
    await target.close();
  }
}

/** Hypothesis's client booting on the page: config tag, then `boot.js`, assets served locally. */
async function hypothesisCost(browser: BenchBrowser, pathname: string): Promise<Cost> {
  const target = await openQuiet(browser, pathname);
  try {
    return await costOf(
      target,
      async () => {
      await target.page.evaluate(() => {
        const config = document.createElement('script');
        config.type = 'application/json';
        config.className = 'js-hypothesis-config';
        config.textContent = JSON.stringify({ assetRoot: '/hypothesis/', sidebarAppUrl: '/hypothesis-app.html', openSidebar: false });
        document.head.append(config);
        const boot = document.createElement('script');
        boot.src = '/hypothesis/build/boot.js';
        document.head.append(boot);
      });
      // Until the annotator is up: it adds its own elements to the page.
      await target.page.waitForSelector('hypothesis-sidebar, hypothesis-notebook, hypothesis-adder', { state: 'attached', timeout: 30_000 });
      },
      { trace: true },
    );
  } finally {
    await target.close();
  }
}

/** Serves the Hypothesis npm package's `build/` directory under `/hypothesis/build/`. */
function serveHypothesis(browser: BenchBrowser): void {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = path.dirname(require.resolve('hypothesis/package.json'));
  } catch {
    throw new Error('the npm package "hypothesis" is missing: run npm install');
  }
  const files = ['build/boot.js', 'build/manifest.json'];
  const manifest = JSON.parse(readFileSync(path.join(root, 'build/manifest.json'), 'utf8')) as Record<string, string>;
  for (const name of Object.values(manifest)) files.push(path.join('build', name));
  for (const name of Object.keys(manifest)) files.push(path.join('build', name));
  for (const file of files) {
    const full = path.join(root, file);
    if (!existsSync(full)) continue;
    const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.json') ? 'application/json' : 'text/javascript';
    browser.serve(`/hypothesis/${file}`, readFileSync(full), type);
  }
  browser.serve('/hypothesis-app.html', '<!DOCTYPE html><title>Hypothesis sidebar (not served in the bench)</title>');
}

const list = (costs: Cost[]) => costs.map((c) => c.taskMs.toFixed(0)).join('/');

/** Alternates ours and theirs so drift in the machine's speed hits both alike. */
async function paired(runs: number, ours: () => Promise<Cost>, theirs: () => Promise<Cost>) {
  const a: Cost[] = [];
  const b: Cost[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await ours());
    b.push(await theirs());
  }
  return { ours: medianCost(a), theirs: medianCost(b), runs: a };
}

export const contentBench: Figure = {
  names: ['content-2000-threads', 'content-real-page', 'vs-hypothesis-boot', 'anchor-200'],
  async run({ quick }) {
    const runs = quick ? 5 : 9;
    const browser = await sharedBenchBrowser();
    const page180 = '/wiki/Talk:Bench_180';
    const html180 = mediawikiTalkPage(180, { title: 'Talk:Bench 180', seed: 11, commentWords: 60 });
    browser.serve('/wiki/Talk:Bench_2000', mediawikiTalkPage(2000, { title: 'Talk:Bench 2000', commentWords: 16 }));
    browser.serve(page180, html180);
    const picked = pickedRefs(html180, new URL(page180, BENCH_ORIGIN).href);
    serveHypothesis(browser);
    const results: FigureResult[] = [];
    // Warm-up, not counted: the first page of a profile pays for caches and compilation (the
    // small page does for both sizes: it is the same script).
    await donenessCost(browser, '/wiki/Talk:Bench_180', 180);
    // Every run is traced (the `toplevel` category only) for its longest task: the page's own
    // long-task observer misses the content script's tasks. Baselines are traced alike.
    const floors: number[] = [];
    const big = await paired(
      runs,
      () => donenessCost(browser, '/wiki/Talk:Bench_2000', 2000),
      async () => {
        const { naive, floor } = await naiveAndFloor(browser, '/wiki/Talk:Bench_2000', true, true);
        floors.push(floor!.longestTaskMs);
        return naive;
      },
    );
    // The longest task of each run against the floor frame of the same run's naive page: medians
    // of both, as every other figure here (the longest of all runs is in the details).
    const longest = median(big.runs.map((c) => c.longestTaskMs));
    const floor = median(floors);
    // Whose script ran in each task takes the `devtools.timeline` category, which slows the page
    // down several times over on this page: so in runs of their own, not counted above (what the
    // script does there takes longer than in the runs above, never shorter).
    const attributed: Cost[] = [];
    // One with --quick: that task has been 12-18 ms against its 50 ms line in every run.
    for (let i = 0; i < (quick ? 1 : 3); i++) attributed.push(await donenessCost(browser, '/wiki/Talk:Bench_2000', 2000, true, true));
    const own = Math.max(...attributed.map((c) => c.ownLongestTaskMs ?? 0));
    results.push({
      name: 'content-2000-threads',
      value: big.ours.taskMs,
      baseline: big.theirs.taskMs,
      unit: 'ms',
      maxRatio: 1,
      against: 'naive querySelectorAll + shadow span per heading',
      alsoMet: [
        {
          goal: 'longest task <= 1.25 x floor frame',
          ok: longest <= 1.25 * floor,
          measured: `longest ${longest.toFixed(0)} ms, floor ${floor.toFixed(0)} ms, x${(longest / floor).toFixed(2)}`,
        },
        { goal: "no task of Doneness's script over 50 ms", ok: own <= 50, measured: `longest ${own.toFixed(0)} ms` },
      ],
      details:
        `naive's longest task ${big.theirs.longestTaskMs.toFixed(0)} ms; ours per run ${big.runs.map((c) => c.longestTaskMs.toFixed(0)).join('/')} ms, ` +
        `of our script (attributed runs) ${attributed.map((c) => (c.ownLongestTaskMs ?? 0).toFixed(0)).join('/')} ms; the frame after one empty span in one heading ` +
        `(the least any in-flow badge costs this page) per run ${floors.map((f) => f.toFixed(0)).join('/')} ms; median of ${runs}`,
    });
    // The real-size page: ours, the naive script, Hypothesis's start-up and re-anchoring 200
    // picked discussions (anchor-200, a ratio to ours), interleaved.
    const ours: Cost[] = [];
    const naive: Cost[] = [];
    const hyp: Cost[] = [];
    const anchored: Cost[] = [];
    await hypothesisCost(browser, page180); // warm-ups (ours is warm)
    await anchorCost(browser, page180, picked);
    // These pages are quick to measure, and ours against Hypothesis's is the tightest goal: more
    // runs of those two, in turns that swap which goes first.
    const runs180 = quick ? 7 : 11;
    // The naive script here only for content-real-page, whose ratio (0.65-0.86) is far from its 1.5.
    const naive180 = quick ? 3 : runs;
    for (let i = 0; i < runs180; i++) {
      if (i % 2) hyp.push(await hypothesisCost(browser, page180));
      ours.push(await donenessCost(browser, page180, 180));
      if (i % 2 === 0) hyp.push(await hypothesisCost(browser, page180));
      anchored.push(await anchorCost(browser, page180, picked));
      if (i < naive180) naive.push(await naiveCost(browser, page180));
    }
    const real = { ours: medianCost(ours), theirs: medianCost(naive) };
    const hypothesis = medianCost(hyp);
    const realLongest = real.ours.longestTaskMs;
    results.push({
      name: 'content-real-page',
      value: real.ours.taskMs,
      baseline: real.theirs.taskMs,
      unit: 'ms',
      maxRatio: 1.5,
      against: 'naive querySelectorAll + shadow span per heading',
      alsoMet: [{ goal: 'no task over 50 ms', ok: realLongest <= 50, measured: `longest ${realLongest.toFixed(0)} ms` }],
      details: `180 threads; medians of ${runs180} (ours) and ${naive180} (naive); runs: ours ${list(ours)}, naive ${list(naive)} ms`,
    });
    results.push({
      name: 'vs-hypothesis-boot',
      value: real.ours.taskMs,
      baseline: hypothesis.taskMs,
      unit: 'ms',
      maxRatio: 0.25,
      against: 'Hypothesis client boot.js on the same page',
      details: `180 threads; medians of ${runs180}; runs: Hypothesis ${list(hyp)} ms`,
    });
    results.push(anchorFigure(anchored, ours));
    return results;
  },
};

/**
 * Firefox scratch measure for issue 17 (`node --import tsx scripts/firefox-scroll.ts [--runs N]
 * [--no-build]`): is building badges once a scroll stops slower in Firefox than building them as
 * they come near? Firefox has no `Performance.getMetrics`, so this measures from within the page
 * what a reader feels: the requestAnimationFrame intervals while the `scroll-real-page` archive
 * (scripts/bench/scroll.ts: 179 threads, 700 px steps with 40 ms pauses, the same page script)
 * is scrolled top to bottom in the same 1280 × 900 window, and the scroll's wall time. Three configurations, alternated in one
 * Firefox ESR (WebDriver BiDi, tests/e2e/firefox-harness.ts): (a) no extension installed, (b) the
 * current code, (c) the current code with content/near-viewport.ts as it was before issue 17
 * (OLD_NEAR_VIEWPORT, built from a temporary copy of the worktree). The page is served at the
 * archive's path on en.wikipedia.org, where the manifest runs the content script by itself (the
 * Chromium figure's bench host needs a runtime grant and an injection that Firefox's BiDi cannot
 * give); (a) opens the same URL with the add-on uninstalled. Every run of (b) and (c) must end with
 * a badge on all 179 thread headings, so neither can pass by building nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'puppeteer-core';
import { ROOT, VIEWPORT } from '../tests/e2e/harness';
import { freshFirefoxProfile, launchFirefox, servingPage } from '../tests/e2e/firefox-harness';
import { median } from './bench/figure';
import { mediawikiLegacyArchive } from './bench/pages';
import { BADGED_HEADINGS, PAGE, SCROLL, THREADS } from './bench/scroll';

/** The last commit with near-viewport.ts as it was before issue 17 (observer always on). */
const OLD_NEAR_VIEWPORT = '95fe160';
const ARCHIVE_URL = `https://en.wikipedia.org${PAGE}`;
/** A frame interval over this is a dropped frame at 60 Hz and then some (two frames missed). */
const LONG_FRAME_MS = 33;
/** The page counts as still once every frame for a while was at most STILL_FRAME_MS apart. */
const STILL_FRAME_MS = 20;
/**
 * How long the page must be still before the scroll. The content script leaves no trace in the
 * DOM until a badge is built, and on this archive none is near the top (its table of contents is
 * longer than the viewport and NEAR_PX), so its scan is waited out by time, as Chromium's figure
 * waits for the main thread to go quiet; the scan of 179 threads takes a fraction of this.
 */
const STILL_BEFORE_MS = 1000;
/** How long the page must be still after the scroll, every heading badged (a batch is done). */
const STILL_AFTER_MS = 300;

interface Config {
  label: string;
  /** The Firefox build to install for the run; null: none. */
  extensionDir: string | null;
}

/** One scroll of the archive, as the page saw it (times in ms). */
interface Run {
  scrollMs: number;
  /** Frame intervals from the first step until the last step's pause ended. */
  scrollFrames: number[];
  /** The longest frame interval from then until the page was still (the batch of issue 17). */
  afterStopLongestMs: number;
  /** From the end of the scroll until every heading held its badge (0 without Doneness). */
  badgesMs: number;
  steps: number;
}

/**
 * Page script: resolves once at least `atLeast` headings hold a badge and the frames have been
 * short, with no badge added, for `forMs`; returns when that began and when the count was reached.
 */
const untilStill = (atLeast: number, forMs: number) => `new Promise((resolve, reject) => {
  const started = performance.now();
  let last = started, calmSince = started, count = -1, complete = null;
  const tick = (t) => {
    const now = document.querySelectorAll(${JSON.stringify(BADGED_HEADINGS)}).length;
    if (now >= ${atLeast} && complete === null) complete = t;
    if (t - last > ${STILL_FRAME_MS} || now !== count || now < ${atLeast}) calmSince = t;
    last = t;
    count = now;
    if (t - calmSince >= ${forMs}) return resolve({ still: calmSince, complete });
    if (t - started > 30000) return reject(new Error('the page never went still: ' + now + ' headings badged'));
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})`;

/** Page script: records every frame's time while SCROLL runs and until the page is still again. */
const measured = (atLeast: number) => `(async () => {
  const frames = [];
  let recording = true;
  const tick = (t) => {
    frames.push(t);
    if (recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const start = performance.now();
  const steps = await ${SCROLL};
  const stopped = performance.now();
  const { complete } = await ${untilStill(atLeast, STILL_AFTER_MS)};
  recording = false;
  return { frames, start, stopped, complete, steps };
})()`;

/** Builds the Firefox extension from `cwd` into `outDir`. */
function build(cwd: string, outDir: string): string {
  const result = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd, env: { ...process.env, DONENESS_OUT: outDir }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wxt build in ${cwd} failed:\n${result.stdout}\n${result.stderr}`);
  return path.resolve(cwd, outDir, 'firefox-mv3');
}

/** Builds the current code with near-viewport.ts of OLD_NEAR_VIEWPORT, from a temporary copy. */
function buildOld(outDir: string): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'doneness-old-near-viewport-'));
  try {
    const skip = /^(node_modules|\.git|\.wxt|\.output.*|tmp|test-results|screenshots)$/;
    cpSync(ROOT, copy, { recursive: true, filter: (src) => !skip.test(path.relative(ROOT, src).split(path.sep)[0]) });
    symlinkSync(realpathSync(path.join(ROOT, 'node_modules')), path.join(copy, 'node_modules'));
    const old = execFileSync('git', ['show', `${OLD_NEAR_VIEWPORT}:content/near-viewport.ts`], { cwd: ROOT, encoding: 'utf8' });
    writeFileSync(path.join(copy, 'content', 'near-viewport.ts'), old);
    return build(copy, outDir);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** One scroll of the archive in a fresh tab, with `config`'s build installed for it. */
async function scrollOnce(browser: Browser, config: Config, archive: string): Promise<Run> {
  const id = config.extensionDir ? await browser.installExtension(config.extensionDir) : null;
  const page = await servingPage(browser, [{ url: ARCHIVE_URL, file: archive }]);
  try {
    await page.setViewport(VIEWPORT);
    await page.goto(ARCHIVE_URL, { waitUntil: 'load' });
    await page.evaluate(untilStill(0, STILL_BEFORE_MS));
    const seen = (await page.evaluate(measured(id ? THREADS : 0))) as {
      frames: number[];
      start: number;
      stopped: number;
      complete: number;
      steps: number;
    };
    const badged = await page.evaluate((selector) => document.querySelectorAll(selector).length, BADGED_HEADINGS);
    if (badged !== (id ? THREADS : 0)) throw new Error(`${config.label}: ${badged} of ${THREADS} headings badged after the scroll`);
    const intervals = seen.frames.slice(1).map((t, i) => ({ at: t, ms: t - seen.frames[i] }));
    return {
      scrollMs: seen.stopped - seen.start,
      scrollFrames: intervals.filter((f) => f.at <= seen.stopped).map((f) => f.ms),
      afterStopLongestMs: Math.max(0, ...intervals.filter((f) => f.at > seen.stopped).map((f) => f.ms)),
      badgesMs: id ? Math.max(0, seen.complete - seen.stopped) : 0,
      steps: seen.steps,
    };
  } finally {
    await page.close();
    if (id) await browser.uninstallExtension(id);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** "median [min–max]" of one measure over the runs. */
function spread(values: number[], digits = 0): string {
  const f = (v: number) => v.toFixed(digits);
  return `${f(median(values))} [${f(Math.min(...values))}–${f(Math.max(...values))}]`;
}

function summary(config: Config, runs: Run[]): string {
  const of = (measure: (r: Run) => number, digits = 0) => spread(runs.map(measure), digits);
  return (
    `${config.label}: scroll ${of((r) => r.scrollMs)} ms (${runs[0].steps} steps); ` +
    `frames >${LONG_FRAME_MS} ms ${of((r) => r.scrollFrames.filter((ms) => ms > LONG_FRAME_MS).length)}, ` +
    `p95 ${of((r) => percentile(r.scrollFrames, 95), 1)} ms, longest ${of((r) => Math.max(...r.scrollFrames))} ms; ` +
    `after the stop: longest frame ${of((r) => r.afterStopLongestMs)} ms, all badged after ${of((r) => r.badgesMs)} ms; ` +
    `medians [min–max] of ${runs.length} runs`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'no-build': { type: 'boolean', default: false } } });
  const rounds = Number(values.runs);
  const out = process.env.DONENESS_OUT ?? '.output';
  const nowDir = path.resolve(ROOT, out, 'firefox-mv3');
  const oldOut = path.resolve(ROOT, `${out}-old-near-viewport`);
  const configs: Config[] = [
    { label: '(a) without Doneness', extensionDir: null },
    { label: '(b) Doneness, badges once the scroll stops', extensionDir: nowDir },
    { label: `(c) Doneness, near-viewport.ts of ${OLD_NEAR_VIEWPORT}`, extensionDir: path.join(oldOut, 'firefox-mv3') },
  ];
  if (!values['no-build']) {
    console.log('building the current code and the old near-viewport.ts for Firefox…');
    build(ROOT, out);
    buildOld(oldOut);
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'doneness-firefox-scroll-'));
  const archive = path.join(scratch, 'archive.html');
  writeFileSync(archive, mediawikiLegacyArchive(THREADS));
  const profileDir = freshFirefoxProfile();
  const { browser } = await launchFirefox(profileDir, null);
  try {
    // Warm-up, not counted: the first big page of a profile pays for caches and compilation.
    for (const config of configs) await scrollOnce(browser, config, archive);
    const runs = new Map<Config, Run[]>(configs.map((c) => [c, []]));
    for (let round = 0; round < rounds; round++) {
      // Each round starts with the next configuration, so none is always first or last.
      for (let k = 0; k < configs.length; k++) {
        const config = configs[(round + k) % configs.length];
        const run = await scrollOnce(browser, config, archive);
        runs.get(config)!.push(run);
        console.log(`round ${round + 1} ${config.label}: scroll ${run.scrollMs.toFixed(0)} ms, longest frame ${Math.max(...run.scrollFrames).toFixed(0)} ms`);
      }
    }
    console.log(`\nFirefox ${await browser.version()}, ${THREADS} threads at ${ARCHIVE_URL}`);
    for (const config of configs) console.log(summary(config, runs.get(config)!));
  } finally {
    await browser.close().catch(() => undefined);
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();

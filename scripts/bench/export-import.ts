/**
 * `export-100k` and `import-100k` (issue 7): import and export of 100,000 annotations through
 * the dashboard's real UI in Debian's Chromium with the built extension (`DONENESS_OUT` picks the
 * build, as for the e2e tests). Import: a Doneness JSON export of 100,000 annotations goes
 * through the file input, the preview and the confirm button, until the dashboard shows all of
 * them. Export: with those 100,000 stored, the JSON export is downloaded and must hold exactly
 * the bytes that were imported (only `exportedAt` differs).
 *
 * The figure is the longest task on the dashboard's main thread during the action and the
 * dashboard's own refresh after it, against the 100 ms budget. Tasks are read from a DevTools
 * protocol trace (category `toplevel`: every `ThreadControllerImpl::RunTask` of the page's main
 * thread, found by a `performance.mark` the page makes), and a task counts by its thread time
 * (the CPU time the page's own work took, `tdur`): on the shared 2-core machine other processes
 * keep the thread off the CPU in the middle of tasks of a few milliseconds, which the wall-clock
 * duration (`dur`, what the Long Tasks API reports) counts too; the longest wall-clock task is
 * in the details. Wall time of the whole action and the peak JS heap of the dashboard page (CDP
 * `Performance.getMetrics` JSHeapUsedSize, sampled every 100 ms) are in the details too.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { buildExport, serializeExport } from '../../storage/exchange/export-json';
import type { Annotation, SiteId } from '../../storage/schema';
import { DEMO_PAGES, launch, openExtensionPage, ROOT, type Launched } from '../../tests/e2e/harness';
import { busyAnnotations } from './annotations';
import { median, type Figure, type FigureResult } from './figure';
import { closeSharedBenchBrowser, sharedBenchBrowser } from './browser';
import { LOOKUP_KEYS, lookupFigure, lookupsInNewTab, type LookupTimes } from './lookup';

const COUNT = 100_000;
/** Stored for the lookup figure's baseline. */
const SMALL = 1_000;
const BUDGET_MS = 100;
/** Quiet time after each action, so the dashboard's re-read and re-render are measured too. */
const SETTLE_MS = 2000;
const TIMEOUT_MS = 300_000;

const SITES: Array<{ site: SiteId; key: (i: number) => string; url: (i: number) => string }> = [
  { site: 'mediawiki', key: (i) => `mediawiki:wiki.example.org/Talk:Bench_${i}#Section_${i}`, url: (i) => `https://wiki.example.org/wiki/Talk:Bench_${i}#Section_${i}` },
  { site: 'discourse', key: (i) => `discourse:forum.example.com/t/${i}`, url: (i) => `https://forum.example.com/t/topic-${i}/${i}` },
  { site: 'github', key: (i) => `github:acme/oven/discussions/${i}`, url: (i) => `https://github.com/acme/oven/discussions/${i}` },
  { site: 'confluence', key: (i) => `confluence:acme.atlassian.net/${3_290_000_000 + i}`, url: (i) => `https://acme.atlassian.net/wiki/spaces/ENG/pages/${3_290_000_000 + i}` },
];

/** Thread key of bench annotation i. */
const keyOf = (i: number) => SITES[i % SITES.length].key(i);

/**
 * Annotations like a busy team's (as `annotations()` in scripts/bench.ts): a rating, two issues
 * (one resolved), a note, tags, history, on four sites; canonical, as the database keeps them.
 */
function benchAnnotations(n: number): Annotation[] {
  return busyAnnotations(n, (i) => {
    const where = SITES[i % SITES.length];
    return {
      key: keyOf(i),
      site: where.site,
      title: `Discussion ${i} about the oven`,
      url: where.url(i),
      native: { state: null, replies: 4, participants: 3, lastActivity: null },
    };
  });
}

/** What one measured action cost the dashboard page. */
interface Cost {
  wallMs: number;
  /** The longest task by main-thread (CPU) time, and by wall-clock time. */
  longestTaskMs: number;
  longestWallMs: number;
  /** Tasks over 50 ms of wall-clock time. */
  longTasks: number;
  peakHeapMb: number;
  steps: string;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
}

const MARK = 'doneness-bench-main-thread';

/** Watches the dashboard page: the tasks of its main thread and the peak of its JS heap. */
async function watchPage(page: Page): Promise<{ stop(): Promise<Omit<Cost, 'wallMs' | 'steps'>> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    for (const e of data.value as unknown as TraceEvent[]) if (e.name === MARK || (e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask')) events.push(e);
  });
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,blink.user_timing', transferMode: 'ReportEvents' });
  await page.evaluate((mark) => performance.mark(mark), MARK);
  await cdp.send('Performance.enable');
  let peak = 0;
  let sampling = true;
  const sample = async () => {
    while (sampling) {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
      peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const sampler = sample();
  return {
    async stop() {
      sampling = false;
      await sampler;
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      const mark = events.find((e) => e.name === MARK);
      if (!mark) throw new Error("the trace has no mark of the dashboard's main thread");
      const tasks = events.filter((e) => e.ph === 'X' && e.pid === mark.pid && e.tid === mark.tid);
      if (tasks.length === 0) throw new Error("the trace has no tasks of the dashboard's main thread");
      const ms = (us: number | undefined) => (us ?? 0) / 1000;
      const longest = (pick: (t: TraceEvent) => number) => tasks.reduce((max, t) => Math.max(max, pick(t)), 0);
      return {
        longestTaskMs: longest((t) => ms(t.tdur)),
        longestWallMs: longest((t) => ms(t.dur)),
        longTasks: tasks.filter((t) => ms(t.dur) > 50).length,
        peakHeapMb: peak / 1024 / 1024,
      };
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Imports `file` of `count` records through the dashboard's UI: file input → preview → confirm,
 * until the dashboard lists all of them. Answers when the preview was up and the rows written.
 */
async function importThroughDashboard(dashboard: Page, file: string, count: number): Promise<{ previewed: number; written: number; shown: number }> {
  await dashboard.getByLabel('Import a file (Doneness JSON or W3C JSON-LD)').setInputFiles(file);
  const confirm = dashboard.getByRole('button', { name: `Import ${count} records` });
  await confirm.waitFor({ timeout: TIMEOUT_MS });
  const previewed = performance.now();
  await confirm.click();
  await dashboard.getByRole('status').filter({ hasText: `Imported: ${count} new, 0 updated` }).waitFor({ timeout: TIMEOUT_MS });
  const written = performance.now();
  await dashboard.getByRole('heading', { name: `Annotated discussions (${count})` }).waitFor({ timeout: TIMEOUT_MS });
  await dashboard.locator('table.annotations tbody tr[data-key]').first().waitFor({ timeout: TIMEOUT_MS });
  return { previewed, written, shown: performance.now() };
}

/** A fresh profile with the Wikipedia demo page served (for the lookups) and its dashboard open, empty. */
async function freshDashboard(): Promise<{ launched: Launched; dashboard: Page }> {
  const launched = await launch({ pages: [DEMO_PAGES[0]] });
  const dashboard = await openExtensionPage(launched, 'options.html');
  await dashboard.getByText('Nothing annotated yet.', { exact: false }).waitFor({ timeout: 30_000 });
  await dashboard.waitForTimeout(500);
  return { launched, dashboard };
}

/**
 * `lookup-1000`'s baseline: the lookups with the first SMALL bench annotations imported, in the
 * bench browser the content figures used (its profile holds no annotation), which is then closed.
 */
async function smallLookups(dir: string, version: string, runs: number): Promise<LookupTimes> {
  const file = path.join(dir, `doneness-${SMALL}.json`);
  writeFileSync(file, serializeExport(buildExport(benchAnnotations(SMALL), version, new Date())));
  const browser = await sharedBenchBrowser();
  try {
    browser.serve(DEMO_PAGES[0].url, readFileSync(DEMO_PAGES[0].file));
    const dashboard = await openExtensionPage(browser.launched, 'options.html');
    await dashboard.getByText('Nothing annotated yet.', { exact: false }).waitFor({ timeout: 30_000 });
    await importThroughDashboard(dashboard, file, SMALL);
    await dashboard.close();
    return await lookupsInNewTab(browser.launched, Array.from({ length: LOOKUP_KEYS }, (_, i) => keyOf(i)), runs);
  } finally {
    await closeSharedBenchBrowser();
  }
}

/**
 * One import and one export of `COUNT` annotations in a fresh profile; then, with `lookupRuns`,
 * the lookups of `lookup-1000` with those stored.
 */
async function runOnce(file: string, expected: string, dir: string, lookupRuns: number): Promise<{ importCost: Cost; exportCost: Cost; lookups: LookupTimes | null }> {
  const { launched, dashboard } = await freshDashboard();
  try {
    // Import: file input → preview → confirm, until the dashboard lists all of them.
    let watch = await watchPage(dashboard);
    const started = performance.now();
    const { previewed, written, shown } = await importThroughDashboard(dashboard, file, COUNT);
    await dashboard.waitForTimeout(SETTLE_MS);
    const importCost: Cost = {
      ...(await watch.stop()),
      wallMs: shown - started,
      steps: `preview ${seconds(previewed - started)}, write ${seconds(written - previewed)}, listed ${seconds(shown - written)}`,
    };

    // Export: the JSON download of everything, which must hold exactly what was imported.
    watch = await watchPage(dashboard);
    const exportStarted = performance.now();
    await dashboard.getByLabel('Export format').selectOption('json');
    const [download] = await Promise.all([
      dashboard.waitForEvent('download', { timeout: TIMEOUT_MS }),
      dashboard.getByRole('button', { name: 'Export', exact: true }).click(),
    ]);
    const saved = path.join(dir, 'exported.json');
    await download.saveAs(saved);
    const downloaded = performance.now();
    await dashboard.getByRole('status').filter({ hasText: `Exported ${COUNT} discussions.` }).waitFor({ timeout: TIMEOUT_MS });
    await dashboard.waitForTimeout(SETTLE_MS);
    const exportCost: Cost = { ...(await watch.stop()), wallMs: downloaded - exportStarted, steps: '' };
    const withoutTime = (text: string) => text.replace(/\n {2}"exportedAt": "[^"]*",\n/, '\n');
    const text = readFileSync(saved, 'utf8');
    rmSync(saved);
    if (withoutTime(text) !== withoutTime(expected)) {
      const count = (text.match(/\n {6}"threadKey": /g) ?? []).length;
      throw new Error(`the export of ${COUNT} imported annotations differs from the imported file (${count} annotations, ${text.length} characters)`);
    }
    // 1,000 keys spread evenly over all 100,000 stored ones.
    const spread = Array.from({ length: LOOKUP_KEYS }, (_, i) => keyOf(i * (COUNT / LOOKUP_KEYS) + (i % (COUNT / LOOKUP_KEYS))));
    const lookups = lookupRuns > 0 ? await lookupsInNewTab(launched, spread, lookupRuns) : null;
    return { importCost, exportCost, lookups };
  } finally {
    await launched.context.close();
    rmSync(launched.profileDir, { recursive: true, force: true });
  }
}

function figure(name: string, action: string, costs: Cost[]): FigureResult {
  const mid = (pick: (c: Cost) => number) => median(costs.map(pick));
  const runs = costs.length > 1 ? `; runs: longest task ${costs.map((c) => c.longestTaskMs.toFixed(0)).join('/')} ms` : '';
  const steps = costs.length === 1 && costs[0].steps ? ` (${costs[0].steps})` : '';
  return {
    name,
    value: mid((c) => c.longestTaskMs),
    baseline: BUDGET_MS,
    unit: 'ms',
    maxRatio: 1,
    against: `the ${BUDGET_MS} ms budget for a task on the dashboard (main-thread time)`,
    details:
      `${action} of ${COUNT.toLocaleString('en')} in ${seconds(mid((c) => c.wallMs))}${steps}, ` +
      `peak heap ${mid((c) => c.peakHeapMb).toFixed(0)} MB, longest task by the clock ${mid((c) => c.longestWallMs).toFixed(0)} ms ` +
      `(${mid((c) => c.longTasks)} over 50 ms), load average ${loadavg()[0].toFixed(1)}${runs}`,
  };
}

/**
 * Import and export of 100,000 annotations on the dashboard, and the lookup of 1,000 of them from
 * a page against the same lookup with 1,000 stored (issue 7).
 */
export const exportImportBench: Figure = {
  names: ['lookup-1000', 'export-100k', 'import-100k'],
  async run({ quick }) {
    const dir = mkdtempSync(path.join(tmpdir(), 'doneness-bench-io-'));
    try {
      const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      const lookupRuns = quick ? 5 : 15;
      const small = await smallLookups(dir, version, lookupRuns);
      const text = serializeExport(buildExport(benchAnnotations(COUNT), version, new Date()));
      const file = path.join(dir, `doneness-${COUNT}.json`);
      writeFileSync(file, text);
      const runs = [];
      for (let i = 0; i < (quick ? 1 : 3); i++) runs.push(await runOnce(file, text, dir, i === 0 ? lookupRuns : 0));
      return [
        lookupFigure(small, runs[0].lookups!, { small: SMALL, large: COUNT }),
        figure('export-100k', 'export', runs.map((r) => r.exportCost)),
        figure('import-100k', 'import', runs.map((r) => r.importCost)),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

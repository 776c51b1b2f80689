/**
 * Real Chromium for the content-script figures: the built extension with the bench host granted,
 * generated pages served from memory at `http://bench.doneness.test/...`, and the measures the
 * figures share: main-thread task time (DevTools protocol `Performance.getMetrics` TaskDuration)
 * before and after something is injected into a quiet page, the long tasks it caused, and the
 * JS heap after a forced garbage collection.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launch, type Launched } from '../../tests/e2e/harness';
import { contentScriptFile } from '../../protocol/keys';
import { contentScriptFor } from '../../services/shared/annotate-page';
import { median } from './figure';

export const BENCH_ORIGIN = 'http://bench.doneness.test';

/** A browser for the figures, serving pages from memory. */
export interface BenchBrowser {
  launched: Launched;
  /**
   * Adds or replaces a served page or asset: a path on the bench host (`/wiki/Talk:Bench`) or a
   * full URL of a real site (where the content script is declared and runs by itself).
   */
  serve(pathOrUrl: string, body: string | Buffer, contentType?: string): void;
  close(): Promise<void>;
}

/**
 * Starts Chromium with the extension, its permission for the bench host already granted (as if
 * the person had enabled the domain), so the content script can be injected on demand.
 */
export async function startBenchBrowser(): Promise<BenchBrowser> {
  const first = await launch({ pages: [] });
  const { extensionId, profileDir } = first;
  await first.context.close();
  const file = path.join(profileDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8'));
  const settings = prefs.extensions.settings[extensionId];
  const origins = [`${BENCH_ORIGIN}/*`];
  for (const key of ['granted_permissions', 'active_permissions']) settings[key].explicit_host = origins;
  settings.runtime_granted_permissions = { api: [], explicit_host: origins, manifest_permissions: [], scriptable_host: [] };
  writeFileSync(file, JSON.stringify(prefs));
  const launched = await launch({ profileDir, pages: [] });
  const bodies = new Map<string, { body: string | Buffer; contentType: string }>();
  const keyOf = (url: URL) => url.origin + url.pathname;
  await launched.context.route(
    (url) => url.origin === BENCH_ORIGIN || bodies.has(keyOf(url)),
    (route) => {
      const hit = bodies.get(keyOf(new URL(route.request().url())));
      return hit ? route.fulfill({ status: 200, contentType: hit.contentType, body: hit.body }) : route.fulfill({ status: 404, body: '' });
    },
  );
  return {
    launched,
    serve(pathOrUrl, body, contentType = 'text/html; charset=utf-8') {
      bodies.set(keyOf(new URL(pathOrUrl, BENCH_ORIGIN)), { body, contentType });
    },
    close: () => launched.context.close(),
  };
}

let shared: Promise<BenchBrowser> | null = null;

/**
 * One bench browser for every figure module that asks (starting one takes two launches): the
 * modules run one after the other and each closes its own tabs. `closeSharedBenchBrowser` ends it.
 */
export function sharedBenchBrowser(): Promise<BenchBrowser> {
  shared ??= startBenchBrowser();
  return shared;
}

export async function closeSharedBenchBrowser(): Promise<void> {
  const browser = shared;
  shared = null;
  if (browser) await (await browser).close();
}

/** A page open in the bench browser with a DevTools session on it. */
export interface BenchPage {
  page: Page;
  cdp: CDPSession;
  url: string;
  close(): Promise<void>;
}

/** Opens `pathname` in a fresh tab and waits until the page has loaded and gone quiet. */
export async function openQuiet(browser: BenchBrowser, pathOrUrl: string): Promise<BenchPage> {
  const page = await browser.launched.context.newPage();
  const cdp = await browser.launched.context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const url = new URL(pathOrUrl, BENCH_ORIGIN).href;
  await page.goto(url, { waitUntil: 'load' });
  // Long tasks from here on: the page itself is idle, so any is caused by what is injected.
  await page.evaluate(() => {
    const w = window as unknown as { __benchLongTasks: number[] };
    w.__benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__benchLongTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  // Quiet enough to start from: nothing measured happens yet, so a shorter window than costOf's.
  await waitQuiet(cdp, { windowMs: 300 });
  return { page, cdp, url, close: () => page.close() };
}

/** Main-thread task time of the page's renderer so far, in milliseconds. */
export async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const m = metrics.find((x) => x.name === 'TaskDuration');
  if (!m) throw new Error('no TaskDuration metric');
  return m.value * 1000;
}

/** JS heap in use after a forced garbage collection, in bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((x) => x.name === 'JSHeapUsedSize')!.value;
}

/**
 * Waits until the page's main thread is quiet: less than `slackMs` of task time over `windowMs`
 * (timers that poll, like the content script's URL check, cost far less than that).
 */
export async function waitQuiet(cdp: CDPSession, options: { windowMs?: number; slackMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const { windowMs = 400, slackMs = 2, timeoutMs = 60_000 } = options;
  const deadline = Date.now() + timeoutMs;
  const samples: { at: number; ms: number }[] = [];
  for (;;) {
    const now = Date.now();
    samples.push({ at: now, ms: await taskMs(cdp) });
    while (samples.length > 1 && now - samples[1].at >= windowMs) samples.shift();
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (last.at - first.at >= windowMs && last.ms - first.ms < slackMs) return;
    if (now > deadline) throw new Error(`page never went quiet within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What injecting something into a quiet page cost. */
export interface Cost {
  /** Main-thread task time added until the page was quiet again. */
  taskMs: number;
  /**
   * The longest main-thread task from the injection on. From a trace when `trace` was asked for
   * (the page's own PerformanceObserver does not see tasks run for an extension's content
   * script), else from that observer (0 when no task reached 50 ms).
   */
  longestTaskMs: number;
  /**
   * With `attribute`: the longest task that ran the extension's own script (a script of a
   * chrome-extension:// URL was evaluated or called in it), 0 when none did.
   */
  ownLongestTaskMs?: number;
}

/** Median task time; the longest task of all runs; the longest task of the extension's script. */
export const medianCost = (costs: Cost[]): Cost => ({
  taskMs: median(costs.map((c) => c.taskMs)),
  longestTaskMs: Math.max(...costs.map((c) => c.longestTaskMs)),
  ownLongestTaskMs: Math.max(0, ...costs.map((c) => c.ownLongestTaskMs ?? 0)),
});

/** Task time and the longest task from `inject` until the page is quiet again. */
export async function costOf(target: BenchPage, inject: () => Promise<void>, options: { trace?: boolean; attribute?: boolean } = {}): Promise<Cost> {
  await target.page.evaluate(() => ((window as unknown as { __benchLongTasks: number[] }).__benchLongTasks = []));
  const events: TraceEvent[] = [];
  const onData = (e: { value: TraceEvent[] }) => void events.push(...e.value);
  const cdp = target.cdp as unknown as { on(event: string, f: (e: { value: TraceEvent[] }) => void): void; off(event: string, f: unknown): void };
  if (options.trace) {
    cdp.on('Tracing.dataCollected', onData);
    // 'toplevel' alone: the scheduler's task events, cheap enough not to change what is measured;
    // 'devtools.timeline' too when tasks are to be attributed: which script each call ran.
    const includedCategories = options.attribute ? ['toplevel', 'devtools.timeline'] : ['toplevel'];
    await target.cdp.send('Tracing.start', { traceConfig: { includedCategories }, transferMode: 'ReportEvents' });
  }
  const before = await taskMs(target.cdp);
  const startedAt = Date.now();
  await inject();
  await waitQuiet(target.cdp);
  const after = await taskMs(target.cdp);
  let longest: number;
  let ownLongest: number | undefined;
  if (options.trace) {
    const complete = new Promise((resolve) => target.cdp.once('Tracing.tracingComplete', resolve));
    await target.cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
    const tasks = rendererTasks(events, Date.now() - startedAt);
    longest = Math.max(0, ...tasks.map(threadMs));
    if (options.attribute) ownLongest = Math.max(0, ...extensionTasks(events, tasks).map(threadMs));
  } else {
    const longTasks = await target.page.evaluate(() => (window as unknown as { __benchLongTasks: number[] }).__benchLongTasks);
    longest = Math.max(0, ...longTasks);
  }
  return { taskMs: after - before, longestTaskMs: longest, ownLongestTaskMs: ownLongest };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; stackTrace?: { url?: string }[] } };
}

/**
 * The tasks on a renderer's main thread in a trace that covered the last `windowMs` (only the
 * measured page is busy then: extension pages are closed, the worker has its own thread).
 */
function rendererTasks(events: TraceEvent[], windowMs: number): TraceEvent[] {
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && mains.has(`${e.pid}:${e.tid}`));
  if (tasks.length === 0) return [];
  const end = Math.max(...tasks.map((e) => e.ts + (e.dur ?? 0)));
  return tasks.filter((e) => e.ts >= end - windowMs * 1000);
}

/**
 * A task's length: thread time (`tdur`) where the trace has it, as TaskDuration is; on a busy
 * machine a task's wall time also counts the time the system gave other processes.
 */
const threadMs = (task: TraceEvent): number => (task.tdur ?? task.dur ?? 0) / 1000;

/**
 * The tasks that ran the extension's own script: on the same thread, around a script evaluation
 * or a call (`EvaluateScript`, `FunctionCall`, timer and idle callbacks, observers) whose script,
 * or the first frame of whose stack, has a chrome-extension:// URL.
 */
function extensionTasks(events: TraceEvent[], tasks: TraceEvent[]): TraceEvent[] {
  const ours = (e: TraceEvent) => {
    const data = e.args?.data;
    const url = data?.url || data?.stackTrace?.[0]?.url || '';
    return url.startsWith('chrome-extension://');
  };
  const calls = events.filter((e) => e.ph === 'X' && ours(e));
  return tasks.filter((task) => {
    const end = task.ts + (task.dur ?? 0);
    return calls.some((c) => c.pid === task.pid && c.tid === task.tid && c.ts >= task.ts && c.ts < end);
  });
}

/**
 * Runs the extension's content script in the tab showing `url`, as "enable this domain" would
 * once it read the page's fingerprint: the script of the URL's site family; off the built-in
 * hosts the bench serves MediaWiki talk pages, so the wiki family's.
 */
export async function injectContentScript(browser: BenchBrowser, url: string): Promise<void> {
  await browser.launched.worker.evaluate(async ({ pageUrl, file }) => {
    const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const tabs = await api.tabs.query({ url: pageUrl });
    if (tabs.length !== 1) throw new Error(`expected one tab at ${pageUrl}, found ${tabs.length}`);
    await api.scripting.executeScript({ target: { tabId: tabs[0].id }, files: [file] });
  }, { pageUrl: url, file: contentScriptFor(url) ?? contentScriptFile('wiki') });
}

/** Asks the content script in the tab at `url` for the threads it found. */
export async function listThreads(browser: BenchBrowser, url: string): Promise<{ key: string }[]> {
  return browser.launched.worker.evaluate(async (pageUrl) => {
    const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const tabs = await api.tabs.query({ url: pageUrl });
    const answer = (await api.tabs.sendMessage(tabs[0].id, { type: 'listThreads' })) as { ok: boolean; value: { key: string }[] };
    if (!answer?.ok) throw new Error('listThreads failed');
    return answer.value;
  }, url);
}

interface ChromeApi {
  tabs: { query(q: object): Promise<{ id: number }[]>; sendMessage(tabId: number, message: unknown): Promise<unknown> };
  scripting: { executeScript(options: object): Promise<unknown> };
}

/**
 * The badge hosts in or near the viewport against the headings there: every heading within
 * `marginPx` of the viewport must hold a badge.
 */
export async function viewportCoverage(page: Page, headingSelector: string, marginPx: number): Promise<{ headings: number; badged: number }> {
  return page.evaluate(
    ({ selector, margin }) => {
      let headings = 0;
      let badged = 0;
      for (const h of Array.from(document.querySelectorAll(selector))) {
        const r = h.getBoundingClientRect();
        if (r.height === 0 || r.bottom < -margin || r.top > innerHeight + margin) continue;
        headings++;
        if (h.querySelector('[data-doneness-badge]')) badged++;
      }
      return { headings, badged };
    },
    { selector: headingSelector, margin: marginPx },
  );
}

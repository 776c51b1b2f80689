/**
 * Scan scheduling: finding threads costs main-thread time, so a big page is scanned in slices of
 * about SLICE_MS with the page free in between (in idle time where the browser has it), a newer
 * scan replaces one still running, and long lists of work (anchors to watch) are handed out in
 * slices too.
 */
import type { ScanResult, SiteRegistry } from '../sites/registry';
import { advance } from '../sites/steps';

/** Longest stretch of scanning before the page gets the main thread back. */
export const SLICE_MS = 12;

type View = (Window & typeof globalThis) | null;

/** Gives the page the main thread back, then goes on (in idle time where the browser has it). */
export function later(view: View, run: (budgetMs: number) => void): void {
  if (view?.requestIdleCallback) view.requestIdleCallback((idle) => run(Math.min(SLICE_MS, Math.max(4, idle.timeRemaining()))), { timeout: 250 });
  else setTimeout(() => run(SLICE_MS), 0);
}

/**
 * A queue worked through about SLICE_MS at a time, with the page free in between (registering
 * thousands of anchors with an IntersectionObserver at once is itself a long task on an archive).
 */
export function slicedQueue<T>(view: View, each: (item: T) => void, signal: AbortSignal) {
  let items: T[] = [];
  let running = false;
  const run = (budgetMs = SLICE_MS): void => {
    if (signal.aborted) return;
    const deadline = performance.now() + budgetMs;
    let i = 0;
    for (; i < items.length; i++) {
      if (i % 100 === 99 && performance.now() > deadline) break;
      each(items[i]);
    }
    items = items.slice(i);
    running = items.length > 0;
    if (running) later(view, run);
  };
  return {
    push: (item: T) => void items.push(item),
    /** Starts working through the queue unless it is already under way. */
    start: () => {
      if (!running && items.length) run();
    },
  };
}

/** What a scanner needs from the content script. */
export interface ScanOptions {
  doc: Document;
  /** The adapters of this content script's site family. */
  sites: SiteRegistry;
  currentUrl: () => string;
  /** Whether the site is switched on; a switched-off site is not scanned. */
  enabled: () => boolean;
  /** "Annotate this page": the whole page counts as a discussion too. */
  wholePage: () => boolean;
  /** Applies a finished scan in steps (yielding between slices); answers the keys to look up. */
  apply: (found: ScanResult) => Generator<void, string[]>;
  warn: (error: unknown) => void;
  signal: AbortSignal;
}

const NOTHING: ScanResult = { site: null, threads: [], scopes: null };

/** Schedules scans of the page (everywhere, or where it changed). */
export function scanScheduler({ doc, sites, currentUrl, enabled, wholePage, apply, warn, signal }: ScanOptions) {
  const view = doc.defaultView as View;
  /** The scan in progress, if it had to be spread over several tasks. */
  let scanning: { cancelled: boolean } | null = null;
  signal.addEventListener('abort', () => scanning && (scanning.cancelled = true), { once: true });

  /**
   * Finds threads (everywhere, or where the page changed), applies them and hands the keys to
   * look up to `done`. A small page or a changed region is scanned at once; a big page in slices
   * of about SLICE_MS. A newer scan replaces one still running (as a whole-page scan: the old one
   * may have passed the changed part already).
   */
  function scan(roots: readonly Element[] | null, done: (fresh: string[]) => void, now = false): void {
    if (!enabled() || signal.aborted) return;
    if (scanning) {
      scanning.cancelled = true;
      roots = null;
    }
    const token = { cancelled: false };
    scanning = token;
    let steps: Generator<void, ScanResult>;
    try {
      steps = sites.scanPageSteps(new URL(currentUrl()), doc, { wholePage: wholePage(), roots });
    } catch (error) {
      warn(error);
      steps = (function* () {
        return NOTHING;
      })();
    }
    /** Applying the finished scan, in steps too (a 50,000-thread archive is a long task at once). */
    let applying: Generator<void, string[]> | null = null;
    const run = (budgetMs: number) => {
      if (token.cancelled || !enabled()) return;
      const deadline = performance.now() + budgetMs;
      if (!applying) {
        let found: ScanResult | null = null;
        try {
          found = advance(steps, deadline)?.value ?? null;
        } catch (error) {
          warn(error);
          found = NOTHING;
        }
        if (!found) return later(view, run);
        applying = apply(found);
      }
      const fresh = advance(applying, deadline);
      if (!fresh) return later(view, run);
      scanning = null;
      done(fresh.value);
    };
    // A changed region is scanned at once (a feed shows its new posts' badges without delay), and
    // so is a page the person asked about (`now`); otherwise a whole page waits for idle time, so
    // the task that loads the script stays short.
    if (roots || now) run(SLICE_MS);
    else later(view, run);
  }

  return { scan };
}

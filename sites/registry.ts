/**
 * How a list of site adapters is run (STYLE.md habit 6): pick the adapter for a page by URL and
 * fingerprint, list its threads (whole page, in steps, or where the page changed), contain a
 * broken adapter (habit 4). `sites/index.ts` runs every adapter through it (the `doneness detect`
 * command, the tests); each content script runs only its site family (sites/families/), so a page
 * downloads only the adapters that can apply to it.
 */
import type { SiteId } from '../storage/schema';
import { reportAdapterError } from './errors';
import { genericAdapter, wholePageThread } from './generic';
import { belongsToPage } from './ownership';
import { runToEnd } from './steps';
import type { FoundThread, PageContext, PartialScan, SiteAdapter } from './types';

/** What detection found on a page: the site (null when no adapter applies) and its threads. */
export interface Detection {
  site: SiteId | null;
  threads: FoundThread[];
  /** Detection health: thread-like containers seen that had no evidence of their own (no badge). */
  unrecognised: number;
}

/** How a scan runs: on the whole page, or only where the page changed; with the page thread. */
export interface DetectOptions {
  /** The user chose "Annotate this page": the whole page is a discussion too. */
  wholePage?: boolean;
  /** Added or changed elements: adapters that can scan incrementally look only there. */
  roots?: readonly Element[] | null;
}

/** A detection that may cover only part of the page. */
export interface ScanResult extends Omit<Detection, 'unrecognised'> {
  /** As in Detection; for an incremental scan, only in the scanned places. */
  unrecognised?: number;
  /** Where an incremental scan looked; null when the whole page was scanned. */
  scopes: Element[] | null;
}

/** Detection over one list of adapters: what the content script and `detect` call. */
export interface SiteRegistry {
  /** The adapters, in the order they are tried (read on every call: tests may add one). */
  adapters: SiteAdapter[];
  /**
   * The adapter for a page: first one whose URL test and DOM fingerprint both match; else a
   * self-hosted one (`anyHost`) whose fingerprint alone matches (company wikis and forums live on
   * any host and path).
   */
  pickAdapter(url: URL, doc: Document): SiteAdapter | null;
  /**
   * Pick the adapter and list the threads of the page, or of the parts of it that changed; never
   * throws (a broken adapter finds nothing).
   */
  scanPage(url: URL, doc: Document, options?: DetectOptions): ScanResult;
  /**
   * `scanPage` in steps: a whole-page scan by an adapter that can slice its work yields between
   * slices, so the content script can run it in short tasks. Never throws.
   */
  scanPageSteps(url: URL, doc: Document, options?: DetectOptions): Generator<void, ScanResult>;
  /** Pick the adapter and list the page's threads; never throws (a broken adapter finds nothing). */
  detectThreads(url: URL, doc: Document, options?: Omit<DetectOptions, 'roots'>): Detection;
  /** The attributes whose changes can re-key a recycled node on this page's site. */
  watchedAttributes(site: SiteId | null): readonly string[];
}

function safely<T>(adapter: SiteAdapter, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    reportAdapterError(adapter.id, error);
    return fallback;
  }
}

function isThreadList(value: unknown): value is FoundThread[] {
  return Array.isArray(value);
}

function unrecognisedIn(scan: PartialScan): number {
  const n = scan.unrecognised;
  return typeof n === 'number' && n > 0 ? Math.floor(n) : 0;
}

/** Threads checked for their host between two yields of `scanPageSteps`. */
export const OWNERSHIP_SLICE = 500;

/** Detection over `adapters` (the generic fallback last; "Annotate this page" works with any list). */
export function siteRegistry(adapters: SiteAdapter[]): SiteRegistry {
  function pickAdapter(url: URL, doc: Document): SiteAdapter | null {
    for (const a of adapters) {
      if (safely(a, false, () => a.matchesUrl(url) && a.matchesDocument(doc))) return a;
    }
    for (const a of adapters) {
      if (a.anyHost && safely(a, false, () => a.matchesDocument(doc))) return a;
    }
    return null;
  }

  function* scanPageSteps(url: URL, doc: Document, options: DetectOptions = {}): Generator<void, ScanResult> {
    const adapter = pickAdapter(url, doc);
    const page: PageContext = { url, document: doc };
    let result: ScanResult = { site: adapter?.id ?? null, threads: [], scopes: null, unrecognised: 0 };
    // Adapters that scan incrementally do so; the others rescan the whole page, in steps if they can.
    if (adapter?.findThreadsSteps && !(options.roots && adapter.findThreadsIn)) {
      let threads: FoundThread[] = [];
      try {
        threads = yield* adapter.findThreadsSteps(page);
      } catch (error) {
        reportAdapterError(adapter.id, error);
      }
      result = { site: adapter.id, threads: isThreadList(threads) ? threads : [], scopes: null, unrecognised: 0 };
    } else if (adapter) {
      const incremental = options.roots && adapter.findThreadsIn;
      if (incremental) {
        const partial = safely(adapter, null, () => adapter.findThreadsIn!(page, options.roots!));
        // The changed elements are scopes too: a recycled node that is no post any more (an ad,
        // a placeholder) is no container the adapter finds, yet its old badge must go.
        result = partial && isThreadList(partial.threads) && Array.isArray(partial.scopes)
          ? { site: adapter.id, threads: partial.threads, scopes: [...partial.scopes, ...options.roots!], unrecognised: unrecognisedIn(partial) }
          : { site: adapter.id, threads: [], scopes: [], unrecognised: 0 };
      } else {
        const whole = safely(adapter, null, () => (adapter.scan ? adapter.scan(page) : { threads: adapter.findThreads!(page), scopes: [] }));
        const ok = whole && isThreadList(whole.threads);
        result = { site: adapter.id, threads: ok ? whole.threads : [], scopes: null, unrecognised: ok ? unrecognisedIn(whole) : 0 };
      }
    }
    if (options.wholePage) {
      const whole = safely(genericAdapter, null, () => wholePageThread(page));
      if (whole && !result.threads.some((t) => t.key === whole.key)) {
        result = { ...result, site: result.site ?? 'generic', threads: [whole, ...result.threads] };
      }
    }
    // A page names only its own discussions: never a thread of another host (sites/ownership.ts).
    // Checked in slices: 50,000 at once is a long task (issue 20 item 7).
    const own: FoundThread[] = [];
    for (let i = 0; i < result.threads.length; i++) {
      if (i % OWNERSHIP_SLICE === OWNERSHIP_SLICE - 1) yield;
      if (belongsToPage(result.threads[i], url)) own.push(result.threads[i]);
    }
    result.threads = own;
    return result;
  }

  const scanPage = (url: URL, doc: Document, options: DetectOptions = {}): ScanResult =>
    runToEnd(scanPageSteps(url, doc, options));

  return {
    adapters,
    pickAdapter,
    scanPage,
    scanPageSteps,
    detectThreads(url, doc, options = {}) {
      const { site, threads, unrecognised } = scanPage(url, doc, options);
      return { site, threads, unrecognised: unrecognised ?? 0 };
    },
    watchedAttributes: (site) => adapters.find((a) => a.id === site)?.watchedAttributes ?? [],
  };
}

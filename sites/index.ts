/**
 * The registry of site adapters (STYLE.md habits 1 and 6): every adapter is listed here once, and
 * the content script and the `doneness detect` command both pick and run adapters through it.
 */
import type { SiteId } from '../storage/schema';
import { confluenceAdapter } from './confluence';
import { discourseAdapter } from './discourse';
import { reportAdapterError } from './errors';
import { genericAdapter, wholePageThread } from './generic';
import { githubAdapter } from './github';
import { gitlabAdapter } from './gitlab';
import { jiraAdapter } from './jira';
import { linkedinAdapter } from './linkedin';
import { mediawikiAdapter } from './mediawiki';
import { belongsToPage } from './ownership';
import { runToEnd } from './steps';
import type { FoundThread, PageContext, SiteAdapter } from './types';
import { yammerAdapter } from './yammer';

/** Every site adapter, in the order they are tried; the generic fallback comes last. */
export const adapters: SiteAdapter[] = [
  mediawikiAdapter,
  yammerAdapter,
  linkedinAdapter,
  // Jira before Confluence: Jira Data Center pages carry Confluence's `ajs-context-path` too.
  jiraAdapter,
  confluenceAdapter,
  discourseAdapter,
  githubAdapter,
  gitlabAdapter,
  genericAdapter,
];

function safely<T>(adapter: SiteAdapter, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    reportAdapterError(adapter.id, error);
    return fallback;
  }
}

/**
 * The adapter for a page: first one whose URL test and DOM fingerprint both match; else a
 * self-hosted one (`anyHost`) whose fingerprint alone matches (company wikis and forums live on
 * any host and path).
 */
export function pickAdapter(url: URL, doc: Document): SiteAdapter | null {
  for (const a of adapters) {
    if (safely(a, false, () => a.matchesUrl(url) && a.matchesDocument(doc))) return a;
  }
  for (const a of adapters) {
    if (a.anyHost && safely(a, false, () => a.matchesDocument(doc))) return a;
  }
  return null;
}

/** What detection found on a page: the site (null when no adapter applies) and its threads. */
export interface Detection {
  site: SiteId | null;
  threads: FoundThread[];
}

/** How a scan runs: on the whole page, or only where the page changed; with the page thread. */
export interface DetectOptions {
  /** The user chose "Annotate this page": the whole page is a discussion too. */
  wholePage?: boolean;
  /** Added or changed elements: adapters that can scan incrementally look only there. */
  roots?: readonly Element[] | null;
}

/** A detection that may cover only part of the page. */
export interface ScanResult extends Detection {
  /** Where an incremental scan looked; null when the whole page was scanned. */
  scopes: Element[] | null;
}

function isThreadList(value: unknown): value is FoundThread[] {
  return Array.isArray(value);
}

/**
 * Pick the adapter and list the threads of the page, or of the parts of it that changed; never
 * throws (a broken adapter finds nothing).
 */
export function scanPage(url: URL, doc: Document, options: DetectOptions = {}): ScanResult {
  return runToEnd(scanPageSteps(url, doc, options));
}

/**
 * `scanPage` in steps: a whole-page scan by an adapter that can slice its work yields between
 * slices, so the content script can run it in short tasks. Never throws.
 */
export function* scanPageSteps(url: URL, doc: Document, options: DetectOptions = {}): Generator<void, ScanResult> {
  const adapter = pickAdapter(url, doc);
  const page: PageContext = { url, document: doc };
  let result: ScanResult = { site: adapter?.id ?? null, threads: [], scopes: null };
  // Adapters that scan incrementally do so; the others rescan the whole page, in steps if they can.
  if (adapter?.findThreadsSteps && !(options.roots && adapter.findThreadsIn)) {
    let threads: FoundThread[] = [];
    try {
      threads = yield* adapter.findThreadsSteps(page);
    } catch (error) {
      reportAdapterError(adapter.id, error);
    }
    result = { site: adapter.id, threads: isThreadList(threads) ? threads : [], scopes: null };
  } else if (adapter) {
    const incremental = options.roots && adapter.findThreadsIn;
    if (incremental) {
      const partial = safely(adapter, null, () => adapter.findThreadsIn!(page, options.roots!));
      // The changed elements are scopes too: a recycled node that is no post any more (an ad,
      // a placeholder) is no container the adapter finds, yet its old badge must go.
      result = partial && isThreadList(partial.threads) && Array.isArray(partial.scopes)
        ? { site: adapter.id, threads: partial.threads, scopes: [...partial.scopes, ...options.roots!] }
        : { site: adapter.id, threads: [], scopes: [] };
    } else {
      const threads = safely(adapter, [] as FoundThread[], () => adapter.findThreads(page));
      result = { site: adapter.id, threads: isThreadList(threads) ? threads : [], scopes: null };
    }
  }
  if (options.wholePage) {
    const whole = safely(genericAdapter, null, () => wholePageThread(page));
    if (whole && !result.threads.some((t) => t.key === whole.key)) {
      result = { ...result, site: result.site ?? 'generic', threads: [whole, ...result.threads] };
    }
  }
  // A page names only its own discussions: never a thread of another host (sites/ownership.ts).
  result.threads = result.threads.filter((t) => belongsToPage(t, url));
  return result;
}

/** Pick the adapter and list the page's threads; never throws (a broken adapter finds nothing). */
export function detectThreads(url: URL, doc: Document, options: Omit<DetectOptions, 'roots'> = {}): Detection {
  const { site, threads } = scanPage(url, doc, options);
  return { site, threads };
}

/** The attributes whose changes can re-key a recycled node on this page's site. */
export function watchedAttributes(site: SiteId | null): readonly string[] {
  return adapters.find((a) => a.id === site)?.watchedAttributes ?? [];
}

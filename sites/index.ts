/**
 * The registry of site adapters (STYLE.md habits 1 and 6): every adapter is listed here once, and
 * the content script and the `doneness detect` command both pick and run adapters through it.
 */
import type { SiteId } from '../storage/schema';
import { reportAdapterError } from './errors';
import { mediawikiAdapter } from './mediawiki';
import type { FoundThread, SiteAdapter } from './types';

/** Every site adapter, in the order they are tried. */
export const adapters: SiteAdapter[] = [mediawikiAdapter];

function safely<T>(adapter: SiteAdapter, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    reportAdapterError(adapter.id, error);
    return fallback;
  }
}

/**
 * The adapter for a page: first one whose URL test and DOM fingerprint both match; else one whose
 * fingerprint alone matches (self-hosted wikis and forums live on any host and path).
 */
export function pickAdapter(url: URL, doc: Document): SiteAdapter | null {
  for (const a of adapters) {
    if (safely(a, false, () => a.matchesUrl(url) && a.matchesDocument(doc))) return a;
  }
  for (const a of adapters) {
    if (a.id !== 'generic' && safely(a, false, () => a.matchesDocument(doc))) return a;
  }
  return null;
}

/** What detection found on a page: the site (null when no adapter applies) and its threads. */
export interface Detection {
  site: SiteId | null;
  threads: FoundThread[];
}

/** Pick the adapter and list the page's threads; never throws (a broken adapter finds nothing). */
export function detectThreads(url: URL, doc: Document): Detection {
  const adapter = pickAdapter(url, doc);
  if (!adapter) return { site: null, threads: [] };
  const threads = safely(adapter, [] as FoundThread[], () => adapter.findThreads({ url, document: doc }));
  return { site: adapter.id, threads: Array.isArray(threads) ? threads : [] };
}

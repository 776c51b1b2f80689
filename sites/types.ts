/**
 * The one interface every site adapter implements. The content script and the `doneness detect`
 * command both run adapters through it, so what the command prints is what the badges see.
 */
import type { NativeSignal, SiteId } from '../storage/schema';

/**
 * Where a thread's key came from (PRODUCT.md §2 "Evidence rule"), best first. A key comes only
 * from evidence that belongs to the thread itself:
 * - `own-id`: an id attribute on the thread's container or on its own header / update element
 *   (never one inside nested shared, quoted, embedded or recommended content);
 * - `own-permalink`: the thread's own permalink, in its header or on its timestamp;
 * - `page-url`: the page URL, on a page that shows one thread;
 * - `picked`: a block a person picked where no adapter recognised it (content/picked-anchors.ts).
 * Never links in a body, quotes, oneboxes, reshares, related/suggested lists or side rails. A
 * container with none of these gets no badge and counts as unrecognised (`PartialScan`).
 */
export const EVIDENCE = ['own-id', 'own-permalink', 'page-url', 'picked'] as const;
/** One of `EVIDENCE`; its index there is its rank (0 is the strongest). */
export type Evidence = (typeof EVIDENCE)[number];

/** One discussion found in the DOM, with the elements the content script decorates. */
export interface FoundThread {
  /** Thread key: `site:canonical-id` (PRODUCT.md §2), a pure function of URL + DOM. */
  key: string;
  /** Human title shown in lists (plain text, never HTML). */
  title: string;
  /** Permalink to the thread (for MediaWiki: page URL + `#` + section anchor). */
  url: string;
  /** What the page itself says: closed/resolved markers, replies, participants, last activity. */
  native: NativeSignal;
  /** The element the badge is placed into (appended at its end). */
  badgeAnchor: Element;
  /** Which of the thread's own evidence gave the key (`EVIDENCE`). */
  evidence: Evidence;
}

/** What an adapter needs to know about the page besides its DOM. */
export interface PageContext {
  url: URL;
  document: Document;
}

/** What an incremental scan found, and where it looked. */
export interface PartialScan {
  /** The threads in the scanned containers, in page order. */
  threads: FoundThread[];
  /**
   * The containers it looked at: a badge inside one of them that is not on a thread above is
   * stale (a recycled node now shows another post, or none).
   */
  scopes: Element[];
  /** Thread-like containers seen in those places that had no evidence of their own: no badge. */
  unrecognised?: number;
}

/** A site adapter: finds threads on pages of one family of sites. Must never throw. */
export interface SiteAdapter {
  id: SiteId;
  /**
   * Self-hosted software (MediaWiki, Confluence Server, Discourse) that lives on any host: the
   * registry also picks it by its DOM fingerprint alone, on hosts its URL test does not know.
   */
  anyHost?: boolean;
  /** Cheap URL test: may this adapter apply to pages at this URL? */
  matchesUrl(url: URL): boolean;
  /** DOM fingerprint: does this document look like a page of this site? */
  matchesDocument(doc: Document): boolean;
  /** Every thread currently in the document, in page order (adapters with `scan` need not). */
  findThreads?(page: PageContext): FoundThread[];
  /**
   * The whole-page scan with its health: the threads and how many thread-like containers could
   * not be keyed. Adapters without it are taken to recognise every container they see.
   */
  scan?(page: PageContext): PartialScan;
  /**
   * The same scan in steps, for pages that can be huge (talk-page archives): yields every few
   * hundred elements so the content script can spread it over short tasks. May throw.
   */
  findThreadsSteps?(page: PageContext): Generator<void, FoundThread[]>;
  /**
   * Feeds: the threads whose containers are, contain or lie inside these elements (added or
   * changed nodes), so a scan after a mutation costs what changed, not the whole page. Adapters
   * without it are rescanned whole.
   */
  findThreadsIn?(page: PageContext, roots: readonly Element[]): PartialScan;
  /**
   * Attributes whose change can give a recycled node another thread (links, ids): the content
   * script watches them besides added nodes.
   */
  watchedAttributes?: readonly string[];
}

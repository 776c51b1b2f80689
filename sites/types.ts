/**
 * The one interface every site adapter implements. The content script and the `doneness detect`
 * command both run adapters through it, so what the command prints is what the badges see.
 */
import type { NativeSignal, SiteId } from '../storage/schema';

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
  /** Every thread currently in the document, in page order. */
  findThreads(page: PageContext): FoundThread[];
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

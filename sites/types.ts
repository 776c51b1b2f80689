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

/** A site adapter: finds threads on pages of one family of sites. Must never throw. */
export interface SiteAdapter {
  id: SiteId;
  /** Cheap URL test: may this adapter apply to pages at this URL? */
  matchesUrl(url: URL): boolean;
  /** DOM fingerprint: does this document look like a page of this site? */
  matchesDocument(doc: Document): boolean;
  /** Every thread currently in the document, in page order. */
  findThreads(page: PageContext): FoundThread[];
}

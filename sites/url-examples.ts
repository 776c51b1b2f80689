/**
 * The shape of every site's URL table (STYLE.md habit 2): real-form URLs beside the pure
 * functions that read them, so one generated test loop checks each site's URLs positive for it
 * and negative for every other site.
 */
import type { SiteId } from '../storage/schema';

/** One example URL and what the site's pure URL functions must say about it. */
export interface UrlExample {
  url: string;
  /** Whether the site's adapter claims this URL (`matchesUrl`). */
  matches: boolean;
  /** The page part of the thread key (`site:…`, without `#anchor`), when the site defines one. */
  pageKey?: string | null;
  /** The permalink base (canonical page URL, without fragment), when the site defines one. */
  pageUrl?: string | null;
}

/** A site's URL table: its examples and the pure function under test. */
export interface UrlTable {
  site: SiteId;
  examples: UrlExample[];
  /** Page key from a URL alone (no DOM), or null when the URL names no page of this site. */
  pageKey?: (url: URL) => string | null;
  /** Canonical page URL from a URL alone, or null. */
  pageUrl?: (url: URL) => string | null;
}

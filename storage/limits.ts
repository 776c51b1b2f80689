/**
 * The constants of the stored shapes that code without zod needs too (the content script is kept
 * free of zod to stay small): the sites, the size limits and the thread-key rule. storage/schema.ts
 * builds its schemas from these, so there is one definition of each.
 */

/** Sites Doneness knows; the part of a thread key before the first colon. */
export const SITE_IDS = ['mediawiki', 'yammer', 'linkedin', 'confluence', 'discourse', 'github', 'gitlab', 'jira', 'generic', 'pick'] as const;

/** Limits that keep a hostile page, message or file from filling the database. */
export const LIMITS = {
  key: 2048,
  title: 500,
  url: 4096,
  issueText: 2000,
  longText: 20000,
  tag: 64,
  tags: 50,
  /** Entries of the tag set: a tag per member who added it, removed ones included. */
  tagEntries: 1000,
  issues: 500,
  history: 5000,
  keysPerLookup: 5000,
} as const;

/** Sizes of a picked discussion's W3C selectors (sites/anchoring/ writes them, storage checks them). */
export const PICK_LIMITS = {
  /** Characters of the quote: the block's first words. */
  exact: 160,
  /** Characters of page text kept before and after the quote. */
  context: 32,
  /** Characters of the CSS path. */
  css: 1000,
  /** Selectors in one target. */
  count: 3,
  /** Largest text offset (the page text indexed is capped well below). */
  offset: 100_000_000,
} as const;

/** Whether a thread key starts with a known site id and a colon and has something after it. */
export function hasSitePrefix(key: string): boolean {
  return SITE_IDS.some((id) => key.startsWith(id + ':') && key.length > id.length + 1);
}

/** The whole thread-key rule (what `ThreadKey` in storage/schema.ts checks). */
export function isThreadKey(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 3 && value.length <= LIMITS.key && hasSitePrefix(value) && hasCleanKeyText(value);
}

/**
 * Bounds of every stored time (milliseconds since 1970, and the wall part of clock stamps).
 * `max` keeps times inside what `Date` represents (and what a person could mean); `clockSkew` is
 * how far ahead of the receiving clock a record from elsewhere (an import, the team database) may
 * be: beyond it the record is refused (import, sync pull, and the design document's validator).
 * Records written here are never refused for their own times: the clock stamps roll over safely
 * (storage/hlc.ts) and impossible times are repaired on the next edit (storage/time-bounds.ts).
 */
export const TIME_LIMITS = {
  min: 0,
  /** 1 January 2200, 00:00 UTC. */
  max: 7_258_118_400_000,
  /** One day. */
  clockSkew: 86_400_000,
} as const;

/** Whether a YYYY-MM-DD text names a day of the calendar (no 2026-02-31, no 9999-99-99). */
export function isCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/**
 * Characters a thread key never holds: control characters (NUL and the rest of C0, DEL, C1),
 * bidirectional overrides and isolates (which make a key read differently than it compares), and
 * lone surrogates (not text at all). Keys come from URLs and ids, which never need them.
 */
const FORBIDDEN_IN_KEY = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a thread key holds only characters a key may hold. */
export function hasCleanKeyText(key: string): boolean {
  return !FORBIDDEN_IN_KEY.test(key);
}

/** The site id of a thread key (the part before the first colon), or null for none Doneness knows. */
export function siteOfKey(key: string): (typeof SITE_IDS)[number] | null {
  const id = key.slice(0, key.indexOf(':'));
  return (SITE_IDS as readonly string[]).includes(id) ? (id as (typeof SITE_IDS)[number]) : null;
}

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
  return typeof value === 'string' && value.length >= 3 && value.length <= LIMITS.key && hasSitePrefix(value);
}

/** The site id of a thread key (the part before the first colon), or null for none Doneness knows. */
export function siteOfKey(key: string): (typeof SITE_IDS)[number] | null {
  const id = key.slice(0, key.indexOf(':'));
  return (SITE_IDS as readonly string[]).includes(id) ? (id as (typeof SITE_IDS)[number]) : null;
}

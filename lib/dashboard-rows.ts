/**
 * The dashboard's rows as pure functions of the annotations: the compact row it keeps of each
 * annotation, filtering (site, band, open issues, due, tag, text), sorting, and the maturity
 * distribution the chart draws. Kept apart from the components so the exact rows a filter shows
 * are unit-tested; the dashboard's worker (services/worker/dashboard-index.ts) runs them.
 */
import { BANDS, bandOf, isDue, keptAfterDelete, visibleIssues, type Band } from '../storage/model';
import type { Annotation, SiteId } from '../storage/schema';

/** A band, or `unrated` for annotations with issues or notes but no maturity yet. */
export type BandOrUnrated = Band | 'unrated';
export const BAND_KEYS: readonly BandOrUnrated[] = [...BANDS, 'unrated'];

/** What the dashboard filters by; empty strings mean "any". */
export interface DashboardFilter {
  site: SiteId | '';
  band: BandOrUnrated | '';
  openIssues: '' | 'with' | 'without';
  due: '' | 'due' | 'notDue';
  tag: string;
  text: string;
}
export const NO_FILTER: DashboardFilter = { site: '', band: '', openIssues: '', due: '', tag: '', text: '' };

export type SortKey = 'title' | 'site' | 'maturity' | 'openIssues' | 'reviewOn' | 'updated';
export interface SortOrder {
  key: SortKey;
  dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: SortOrder = { key: 'updated', dir: 'desc' };

/** The band of an annotation, or `unrated`. */
export function bandKey(a: Pick<Annotation, 'maturity'>): BandOrUnrated {
  return a.maturity === null ? 'unrated' : bandOf(a.maturity);
}

/**
 * What the dashboard keeps of an annotation: the fields its table, filters, sort and chart read,
 * so 100,000 of them stay small (no history, stamps or issue texts).
 */
export interface DashboardRow {
  threadKey: string;
  site: SiteId;
  title: string;
  url: string;
  maturity: number | null;
  /** Open issues a person sees, and all issues a person sees (resolved included). */
  openIssues: number;
  totalIssues: number;
  tags: string[];
  reviewOn: string | null;
  updatedAt: number;
  assessedActivity: string | null;
  /** Deleted by this member, and kept by a teammate's edit they had not seen (docs/conflicts.md). */
  keptAfterDelete: { by: string; stamp: string } | null;
}

/** A row with the folded text a search looks in: kept where filtering runs, not sent to pages. */
export interface SearchableRow extends DashboardRow {
  search: string;
}

const fold = (s: string) => s.toLocaleLowerCase().normalize('NFKD');

/** The dashboard row of an annotation. */
export function dashboardRow(a: Annotation): SearchableRow {
  const issues = visibleIssues(a);
  return {
    threadKey: a.threadKey,
    site: a.site,
    title: a.title,
    url: a.url,
    maturity: a.maturity,
    openIssues: issues.filter((i) => i.status === 'open').length,
    totalIssues: issues.length,
    tags: a.tags,
    reviewOn: a.reviewOn,
    updatedAt: a.updatedAt,
    assessedActivity: a.assessedActivity,
    keptAfterDelete: keptAfterDelete(a),
    search: fold([a.title, a.threadKey, a.url, a.answer, a.note, ...a.tags, ...issues.map((i) => `${i.text} ${i.resolution}`)].join('\n')),
  };
}

/** The row without its search text, as pages receive it. */
export function shownRow({ search: _search, ...row }: SearchableRow): DashboardRow {
  return row;
}

const wordsOf = (text: string) => fold(text).split(/\s+/).filter(Boolean);

/** Whether one row passes every filter (`words`: the filter's text, folded and split). */
export function matches(a: SearchableRow, f: DashboardFilter, now: number, words = wordsOf(f.text)): boolean {
  if (f.site && a.site !== f.site) return false;
  if (f.band && bandKey(a) !== f.band) return false;
  if (f.openIssues && (f.openIssues === 'with' ? a.openIssues === 0 : a.openIssues > 0)) return false;
  if (f.due && isDue(a, now) !== (f.due === 'due')) return false;
  if (f.tag && !a.tags.includes(f.tag)) return false;
  return words.every((w) => a.search.includes(w));
}

/** The rows that pass the filter, in their given order. */
export function filterRows<T extends SearchableRow>(list: readonly T[], f: DashboardFilter, now: number): T[] {
  const words = wordsOf(f.text);
  return list.filter((a) => matches(a, f, now, words));
}

// One collator for every comparison: the same order as localeCompare, without its per-call setup.
let collator: Intl.Collator | null = null;
const compareText = (a: string, b: string) => (collator ??= new Intl.Collator()).compare(a, b);

function compare(a: DashboardRow, b: DashboardRow, key: SortKey): number {
  switch (key) {
    case 'title':
      return compareText(a.title || a.threadKey, b.title || b.threadKey);
    case 'site':
      return compareText(a.site, b.site);
    case 'maturity':
      // Unrated sorts below 0 %.
      return (a.maturity ?? -1) - (b.maturity ?? -1);
    case 'openIssues':
      return a.openIssues - b.openIssues;
    case 'reviewOn':
      // No date sorts after every date, in either direction of the rest.
      return compareText(a.reviewOn ?? '9999-99-99', b.reviewOn ?? '9999-99-99');
    case 'updated':
      return a.updatedAt - b.updatedAt;
  }
}

/** A sorted copy; ties fall back to the most recently updated first, then the key, so order is stable. */
export function sortRows<T extends DashboardRow>(list: readonly T[], order: SortOrder): T[] {
  const sign = order.dir === 'asc' ? 1 : -1;
  return [...list].sort(
    (a, b) => sign * compare(a, b, order.key) || b.updatedAt - a.updatedAt || compareText(a.threadKey, b.threadKey),
  );
}

/** Counts per band, overall and per site: what the distribution chart draws. */
export interface Distribution {
  total: number;
  byBand: Record<BandOrUnrated, number>;
  bySite: Array<{ site: SiteId; total: number; byBand: Record<BandOrUnrated, number> }>;
}

const zero = (): Record<BandOrUnrated, number> =>
  Object.fromEntries(BAND_KEYS.map((b) => [b, 0])) as Record<BandOrUnrated, number>;

/** The maturity distribution of some annotations, sites ordered by how many they have. */
export function distribution(list: readonly Pick<DashboardRow, 'site' | 'maturity'>[]): Distribution {
  const byBand = zero();
  const sites = new Map<SiteId, Record<BandOrUnrated, number>>();
  for (const a of list) {
    const band = bandKey(a);
    byBand[band] += 1;
    const site = sites.get(a.site) ?? zero();
    site[band] += 1;
    sites.set(a.site, site);
  }
  const bySite = [...sites]
    .map(([site, counts]) => ({ site, byBand: counts, total: BAND_KEYS.reduce((n, b) => n + counts[b], 0) }))
    .sort((a, b) => b.total - a.total || a.site.localeCompare(b.site));
  return { total: list.length, byBand, bySite };
}

/** Every tag in some annotations, alphabetically. */
export function tagsOf(list: readonly Pick<DashboardRow, 'tags'>[]): string[] {
  const tags = new Set<string>();
  for (const a of list) for (const tag of a.tags) tags.add(tag);
  return [...tags].sort(compareText);
}

/** Filters as a URL hash, so a filtered view survives reloads and can be bookmarked. */
export function filterToHash(f: DashboardFilter, sort: SortOrder): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  if (sort.key !== DEFAULT_SORT.key || sort.dir !== DEFAULT_SORT.dir) params.set('sort', `${sort.key}:${sort.dir}`);
  const s = params.toString();
  return s ? '#' + s : '';
}

const SORT_KEYS: readonly SortKey[] = ['title', 'site', 'maturity', 'openIssues', 'reviewOn', 'updated'];

/** Reads filters back from a hash; anything unknown falls back to "any". */
export function filterFromHash(hash: string, sites: readonly string[]): { filter: DashboardFilter; sort: SortOrder } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | '' =>
    value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : '';
  const [key, dir] = (p.get('sort') ?? '').split(':');
  return {
    filter: {
      site: pick(p.get('site'), sites as readonly SiteId[]),
      band: pick(p.get('band'), BAND_KEYS),
      openIssues: pick(p.get('openIssues'), ['with', 'without'] as const),
      due: pick(p.get('due'), ['due', 'notDue'] as const),
      tag: (p.get('tag') ?? '').slice(0, 64),
      text: (p.get('text') ?? '').slice(0, 200),
    },
    sort: {
      key: pick(key, SORT_KEYS) || DEFAULT_SORT.key,
      dir: dir === 'asc' || dir === 'desc' ? dir : DEFAULT_SORT.dir,
    },
  };
}

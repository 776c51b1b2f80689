/**
 * The dashboard page ↔ its worker (services/worker/dashboard-worker.ts): what the page asks
 * for (the view it shows) and what the worker answers (counts, chart, tags, a window of rows).
 * Both sides are extension code in one origin, passing structured clones: no zod needed.
 */
import type { DashboardFilter, DashboardRow, Distribution, SortOrder } from '../lib/dashboard-rows';

/** What the dashboard shows: its filter and sort, on the day of `now`, rows `offset`… `offset + limit`. */
export interface DashboardQuery {
  filter: DashboardFilter;
  sort: SortOrder;
  now: number;
  offset: number;
  limit: number;
}

/** What the dashboard draws for a query. */
export interface DashboardView {
  /** Annotations stored (deleted ones left out). */
  total: number;
  /** Those the filter shows. */
  shown: number;
  /** Every tag in use, for the tag filter. */
  tags: string[];
  /**
   * Discussions somebody deleted that a teammate's unseen edit kept (whatever the filter; the
   * page tells the person who deleted, docs/conflicts.md), at most KEPT_LIMIT.
   */
  kept: DashboardRow[];
  /** The maturity distribution of the shown rows. */
  distribution: Distribution;
  /** Where `rows` start among the shown rows (the query's offset, kept inside the list). */
  offset: number;
  rows: DashboardRow[];
}

/** The page's requests: the view it shows now (answered again on every change), or the shown keys. */
export type DashboardRequest = { type: 'view'; id: number; query: DashboardQuery } | { type: 'keys'; id: number; query: DashboardQuery };

/** The worker's answers; a view repeats the id of the query it answers. */
export type DashboardAnswer =
  | { type: 'view'; id: number; view: DashboardView }
  | { type: 'keys'; id: number; keys: string[] }
  | { type: 'error'; error: string };

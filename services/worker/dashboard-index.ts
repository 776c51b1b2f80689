/**
 * The dashboard's rows, kept in a worker beside the dashboard (services/worker/dashboard-worker.ts) so
 * that reading, filtering and sorting 100,000 annotations never blocks the page: the page says
 * what it shows (filter, sort, a window of rows) and receives only the counts, the chart's
 * numbers, the tags and the rows it draws. The copy follows the database through Dexie's
 * `storagemutated` event, which reaches every extension context: a write of a few annotations
 * (an edit in the side panel, a sync pass) re-reads those rows; a bulk write (an import, delete
 * all) re-reads them all. Kept apart from the worker's wiring so unit tests drive it.
 */
import Dexie, { type IntervalTree, type ObservabilitySet } from 'dexie';
import {
  dashboardRow,
  distribution,
  filterRows,
  shownRow,
  sortRows,
  tagsOf,
  type DashboardFilter,
  type DashboardRow,
  type Distribution,
  type SearchableRow,
  type SortOrder,
} from '../../lib/dashboard-rows';
import { isoDay } from '../../storage/model';
import type { Repository } from '../../storage/repository';
import type { DashboardQuery, DashboardView } from '../../protocol/dashboard';

/** Records read at once when every row is read again. */
const PAGE = 5000;
/** Kept-after-delete discussions sent to the page at most (each is a line of its notice). */
const KEPT_LIMIT = 50;
/** Keys read at once when changed rows are read again. */
const KEYS_PER_READ = 5000;

/**
 * The thread keys of a tree of changed primary keys from Dexie's `storagemutated`, or null when
 * it holds a range rather than single keys: Dexie reports a range for a write of 50 records or
 * more and for deletes by range, and then everything is read again.
 */
export function changedKeys(tree: IntervalTree): string[] | null {
  const keys: string[] = [];
  const stack = 'from' in tree ? [tree] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (typeof node.from !== 'string' || node.from !== node.to) return null;
    keys.push(node.from);
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return keys;
}

/** The rows of every live annotation, following the database, answering the dashboard's queries. */
export class DashboardIndex {
  private rows = new Map<string, SearchableRow>();
  private loaded: Promise<void>;
  private markLoaded!: () => void;
  /** Raised on every change of `rows`, so cached results know they are old. */
  private version = 0;
  private pending = { all: true, keys: new Set<string>() };
  private draining = false;
  private shownCache: { key: string; version: number; rows: SearchableRow[]; distribution: Distribution } | null = null;
  private tagsCache: { version: number; tags: string[]; kept: DashboardRow[] } | null = null;

  /**
   * `onChange` is called after each change of the rows (the first read included); `onError`
   * when reading fails (the rows stay as they were).
   */
  constructor(
    private readonly repository: Repository,
    private readonly onChange: () => void,
    private readonly onError: (error: unknown) => void = (error) => console.warn('[doneness] dashboard rows:', error),
  ) {
    this.loaded = new Promise((resolve) => (this.markLoaded = resolve));
  }

  /** Starts following the database and reads every row. */
  start(): void {
    Dexie.on('storagemutated', this.noteMutation);
    this.drain();
  }

  /** Stops following the database. */
  stop(): void {
    Dexie.on.storagemutated.unsubscribe(this.noteMutation);
  }

  /** Hears of a committed write in any extension context. */
  readonly noteMutation = (parts: ObservabilitySet): void => {
    const tree = parts[`idb://${this.repository.db.name}/annotations/`];
    if (!tree) return;
    const keys = changedKeys(tree);
    if (keys === null) this.pending.all = true;
    else for (const key of keys) this.pending.keys.add(key);
    this.drain();
  };

  /** Reads what changed, one batch after another, until nothing is left to read. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    void (async () => {
      while (this.pending.all || this.pending.keys.size) {
        const { all, keys } = this.pending;
        this.pending = { all: false, keys: new Set() };
        try {
          if (all) await this.readAll();
          else await this.readKeys([...keys]);
        } catch (error) {
          this.onError(error);
          continue;
        }
        this.version += 1;
        this.markLoaded();
        this.onChange();
      }
      this.draining = false;
    })();
  }

  private async readAll(): Promise<void> {
    const rows = new Map<string, SearchableRow>();
    for await (const page of this.repository.pages(PAGE)) {
      for (const a of page) if (!a.deleted) rows.set(a.threadKey, dashboardRow(a));
    }
    this.rows = rows;
  }

  private async readKeys(keys: string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += KEYS_PER_READ) {
      const part = keys.slice(start, start + KEYS_PER_READ);
      const stored = await this.repository.getMany(part);
      for (const key of part) {
        const found = stored.get(key);
        if (found) this.rows.set(key, dashboardRow(found));
        else this.rows.delete(key);
      }
    }
  }

  /** The rows a query shows, sorted; remembered until the rows or the query change. */
  private shown(query: DashboardQuery): { rows: SearchableRow[]; distribution: Distribution } {
    const key = JSON.stringify([query.filter, query.sort, isoDay(query.now)]);
    if (this.shownCache?.key !== key || this.shownCache.version !== this.version) {
      const rows = sortRows(filterRows([...this.rows.values()], query.filter, query.now), query.sort);
      this.shownCache = { key, version: this.version, rows, distribution: distribution(rows) };
    }
    return this.shownCache;
  }

  /** What the dashboard draws for a query; null until the rows were read once. */
  view(query: DashboardQuery): DashboardView | null {
    if (this.version === 0) return null;
    const shown = this.shown(query);
    if (this.tagsCache?.version !== this.version) {
      const all = [...this.rows.values()];
      const kept = all.filter((row) => row.keptAfterDelete).slice(0, KEPT_LIMIT).map(shownRow);
      this.tagsCache = { version: this.version, tags: tagsOf(all), kept };
    }
    const limit = Math.max(0, query.limit);
    const offset = Math.max(0, Math.min(query.offset, shown.rows.length - limit));
    return {
      total: this.rows.size,
      shown: shown.rows.length,
      tags: this.tagsCache.tags,
      kept: this.tagsCache.kept,
      distribution: shown.distribution,
      offset,
      rows: shown.rows.slice(offset, offset + limit).map(shownRow),
    };
  }

  /** The thread keys a query shows, in its order (for "export only the filtered rows"). */
  async keys(query: DashboardQuery): Promise<string[]> {
    await this.loaded;
    return this.shown(query).rows.map((row) => row.threadKey);
  }
}

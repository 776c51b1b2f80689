// The dashboard's rows in its worker: read once, then kept current by Dexie's storagemutated
// event (single rows re-read, bulk writes read again whole), answering windows of sorted rows.
import { RangeSet } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_FILTER } from '../../../../lib/dashboard-rows';
import { changedKeys, DashboardIndex } from '../../../../services/worker/dashboard-index';
import type { DashboardQuery } from '../../../../protocol/dashboard';
import { DonenessDb } from '../../../../storage/db';
import { canonical, mergeAnnotations } from '../../../../storage/merge';
import { applyEdit, tombstone } from '../../../../storage/model';
import { Repository } from '../../../../storage/repository';
import { annotate, ref } from '../../storage/exchange/sample';

const NOW = Date.UTC(2026, 5, 15, 12);
const query = (over: Partial<DashboardQuery> = {}): DashboardQuery => ({
  filter: NO_FILTER,
  sort: { key: 'updated', dir: 'desc' },
  now: NOW,
  offset: 0,
  limit: 200,
  ...over,
});

/** Thread i: rated (i * 10) % 110, tagged by parity, updated at i. */
const seeded = (i: number) =>
  canonical(annotate(ref(i), [{ kind: 'setMaturity', maturity: (i * 10) % 110 }, { kind: 'setTags', tags: [i % 2 ? 'odd' : 'even'] }], 1_700_000_000_000 + i * 1000));

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

async function until<T>(read: () => T, accept: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = read();
    if (accept(value)) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

async function started(count: number) {
  const db = new DonenessDb(`dashboard-${Math.random()}`);
  const repo = new Repository(db);
  await db.annotations.bulkPut(Array.from({ length: count }, (_, i) => seeded(i)));
  let changes = 0;
  const index = new DashboardIndex(repo, () => changes++);
  index.start();
  cleanup.push(async () => {
    index.stop();
    db.close();
    await db.delete();
  });
  await until(() => index.view(query()), (v) => v !== null);
  return { db, repo, index, changes: () => changes };
}

describe('the dashboard index', () => {
  it('answers counts, tags, the chart and a window of sorted rows without the search text', async () => {
    const { index } = await started(30);
    const view = index.view(query({ offset: 5, limit: 10 }))!;
    expect(view.total).toBe(30);
    expect(view.shown).toBe(30);
    expect(view.tags).toEqual(['even', 'odd']);
    expect(view.distribution.total).toBe(30);
    expect(view.offset).toBe(5);
    // Most recently updated first: threads 24 … 15.
    expect(view.rows.map((r) => r.threadKey)).toEqual(Array.from({ length: 10 }, (_, i) => ref(24 - i).key));
    expect(view.rows[0]).not.toHaveProperty('search');
    expect(view.rows[0]).toMatchObject({ maturity: (24 * 10) % 110, tags: ['even'], openIssues: 0, totalIssues: 0 });
  });

  it('keeps a window inside the list, and filters and sorts in the worker', async () => {
    const { index } = await started(30);
    const end = index.view(query({ offset: 28, limit: 10 }))!;
    expect(end.offset).toBe(20);
    expect(end.rows).toHaveLength(10);
    const odd = index.view(query({ filter: { ...NO_FILTER, tag: 'odd' }, sort: { key: 'maturity', dir: 'desc' } }))!;
    expect(odd.shown).toBe(15);
    expect(odd.total).toBe(30);
    expect(odd.rows.map((r) => r.maturity)).toEqual([...odd.rows.map((r) => r.maturity)].sort((a, b) => b! - a!));
    expect(odd.distribution.total).toBe(15);
    expect(await index.keys(query({ filter: { ...NO_FILTER, text: 'cake#t17' } }))).toEqual([ref(17).key]);
  });

  it('follows edits and deletes of single threads, and bulk writes', async () => {
    const { repo, index, changes } = await started(30);
    const before = changes();
    await repo.edit(ref(3), { kind: 'setMaturity', maturity: 95 }, { now: 1_800_000_000_000, by: 'Ada', lastActivity: null });
    let view = await until(() => index.view(query())!, (v) => v.rows[0].threadKey === ref(3).key);
    expect(view.rows[0].maturity).toBe(95);
    expect(changes()).toBeGreaterThan(before);

    await repo.remove(ref(4).key, 1_800_000_001_000);
    view = await until(() => index.view(query())!, (v) => v.total === 29);
    expect(view.rows.some((r) => r.threadKey === ref(4).key)).toBe(false);

    // 60 records in one write: Dexie reports a range, and every row is read again.
    await repo.importMerged(Array.from({ length: 60 }, (_, i) => seeded(100 + i)));
    view = await until(() => index.view(query())!, (v) => v.total === 89);
    expect(view.rows.slice(0, 2).map((r) => r.threadKey)).toEqual([ref(3).key, ref(159).key]);
  });

  it('stops following once stopped', async () => {
    const { repo, index } = await started(3);
    index.stop();
    await repo.put(seeded(50));
    await new Promise((r) => setTimeout(r, 100));
    expect(index.view(query())!.total).toBe(3);
  });
});

describe('changed keys of a storagemutated event', () => {
  it('lists single keys and gives up on ranges', () => {
    expect(changedKeys(new RangeSet().addKeys(['b', 'a', 'c']))?.sort()).toEqual(['a', 'b', 'c']);
    expect(changedKeys(new RangeSet())).toEqual([]);
    expect(changedKeys(new RangeSet('a', 'c'))).toBeNull();
    expect(changedKeys(new RangeSet(-Infinity, [[]]))).toBeNull();
    // Trees arrive from other contexts as plain objects.
    expect(changedKeys(structuredClone(new RangeSet().addKeys(['x', 'y'])))?.sort()).toEqual(['x', 'y']);
  });

  it('lists the discussions a delete did not remove because of a teammate’s unseen edit, with who deleted', async () => {
    const { db, index } = await started(3);
    const before = seeded(7);
    const deleted = tombstone(before, 1_800_000_000_000, 'ada');
    const edited = applyEdit(before, { kind: 'setNote', text: 'Bo was offline' }, { now: 1_800_000_000_500, by: 'Bo', memberId: 'bo', lastActivity: null });
    expect(index.view(query())!.kept).toEqual([]);
    await db.annotations.put(mergeAnnotations(deleted, edited));
    const view = await until(() => index.view(query()), (v) => v!.kept.length > 0);
    expect(view!.kept.map((r) => [r.threadKey, r.keptAfterDelete?.by])).toEqual([[ref(7).key, 'ada']]);
    expect(view!.kept[0]).not.toHaveProperty('search');
  });
});


/**
 * The background's in-memory badge facts never answer with a state the database no longer holds:
 * writes through the same instance are followed as they commit, writes from another context
 * (another instance on the same database) are noticed by the revision, aborted writes change
 * nothing. Also checks the copy saves reads, which is what it is for.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DonenessDb } from '../../../storage/db';
import { Repository } from '../../../storage/repository';
import { badgeStateOf, emptyAnnotation } from '../../../storage/model';
import { thread } from '../../support/threads';

const ref = (n: number) => thread(n);
const keys = [1, 2, 3].map((n) => ref(n).key);
const ctx = { now: 5000, by: 'Ada', lastActivity: null };
const NOW = Date.UTC(2026, 0, 15, 12);

let db: DonenessDb;
let other: DonenessDb;
let repo: Repository;

/** Maturity shown per key (undefined: no badge state). */
async function maturities(): Promise<Array<number | null | undefined>> {
  const states = await repo.badgeStates(keys, NOW);
  return keys.map((key) => states.get(key)?.maturity);
}

beforeEach(() => {
  const name = `badges-${Math.random()}`;
  db = new DonenessDb(name);
  // A second connection to the same database: another extension context (a page's import).
  other = new DonenessDb(name);
  repo = new Repository(db);
});
afterEach(async () => {
  other.close();
  db.close();
  await db.delete();
});

describe('BadgeCache through Repository.badgeStates', () => {
  it('answers the live annotations among the keys, with the day deciding "due"', async () => {
    await repo.edit(ref(1), { kind: 'setMaturity', maturity: 60 }, ctx);
    await repo.edit(ref(2), { kind: 'setReviewOn', date: '2026-01-15' }, ctx);
    const states = await repo.badgeStates(keys, NOW);
    expect([...states.keys()]).toEqual([keys[0], keys[1]]);
    expect(states.get(keys[0])).toEqual(badgeStateOf((await repo.get(keys[0]))!, NOW));
    expect(states.get(keys[1])?.due).toBe(true);
    expect((await repo.badgeStates(keys, Date.UTC(2026, 0, 10, 12))).get(keys[1])?.due).toBe(false);
  });

  it('reads nothing again for keys it has answered while nobody writes', async () => {
    await repo.edit(ref(1), { kind: 'setMaturity', maturity: 60 }, ctx);
    await maturities();
    const bulkGet = vi.spyOn(db.annotations, 'bulkGet');
    expect(await maturities()).toEqual([60, undefined, undefined]);
    expect(bulkGet).not.toHaveBeenCalled();
  });

  it('follows edits, deletes, imports and sync writes made through the same database', async () => {
    await repo.edit(ref(1), { kind: 'setMaturity', maturity: 60 }, ctx);
    expect(await maturities()).toEqual([60, undefined, undefined]);
    const bulkGet = vi.spyOn(db.annotations, 'bulkGet');
    /** Maturities as answered from the copy alone: no annotation is read for them. */
    const followed = async () => {
      bulkGet.mockClear();
      const answer = await maturities();
      expect(bulkGet).not.toHaveBeenCalled();
      return answer;
    };

    await repo.edit(ref(1), { kind: 'setMaturity', maturity: 80 }, ctx);
    await repo.edit(ref(3), { kind: 'setMaturity', maturity: 5 }, ctx);
    expect(await followed()).toEqual([80, undefined, 5]);

    await repo.remove(keys[0]);
    expect(await followed()).toEqual([undefined, undefined, 5]);

    await repo.importMerged([{ ...emptyAnnotation(ref(2), 6000), maturity: 40 }]);
    expect(await followed()).toEqual([undefined, 40, 5]);

    // The sync engine writes the table directly, as here.
    await db.annotations.bulkPut([{ ...(await repo.get(keys[2]))!, maturity: 100 }]);
    expect(await followed()).toEqual([undefined, 40, 100]);

    await repo.removeAll();
    expect(await followed()).toEqual([undefined, undefined, undefined]);
  });

  it('notices writes from another context by the revision', async () => {
    await repo.edit(ref(1), { kind: 'setMaturity', maturity: 60 }, ctx);
    expect(await maturities()).toEqual([60, undefined, undefined]);
    const elsewhere = new Repository(other);
    await elsewhere.edit(ref(1), { kind: 'setMaturity', maturity: 20 }, ctx);
    await elsewhere.importMerged([{ ...emptyAnnotation(ref(2), 6000), maturity: 45 }]);
    expect(await maturities()).toEqual([20, 45, undefined]);
    await other.annotations.clear();
    expect(await maturities()).toEqual([undefined, undefined, undefined]);
  });

  it('keeps the stored state when a write is rolled back', async () => {
    await repo.edit(ref(1), { kind: 'setMaturity', maturity: 60 }, ctx);
    expect(await maturities()).toEqual([60, undefined, undefined]);
    await expect(
      db.transaction('rw', db.annotations, async () => {
        await db.annotations.put({ ...(await repo.get(keys[0]))!, maturity: 95 });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await maturities()).toEqual([60, undefined, undefined]);
  });

  it('never keeps what a lookup read before a write that committed while it ran', async () => {
    await repo.edit(ref(1), { kind: 'setMaturity', maturity: 60 }, ctx);
    const during = repo.badgeStates(keys, NOW);
    const write = repo.edit(ref(2), { kind: 'setMaturity', maturity: 30 }, ctx);
    const [answered] = await Promise.all([during, write]);
    // The lookup saw one consistent moment: before the write or after it.
    expect([undefined, 30]).toContain(answered.get(keys[1])?.maturity);
    expect(await maturities()).toEqual([60, 30, undefined]);
  });

  it('counts every write transaction in the revision, also those of other contexts', async () => {
    const revision = async () => (await db.revisions.get('annotations'))?.revision ?? 0;
    expect(await revision()).toBe(0);
    await repo.edit(ref(1), { kind: 'setMaturity', maturity: 60 }, ctx);
    expect(await revision()).toBe(1);
    await other.annotations.bulkPut([{ ...emptyAnnotation(ref(2), 1), maturity: 10 }]);
    await other.annotations.delete(keys[1]);
    expect(await revision()).toBe(3);
    // Writes of other tables leave it alone.
    await repo.saveSettings({ unassessedBadge: 'hidden', displayName: 'Ada' });
    expect(await revision()).toBe(3);
  });
});

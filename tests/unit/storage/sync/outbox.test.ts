// The outbox's counts, read a page of rows at a time (more rows than one page here).
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DonenessDb } from '../../../../storage/db';
import { pendingCounts, SYNC_TARGET_KEY } from '../../../../storage/sync/outbox';
import { Repository } from '../../../../storage/repository';
import { by, thread } from './clients';

let db: DonenessDb;
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('pendingCounts', () => {
  it('counts waiting and refused threads over several pages, and stays live', async () => {
    db = new DonenessDb(`outbox-${Math.random()}`);
    expect(await pendingCounts(db)).toEqual({ pending: 0, blocked: 0 });
    await db.outbox.bulkPut(
      Array.from({ length: 5_001 }, (_, i) => ({ threadKey: `mediawiki:t/${i}`, token: `t${i}`, ...(i % 1000 === 0 ? { blocked: 'refused' } : {}) })),
    );
    expect(await pendingCounts(db)).toEqual({ pending: 4_995, blocked: 6 });
    // As the dashboard uses it: a live query that hears of later writes.
    const seen: Array<{ pending: number; blocked: number }> = [];
    const subscription = liveQuery(() => pendingCounts(db)).subscribe((value) => seen.push(value));
    await expect.poll(() => seen.at(-1)).toEqual({ pending: 4_995, blocked: 6 });
    await db.outbox.put({ threadKey: 'mediawiki:t/9999', token: 'x' });
    await expect.poll(() => seen.at(-1)).toEqual({ pending: 4_996, blocked: 6 });
    subscription.unsubscribe();
  });

  it('counts edits, not threads: 20 edits of 3 threads are 20 changes waiting (issue 21)', async () => {
    db = new DonenessDb(`outbox-${Math.random()}`);
    const repo = new Repository(db);
    await db.syncState.put({ key: SYNC_TARGET_KEY, value: 'x' } as never);
    for (let i = 0; i < 20; i++) await repo.edit(thread(i % 3), { kind: 'setNote', text: `note ${i}` }, by('Ada', 1_000 + i));
    expect(await db.outbox.count()).toBe(3);
    expect(await pendingCounts(db)).toEqual({ pending: 20, blocked: 0 });
  });
});

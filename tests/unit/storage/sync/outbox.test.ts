// The outbox's counts, read a page of rows at a time (more rows than one page here).
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DonenessDb } from '../../../../storage/db';
import { pendingCounts } from '../../../../storage/sync/outbox';

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
});

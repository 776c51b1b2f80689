/**
 * The outbox of team sync: one row per thread whose local copy the team database has not
 * received. Every local write of an annotation calls `enqueue` inside its own read-write
 * transaction, so a write and its outbox entry commit together or not at all, and the outbox
 * survives a service-worker restart (it lives in IndexedDB, not in memory). One exception: an
 * import into a profile that never used a team database queues nothing (`everTargeted`), since
 * the first sync queues every record anyway (SyncEngine.prepareTarget).
 */
import type { Collection } from 'dexie';
import type { DonenessDb, OutboxRow } from '../db';

/** The `syncState` row naming the team database this profile syncs with (set on first use). */
export const SYNC_TARGET_KEY = 'target';

/**
 * Whether this profile ever prepared a team database (sync configured at least once). Read it in
 * the write's own transaction, with `db.syncState` in its scope: preparing a target runs in a
 * transaction over the same tables, so the two never interleave.
 */
export async function everTargeted(db: DonenessDb): Promise<boolean> {
  return (await db.syncState.get(SYNC_TARGET_KEY)) !== undefined;
}

let counter = 0;
const prefix = Math.random().toString(36).slice(2, 8);

/** A token unique to one enqueue (per context and time), so a push clears only what it sent. */
function newToken(): string {
  counter = (counter + 1) % 1_679_616;
  return `${Date.now().toString(36)}.${prefix}.${counter.toString(36)}`;
}

/**
 * Marks threads as changed locally. Must run inside a Dexie read-write transaction that
 * includes `db.outbox` (Dexie refuses otherwise, so a forgotten table fails loudly in tests).
 * A new token replaces the old one and clears a `blocked` reason: the new write may be accepted.
 */
export async function enqueue(db: DonenessDb, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const unique = [...new Set(keys)];
  const old = await db.outbox.bulkGet(unique);
  await db.outbox.bulkPut(unique.map((threadKey, i) => ({ threadKey, token: newToken(), edits: (old[i] ? (old[i]!.edits ?? 1) : 0) + 1 })));
}

/** Outbox rows read at once by `pendingCounts`. */
const COUNT_PAGE = 2000;

/**
 * How many edits wait to be sent (the dashboard's "Changes waiting to be sent"; edits of threads
 * the server refused are counted apart). The dashboard
 * counts these in a live query, after an import of 100,000 too, so rows are read in pages (a
 * cursor costs the page a task per row) inside an explicit transaction, which Dexie's live-query
 * cache leaves alone (it would copy every row it returns).
 */
export function pendingCounts(db: DonenessDb): Promise<{ pending: number; blocked: number }> {
  return db.transaction('r', db.outbox, async () => {
    let pending = 0;
    let blocked = 0;
    let last: string | null = null;
    for (;;) {
      const from: Collection<OutboxRow, string> = last === null ? db.outbox.orderBy(':id') : db.outbox.where(':id').above(last);
      const page: OutboxRow[] = await from.limit(COUNT_PAGE).toArray();
      for (const row of page) {
        if (row.blocked) blocked += row.edits ?? 1;
        else pending += row.edits ?? 1;
      }
      if (page.length < COUNT_PAGE) return { pending, blocked };
      last = page[page.length - 1].threadKey;
    }
  });
}

/**
 * Test clients for sync: each is a browser profile's local database (fake IndexedDB, its own
 * name and member id) with a repository and a sync engine against one server.
 */
import { DonenessDb } from '../../../../storage/db';
import { Repository } from '../../../../storage/repository';
import type { Annotation } from '../../../../storage/schema';
import { CouchClient, type CouchTarget } from '../../../../storage/sync/couch';
import { SyncEngine, type EngineOptions, type PassReport } from '../../../../storage/sync/engine';

export interface TestClient {
  name: string;
  db: DonenessDb;
  repo: Repository;
  engine: SyncEngine;
  pass(): Promise<PassReport>;
  /** Every record (tombstones included), by key, for comparing clients. */
  records(): Promise<Record<string, Annotation>>;
  close(): Promise<void>;
}

let serial = 0;

export function makeClient(
  name: string,
  target: CouchTarget,
  options: EngineOptions & { timeoutMs?: number; author?: string | null; fetch?: typeof fetch; maxAnswerBytes?: number } = {},
): TestClient {
  serial += 1;
  const db = new DonenessDb(`sync-${name}-${serial}-${Math.random()}`);
  const repo = new Repository(db);
  const client = new CouchClient(target, { timeoutMs: options.timeoutMs, fetch: options.fetch, maxAnswerBytes: options.maxAnswerBytes });
  const engine = new SyncEngine(db, client, options.author ?? null, { log: () => undefined, ...options });
  return {
    name,
    db,
    repo,
    engine,
    pass: () => engine.pass(),
    async records() {
      const all = await db.annotations.toArray();
      return Object.fromEntries(all.map((a) => [a.threadKey, a]));
    },
    async close() {
      db.close();
      await db.delete();
    },
  };
}

export { thread } from '../../../support/threads';

/** Edit context of a person at a time. */
export const by = (name: string, now: number) => ({ now, by: name, lastActivity: null });

/**
 * Runs passes on every client, round after round, until all outboxes are empty and a round
 * changed nothing anywhere; fails after `maxRounds` (a sign the clients do not converge).
 */
export async function syncUntilQuiet(clients: TestClient[], maxRounds = 12, onError?: (e: unknown) => void): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    let activity = 0;
    for (const c of clients) {
      try {
        const report = await c.pass();
        activity += report.changed.length + report.pushed;
      } catch (error) {
        if (!onError) throw error;
        onError(error);
        activity += 1;
      }
    }
    const pending = await Promise.all(clients.map((c) => c.db.outbox.count()));
    if (activity === 0 && pending.every((n) => n === 0)) return round;
  }
  throw new Error(`no convergence after ${maxRounds} rounds`);
}

// @vitest-environment node
/**
 * Sync through a fault-injecting proxy: connections dropped before and after the server applied
 * a batch, 500s, answers slower than the client's time limit, storms of 409s (applied or not),
 * duplicated, reordered and replayed changes, truncated bodies. Three signed-in profiles keep
 * editing the same discussions; they must still converge on the join (merge) of every state any
 * of them ever had: nothing lost, nothing invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeAnnotations } from '../../../../storage/merge';
import { visibleIssues } from '../../../../storage/model';
import type { Annotation } from '../../../../storage/schema';
import { SyncError } from '../../../../storage/sync/couch';
import { startCouchServer, type CouchServer } from '../../../support/sync/couch-server';
import { startFaultProxy, type Fault, type FaultProxy } from '../../../support/sync/fault-proxy';
import { by, makeClient, thread, type TestClient } from './clients';

let server: CouchServer;
const ADMIN = { user: 'admin', password: 'admin-secret' };

beforeAll(async () => {
  server = await startCouchServer({ admin: ADMIN });
  for (const name of ['alice', 'bob', 'carol']) await server.createUser(name, `${name}-pw`);
});
afterAll(async () => {
  await server.close();
});

/** A seeded generator for the edits (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function runScenario(proxy: FaultProxy, db: string, seed: number) {
  await server.createDb(db);
  const security = await server.adminRequest('PUT', `/${db}/_security`, {
    admins: { names: [], roles: [] },
    members: { names: ['alice', 'bob', 'carol'], roles: [] },
  });
  expect(security.status).toBe(200);
  const clients: TestClient[] = ['alice', 'bob', 'carol'].map((name) =>
    makeClient(name, { url: proxy.url, db, auth: { kind: 'basic', user: name, password: `${name}-pw` } }, {
      timeoutMs: 250,
      attempts: 3,
      backoffMs: 2,
      pushBatch: 7,
      changesLimit: 9,
      author: name,
    }),
  );
  for (const c of clients) await c.repo.saveSettings({ unassessedBadge: 'faint', displayName: c.name, memberId: c.name });
  const random = prng(seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  let clock = 10_000;
  let issueSerial = 0;
  /** Every state any profile ever had, per thread: what the end state must be the join of. */
  const seen = new Map<string, Annotation>();
  const remember = (a: Annotation) => seen.set(a.threadKey, seen.has(a.threadKey) ? mergeAnnotations(seen.get(a.threadKey)!, a) : a);
  const errors: string[] = [];
  const tolerate = (error: unknown) => {
    // Only transient trouble may surface; anything else is a bug.
    if (!(error instanceof SyncError) || !['unreachable', 'timeout', 'server', 'badAnswer'].includes(error.kind)) throw error;
    errors.push(error.kind);
  };

  async function randomEdit(c: TestClient) {
    const t = thread(Math.floor(random() * 8));
    const current = await c.repo.get(t.key);
    const issues = current ? visibleIssues(current) : [];
    const ctx = by(c.name, (clock += Math.floor(random() * 3)));
    const roll = random();
    if (roll < 0.05 && current) {
      await c.repo.remove(t.key, ctx.now);
      remember((await c.repo.getRecord(t.key))!);
      return;
    }
    const op =
      roll < 0.35 ? { kind: 'setMaturity' as const, maturity: Math.floor(random() * 21) * 5 }
      : roll < 0.55 || issues.length === 0 ? { kind: 'addIssue' as const, id: `i${++issueSerial}`, text: `issue ${issueSerial} by ${c.name}` }
      : roll < 0.65 ? { kind: 'resolveIssue' as const, id: pick(issues).id, resolution: `fixed by ${c.name}` }
      : roll < 0.75 ? { kind: 'editIssue' as const, id: pick(issues).id, text: `edited by ${c.name} at ${ctx.now}` }
      : roll < 0.82 ? { kind: 'deleteIssue' as const, id: pick(issues).id }
      : roll < 0.92 ? { kind: 'setNote' as const, text: `note of ${c.name} at ${ctx.now}` }
      : { kind: 'setTags' as const, tags: [c.name, `t${Math.floor(random() * 4)}`] };
    remember(await c.repo.edit(t, op, ctx));
  }

  for (let round = 0; round < 8; round++) {
    for (const c of clients) for (let i = 0; i < 4; i++) await randomEdit(c);
    for (const c of clients) await c.pass().then(() => undefined, tolerate);
  }
  // Keep syncing with the faults still on until every profile has the join of all states.
  const expected = Object.fromEntries([...seen].sort(([a], [b]) => (a < b ? -1 : 1)));
  const sorted = (r: Record<string, Annotation>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
  let rounds = 0;
  for (; rounds < 80; rounds++) {
    const states = await Promise.all(clients.map((c) => c.records().then(sorted)));
    const pending = await Promise.all(clients.map((c) => c.db.outbox.count()));
    if (pending.every((n) => n === 0) && states.every((s) => JSON.stringify(s) === JSON.stringify(expected))) break;
    for (const c of clients) await c.pass().then(() => undefined, tolerate);
  }
  const states = await Promise.all(clients.map((c) => c.records().then(sorted)));
  for (const s of states) expect(s).toEqual(expected);
  expect(rounds).toBeLessThan(80);
  await Promise.all(clients.map((c) => c.close()));
  return { errors, expected };
}

describe('sync through a faulty network', () => {
  const cases: Array<[string, Fault[]]> = [
    ['dropped connections, 500s, slow answers and truncated bodies', ['dropBefore', 'dropAfter', 'error500', 'slow', 'garbled']],
    ['storms of 409s, applied or not', ['conflictStorm', 'conflictApplied']],
    ['duplicated, reordered and replayed changes', ['duplicateChanges', 'replayChanges']],
    ['all of them at once', ['dropBefore', 'dropAfter', 'error500', 'slow', 'garbled', 'conflictStorm', 'conflictApplied', 'duplicateChanges', 'replayChanges']],
  ];
  it.each(cases)('converges with nothing lost: %s', async (_name, faults) => {
    const proxy = await startFaultProxy({ target: server.url, rate: 0.3, faults, slowMs: 600, seed: faults.length * 7 + 1 });
    try {
      const { expected } = await runScenario(proxy, `faults-${faults.length}-${Date.now()}`, faults.length);
      expect(Object.keys(expected).length).toBeGreaterThan(3);
      for (const f of faults) expect(proxy.injected[f] ?? 0, `fault ${f} injected`).toBeGreaterThan(0);
      // Signed in with Basic auth on every request.
      expect([...proxy.authorizations].every((h) => h.startsWith('Basic '))).toBe(true);
      expect(proxy.authorizations.size).toBe(3);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

// @vitest-environment node
/**
 * Team sync against a real CouchDB-compatible server (express-pouchdb on 127.0.0.1): two
 * profiles edit the same discussion concurrently and end with the same merged records, whatever
 * order they sync in; server-side conflicts are merged and cleaned up; malformed documents are
 * skipped and never written; replays change nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mergeAnnotations } from '../../../../storage/merge';
import { emptyAnnotation, visibleIssues } from '../../../../storage/model';
import type { Annotation } from '../../../../storage/schema';
import { docIdOf, toDoc } from '../../../../storage/sync/doc';
import { startCouchServer, type CouchServer } from '../../../support/sync/couch-server';
import { by, makeClient, syncUntilQuiet, thread, type TestClient } from './clients';

let server: CouchServer;
let dbSerial = 0;
const open: TestClient[] = [];

beforeAll(async () => {
  server = await startCouchServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function freshDb(): Promise<string> {
  const name = `team${++dbSerial}`;
  await server.createDb(name);
  return name;
}

async function pair(db: string, options: Parameters<typeof makeClient>[2] = {}) {
  const a = makeClient('alice', { url: server.url, db, auth: { kind: 'none' } }, options);
  const b = makeClient('bob', { url: server.url, db, auth: { kind: 'none' } }, options);
  open.push(a, b);
  await a.repo.saveSettings({ unassessedBadge: 'faint', displayName: 'Alice', memberId: 'alice' });
  await b.repo.saveSettings({ unassessedBadge: 'faint', displayName: 'Bob', memberId: 'bob' });
  return [a, b] as const;
}

/**
 * The concurrent-edit scenario: a shared discussion, then without syncing Alice rates 60,
 * resolves issue X, adds Z and deletes thread 3; Bob rates 80, edits X, deletes issue Y and
 * writes a note on thread 3 before Alice's delete. Answers each side's records before syncing.
 */
async function concurrentEdits(a: TestClient, b: TestClient) {
  const t1 = thread(1);
  const t3 = thread(3);
  await a.repo.edit(t1, { kind: 'setMaturity', maturity: 40 }, by('Alice', 1_000));
  await a.repo.edit(t1, { kind: 'addIssue', id: 'x', text: 'Who signs off?' }, by('Alice', 1_001));
  await a.repo.edit(t1, { kind: 'addIssue', id: 'y', text: 'Mobile skin?' }, by('Alice', 1_002));
  await a.repo.edit(t3, { kind: 'setNote', text: 'to be removed' }, by('Alice', 1_003));
  await syncUntilQuiet([a, b]);
  expect(await b.records()).toEqual(await a.records());

  await b.repo.edit(t1, { kind: 'setMaturity', maturity: 80 }, by('Bob', 2_000));
  await a.repo.edit(t1, { kind: 'setMaturity', maturity: 60 }, by('Alice', 2_001));
  await a.repo.edit(t1, { kind: 'resolveIssue', id: 'x', resolution: 'Carol signs' }, by('Alice', 2_002));
  await b.repo.edit(t1, { kind: 'editIssue', id: 'x', text: 'Who signs off, and by when?' }, by('Bob', 2_003));
  await b.repo.edit(t1, { kind: 'deleteIssue', id: 'y' }, by('Bob', 2_004));
  await a.repo.edit(t1, { kind: 'addIssue', id: 'z', text: 'Translations?' }, by('Alice', 2_005));
  await b.repo.edit(t3, { kind: 'setTags', tags: ['keep'] }, by('Bob', 2_006));
  await a.repo.remove(t3.key, 2_007);
  await b.repo.edit(thread(2), { kind: 'setMaturity', maturity: 20 }, by('Bob', 2_008));
  return { before: [await a.records(), await b.records()] as const, t1, t3 };
}

/** The pure merge of two sides' records, key by key: what sync must arrive at. */
function expectedMerge(x: Record<string, Annotation>, y: Record<string, Annotation>): Record<string, Annotation> {
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
  return Object.fromEntries(keys.map((k) => [k, x[k] && y[k] ? mergeAnnotations(x[k], y[k]) : (x[k] ?? y[k])]));
}

describe('two profiles editing the same discussion', () => {
  it('converge on the merge of both sides with nothing lost', async () => {
    const [a, b] = await pair(await freshDb());
    const { before, t1, t3 } = await concurrentEdits(a, b);
    await syncUntilQuiet([a, b]);
    const [ra, rb] = [await a.records(), await b.records()];
    expect(rb).toEqual(ra);
    expect(ra).toEqual(expectedMerge(...before));

    const merged = ra[t1.key];
    expect(merged.maturity).toBe(60); // Alice rated later
    expect(merged.ratings.alice.maturity).toBe(60);
    expect(merged.ratings.bob.maturity).toBe(80); // Bob's own rating stays
    const issues = visibleIssues(merged);
    expect(issues.map((i) => i.id)).toEqual(['x', 'z']);
    expect(issues[0]).toMatchObject({ text: 'Who signs off, and by when?', status: 'resolved', resolution: 'Carol signs' });
    expect(merged.issues.find((i) => i.id === 'y')?.deleted).toBe(true);
    // Ada's delete had not seen Bob's tag: the discussion is kept with only that (docs/conflicts.md).
    expect(ra[t3.key]).toMatchObject({ deleted: false, tags: ['keep'], note: '', maturity: null });
    expect(ra[thread(2).key].maturity).toBe(20);

    // The server holds the same records and no unresolved conflicts.
    for (const key of Object.keys(ra)) {
      const doc = await server.adminRequest('GET', `/${a.engine.client.target.db}/${encodeURIComponent(docIdOf(key))}?conflicts=true`);
      expect(doc.body._conflicts).toBeUndefined();
      expect(doc.body.threadKey).toBe(key);
      expect(doc.body.maturity).toBe(ra[key].maturity);
    }
  });

  it('arrive at the same records whichever profile syncs first', async () => {
    const results: Array<Record<string, Annotation>> = [];
    for (const order of ['ab', 'ba']) {
      const [a, b] = await pair(await freshDb());
      const { before } = await concurrentEdits(a, b);
      await syncUntilQuiet(order === 'ab' ? [a, b] : [b, a]);
      const ra = await a.records();
      expect(await b.records()).toEqual(ra);
      expect(ra).toEqual(expectedMerge(...before));
      results.push(ra);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('leaves an empty outbox and sends nothing more once in step', async () => {
    const [a, b] = await pair(await freshDb());
    await a.repo.edit(thread(1), { kind: 'setMaturity', maturity: 55 }, by('Alice', 1_000));
    await syncUntilQuiet([a, b]);
    const report = await a.pass();
    expect(report).toMatchObject({ pushed: 0, changed: [] });
    expect(await a.db.outbox.count()).toBe(0);
    expect(await b.db.outbox.count()).toBe(0);
  });

  it('sends an import made before the first sync (which queued nothing) with the first pass, and queues one made after', async () => {
    const [a, b] = await pair(await freshDb());
    const imported = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...emptyAnnotation(thread(from + i), 1_000), maturity: 40 }));
    await a.repo.importMerged(imported(10, 5));
    expect(await a.db.outbox.count()).toBe(0);
    await syncUntilQuiet([a, b]);
    expect(Object.keys(await b.records()).sort()).toEqual(imported(10, 5).map((x) => x.threadKey).sort());
    await a.repo.importMerged(imported(20, 3));
    expect(await a.db.outbox.count()).toBe(3);
    await syncUntilQuiet([a, b]);
    expect(Object.keys(await b.records())).toHaveLength(8);
  });
});

describe('documents from the server', () => {
  it('with conflicting leaves: all leaves are merged, the winner written and the losers deleted', async () => {
    const db = await freshDb();
    const [a] = await pair(db);
    const [seed] = await pair(await freshDb());
    // Two sibling revisions written as a replicator would (new_edits: false): a real conflict.
    const t = thread(7);
    await seed.repo.edit(t, { kind: 'setMaturity', maturity: 30 }, by('Seed', 1_000));
    const base = (await seed.records())[t.key];
    const left = (await seed.repo.edit(t, { kind: 'addIssue', id: 'l', text: 'left' }, by('Seed', 2_000)));
    const right = { ...base, note: 'right side', stamps: { ...base.stamps, note: '0000000jk.0000.zed' } };
    const put = await server.adminRequest('POST', `/${db}/_bulk_docs`, {
      new_edits: false,
      docs: [
        { ...toDoc(left, '2-aaaa', null), _revisions: undefined },
        { ...toDoc(right, '2-bbbb', null) },
      ],
    });
    expect(put.status).toBe(201);
    const before = await server.adminRequest('GET', `/${db}/${encodeURIComponent(docIdOf(t.key))}?conflicts=true`);
    expect(before.body._conflicts).toHaveLength(1);

    const report = await a.pass();
    expect(report.conflicts).toBeGreaterThanOrEqual(1);
    const local = (await a.records())[t.key];
    expect(local).toEqual(mergeAnnotations(left, right));
    expect(local.note).toBe('right side');
    expect(visibleIssues(local).map((i) => i.id)).toEqual(['l']);

    const after = await server.adminRequest('GET', `/${db}/${encodeURIComponent(docIdOf(t.key))}?conflicts=true`);
    expect(after.body._conflicts).toBeUndefined();
    expect(after.body.note).toBe('right side');
    expect(after.body.issues.map((i: { id: string }) => i.id)).toEqual(['l']);
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('that are malformed or misfiled are skipped with a reason and never written', async () => {
    const db = await freshDb();
    const [a] = await pair(db);
    const [seed] = await pair(await freshDb());
    const good = await seed.repo.edit(thread(1), { kind: 'setMaturity', maturity: 50 }, by('Seed', 1_000));
    const other = await seed.repo.edit(thread(2), { kind: 'setMaturity', maturity: 70 }, by('Seed', 1_000));
    const docs = [
      toDoc(good, undefined, null),
      { ...toDoc(good, undefined, null), _id: docIdOf(thread(9).key), maturity: 150 },
      { ...toDoc(other, undefined, null), _id: docIdOf(thread(3).key) }, // filed under another thread
      { _id: docIdOf(thread(4).key), type: 'doneness.annotation', hello: 'world' },
      { _id: 'unrelated-doc', anything: true },
    ];
    expect((await server.adminRequest('POST', `/${db}/_bulk_docs`, { docs })).status).toBe(201);
    const report = await a.pass();
    expect(report.skipped.map((s) => s.id).sort()).toEqual([docIdOf(thread(3).key), docIdOf(thread(4).key), docIdOf(thread(9).key)].sort());
    expect(report.skipped.find((s) => s.id === docIdOf(thread(9).key))?.reason).toMatch(/maturity/);
    expect(Object.keys(await a.records())).toEqual([thread(1).key]);
    // The checkpoint moved past them: the next pass does not stumble over them again.
    expect((await a.pass()).skipped).toEqual([]);
  });

  it('replayed from an old checkpoint change nothing', async () => {
    const [a, b] = await pair(await freshDb());
    await a.repo.edit(thread(1), { kind: 'setMaturity', maturity: 35 }, by('Alice', 1_000));
    await a.repo.edit(thread(2), { kind: 'addIssue', id: 'q', text: 'q?' }, by('Alice', 1_001));
    await syncUntilQuiet([a, b]);
    await b.repo.edit(thread(1), { kind: 'setMaturity', maturity: 45 }, by('Bob', 2_000));
    await syncUntilQuiet([a, b]);
    const settled = await a.records();
    // Rewind Alice's checkpoint: every change arrives again, older revisions included.
    await a.db.syncState.put({ key: 'checkpoint', value: 0 });
    const report = await a.pass();
    expect(report.changed).toEqual([]);
    expect(report.pushed).toBe(0);
    expect(await a.records()).toEqual(settled);
  });
});

describe('pushing', () => {
  it('splits a batch the server finds too large (413) until single documents are refused', async () => {
    const db = await freshDb();
    const sizes: number[] = [];
    // A server limit of 3 documents per request, and one document that is too large on its own.
    const limited: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/_bulk_docs')) {
        const docs = (JSON.parse(String(init?.body)) as { docs: Array<{ note?: string }> }).docs;
        sizes.push(docs.length);
        if (docs.length > 3 || docs.some((d) => d.note === 'huge')) return new Response('{"error":"too_large"}', { status: 413 });
      }
      return fetch(input, init);
    };
    const [a] = await pair(db, { fetch: limited, pushBatch: 10 });
    for (let i = 0; i < 10; i++) await a.repo.edit(thread(i), { kind: 'setMaturity', maturity: i * 10 }, by('Alice', 1_000 + i));
    await a.repo.edit(thread(4), { kind: 'setNote', text: 'huge' }, by('Alice', 2_000));
    const report = await a.pass();
    expect(report.pushed).toBe(9);
    expect(report.refused).toEqual([{ key: thread(4).key, reason: expect.stringMatching(/^too_large/) }]);
    expect(sizes[0]).toBe(10);
    expect(Math.max(...sizes.slice(1))).toBeLessThanOrEqual(5);
    expect(await a.db.outbox.count()).toBe(1);
  });

  it('keeps a thread in the outbox when it is edited while its batch is on the way', async () => {
    const db = await freshDb();
    let edit: (() => Promise<unknown>) | null = null;
    const meddling: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if (String(input).endsWith('/_bulk_docs') && edit) {
        const run = edit;
        edit = null;
        await run();
      }
      return answer;
    };
    // One push round per pass, to see the outbox between rounds.
    const [a, b] = await pair(db, { fetch: meddling, maxRounds: 1 });
    await a.repo.edit(thread(1), { kind: 'setMaturity', maturity: 10 }, by('Alice', 1_000));
    edit = () => a.repo.edit(thread(1), { kind: 'setMaturity', maturity: 20 }, by('Alice', 1_500));
    const first = await a.pass();
    expect(first.pushed).toBe(1);
    expect(await a.db.outbox.count()).toBe(1); // the second edit still waits
    await syncUntilQuiet([a, b]);
    expect((await b.records())[thread(1).key].maturity).toBe(20);
  });

  it('stops the pass on a refused sign-in (401) and keeps the outbox', async () => {
    const db = await freshDb();
    const refusing: typeof fetch = async (input, init) =>
      String(input).endsWith('/_bulk_docs') ? new Response('{"error":"unauthorized","reason":"Session expired"}', { status: 401 }) : fetch(input, init);
    const [a] = await pair(db, { fetch: refusing });
    await a.repo.edit(thread(1), { kind: 'setMaturity', maturity: 10 }, by('Alice', 1_000));
    await expect(a.pass()).rejects.toMatchObject({ kind: 'unauthorized', message: expect.stringMatching(/Session expired/) });
    expect(await a.db.outbox.count()).toBe(1);
  });
});

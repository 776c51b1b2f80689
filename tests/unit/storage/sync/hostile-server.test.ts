// @vitest-environment node
/**
 * A hostile team database (issue 20, items 1, 3 and 4), played by a plain local HTTP server:
 * - one that answers `_changes` with full pages, the same `last_seq` and no `pending` for ever;
 * - one whose `last_seq` always moves on (an endless feed);
 * - one that streams an answer without end;
 * - one that sends documents with stamps and times from the future.
 * Each pass ends after a bounded number of requests and bytes, the local edits are pushed (or
 * stay in the outbox), and the person's status says what happened in a sentence.
 */
import type http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { createSync } from '../../../../services/background/sync';
import { SYNC_CONFIG_KEY } from '../../../../services/shared/sync-settings';
import { DonenessDb } from '../../../../storage/db';
import { makeStamp } from '../../../../storage/hlc';
import { emptyAnnotation } from '../../../../storage/model';
import { Repository } from '../../../../storage/repository';
import { SyncError } from '../../../../storage/sync/couch';
import { docIdOf, toDoc } from '../../../../storage/sync/doc';
import { startLocalServer, type LocalServer } from '../../../support/local-server';
import { by, makeClient, thread, type TestClient } from './clients';

type Mode = 'stuck' | 'endless' | 'flood' | 'future';

/** What the server saw. */
interface Seen {
  changes: number;
  bulkDocs: Array<{ _id: string }>;
  /** Bytes written into each `_changes` answer before the client hung up (flood). */
  floodBytes: number[];
}

const DAY = 86_400_000;
let server: LocalServer;
let seen: Seen;
let mode: Mode;
let client: TestClient | null = null;

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A full page of rows that are not annotations (so nothing is written locally). */
const fullPage = (limit: number, seq: string | number) =>
  Array.from({ length: limit }, (_, i) => ({ id: `other:${i}`, seq, changes: [{ rev: '1-a' }] }));

function futureDocs(now: number) {
  const good = { ...emptyAnnotation(thread(1), now - 1000), maturity: 40, stamps: { ...emptyAnnotation(thread(1), 0).stamps, maturity: makeStamp(now - 1000, 0, 'mate') } };
  const farStamp = { ...emptyAnnotation(thread(2), now - 1000), maturity: 90, stamps: { ...good.stamps, maturity: 'zzzzzzzzz.0000.mate' } };
  const weekAhead = { ...emptyAnnotation(thread(3), now - 1000), updatedAt: now + 7 * DAY };
  const beyondDate = { ...emptyAnnotation(thread(4), now - 1000), history: [{ at: 8_640_000_000_000_001, from: null, to: 10, by: 'x' }] };
  return [good, farStamp, weekAhead, beyondDate].map((a, i) => toDoc(a, `1-a${i}`, 'mate') as { _id: string; _rev: string });
}

beforeEach(async () => {
  seen = { changes: 0, bulkDocs: [], floodBytes: [] };
  server = await startLocalServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      if (url.pathname === '/_session') return json(res, 200, { userCtx: { name: 'ada', roles: [] } });
      if (url.pathname === '/team/_bulk_docs') {
        const docs = (JSON.parse(Buffer.concat(body).toString()) as { docs: Array<{ _id: string }> }).docs;
        seen.bulkDocs.push(...docs);
        return json(res, 201, docs.map((d, i) => ({ id: d._id, rev: `2-b${i}`, ok: true })));
      }
      if (url.pathname !== '/team/_changes') return json(res, 404, { error: 'not_found' });
      seen.changes += 1;
      // Without the fixes a pass would never end: the server gives up on it with a refusal.
      if (seen.changes > 60) return json(res, 401, { error: 'unauthorized', reason: 'the test server gave up after 60 requests' });
      const limit = Number(url.searchParams.get('limit'));
      const since = url.searchParams.get('since');
      if (mode === 'stuck') return json(res, 200, { results: fullPage(limit, 'stuck-7'), last_seq: 'stuck-7' });
      if (mode === 'endless') return json(res, 200, { results: fullPage(limit, seen.changes), last_seq: `${seen.changes}-more`, pending: 1_000_000 });
      if (mode === 'future') {
        const docs = futureDocs(Date.now());
        return json(res, 200, { results: since === '0' ? docs.map((d, i) => ({ id: d._id, seq: i + 1, changes: [{ rev: d._rev }], doc: d })) : [], last_seq: docs.length });
      }
      // flood: an answer without end, 64 KB at a time, until the client hangs up (or 96 MB).
      const index = seen.floodBytes.push(0) - 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"results":[');
      const row = JSON.stringify({ id: 'other:x', seq: 1, changes: [{ rev: '1-a' }] }) + ',';
      const chunk = row.repeat(Math.ceil(65536 / row.length));
      const pump = () => {
        while (!res.destroyed && seen.floodBytes[index] < 96 * 1024 * 1024) {
          seen.floodBytes[index] += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end('{}], "last_seq": 1}');
      };
      res.on('close', () => undefined);
      pump();
    });
  });
});

afterEach(async () => {
  await client?.close();
  client = null;
  await server.close();
});

/** A profile with one edit waiting in its outbox (queued after the first pass's target switch). */
async function profileWithAnEdit(options: { maxPullPages?: number; maxAnswerBytes?: number } = {}): Promise<TestClient> {
  client = makeClient('ada', { url: server.url, db: 'team', auth: { kind: 'none' } }, { author: 'ada', attempts: 2, backoffMs: 1, changesLimit: 100, ...options });
  await client.engine.prepareTarget();
  await client.repo.edit(thread(9), { kind: 'setMaturity', maturity: 70 }, by('Ada', Date.now()));
  return client;
}

describe('a server whose _changes never moves on', () => {
  it('is read twice, not for ever; the pass pushes the edits and says why it stopped', async () => {
    mode = 'stuck';
    const ada = await profileWithAnEdit();
    const started = Date.now();
    const report = await ada.pass();
    expect(seen.changes).toBe(2);
    expect(report.stopped).toMatch(/full page of changes without moving on \(last_seq stays "stuck-7"\)/);
    expect(seen.bulkDocs.map((d) => d._id)).toEqual([docIdOf(thread(9).key)]);
    expect(await ada.db.outbox.count()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('whose last_seq always moves on: a pass reads at most its page cap, pushes, and leaves the rest for the next pass', async () => {
    mode = 'endless';
    const ada = await profileWithAnEdit({ maxPullPages: 5 });
    const report = await ada.pass();
    expect(seen.changes).toBe(5);
    expect(report.more).toBe(true);
    expect(seen.bulkDocs.map((d) => d._id)).toEqual([docIdOf(thread(9).key)]);
    expect((await ada.db.syncState.get('checkpoint'))?.value).toBe('5-more');
  });
});

describe('a server that sends an answer without end', () => {
  it('is cut off at the byte cap, with the rows asked for halved down to one; the error says so and the outbox stays', async () => {
    mode = 'flood';
    const ada = await profileWithAnEdit({ maxAnswerBytes: 1024 * 1024 });
    const error = await ada.pass().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).message).toMatch(/^the server sent more than 1 MB in one answer; Doneness stopped reading it/);
    // 100 rows, then 50, 25, 13, 7, 4, 2, 1: one request each, never retried as they are.
    expect(seen.changes).toBe(8);
    // What the server managed to write before the client hung up: the cap plus socket buffers.
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const bytes of seen.floodBytes) expect(bytes).toBeLessThan(12 * 1024 * 1024);
    expect(seen.bulkDocs).toEqual([]);
    expect(await ada.db.outbox.get(thread(9).key)).toBeDefined();
    expect((await ada.records())[thread(9).key].maturity).toBe(70);
  });
});

describe('a server that sends stamps and times from the future', () => {
  it('has those documents skipped with the path of the bad field, and stores the rest', async () => {
    mode = 'future';
    const ada = await profileWithAnEdit();
    const report = await ada.pass();
    expect(report.skipped).toEqual([
      { id: docIdOf(thread(2).key), reason: expect.stringMatching(/^stamps\.maturity: the stamp zzzzzzzzz\.0000\.mate is later than/) },
      { id: docIdOf(thread(3).key), reason: expect.stringMatching(/^updatedAt: the time \d+ is later than .*more than a day ahead/) },
      { id: docIdOf(thread(4).key), reason: expect.stringMatching(/^history\.0\.at: .*after 1 January 2200/) },
    ]);
    const records = await ada.records();
    expect(records[thread(1).key].maturity).toBe(40);
    for (const n of [2, 3, 4]) expect(records[thread(n).key]).toBeUndefined();
  });
});

describe('the person’s sync status', () => {
  async function statusAfterAPass(maxAnswerBytes?: number) {
    const db = new DonenessDb(`hostile-status-${Math.random()}`);
    try {
      await fakeBrowser.storage.local.set({ [SYNC_CONFIG_KEY]: { url: server.url, db: 'team', auth: { kind: 'none' }, enabled: true } });
      fakeBrowser.permissions.contains = (async () => true) as never;
      const sync = createSync({
        browser: fakeBrowser as unknown as WxtBrowser,
        db,
        publish: async () => undefined,
        timeoutMs: 5000,
        maxAnswerBytes,
        debounceMs: 60_000,
        engine: { attempts: 1, changesLimit: 100, log: () => undefined },
      });
      await new Repository(db).edit(thread(9), { kind: 'setMaturity', maturity: 70 }, by('Ada', Date.now()));
      const status = await sync.pass(true);
      return { status, outbox: await db.outbox.count() };
    } finally {
      db.close();
      await db.delete();
    }
  }

  it('says in a sentence that the server did not move on, after sending the edits', async () => {
    mode = 'stuck';
    const { status, outbox } = await statusAfterAPass();
    expect(status.lastError).toMatchObject({ kind: 'badAnswer', message: expect.stringMatching(/without moving on/) });
    expect(status.lastSync).not.toBeNull();
    expect(outbox).toBe(0);
  });

  it('says that the server sent more than the cap, and keeps the edits for later', async () => {
    mode = 'flood';
    const { status, outbox } = await statusAfterAPass(1024 * 1024);
    expect(status.lastError).toMatchObject({ kind: 'badAnswer', message: expect.stringMatching(/more than 1 MB in one answer/) });
    expect(status.retryAt).not.toBeNull();
    expect(outbox).toBe(1);
  });
});

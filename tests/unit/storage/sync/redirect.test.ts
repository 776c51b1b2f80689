// @vitest-environment node
/**
 * A team database address that answers with a redirect (a moved server, a captive portal, a
 * compromised proxy): sync never follows it, so neither the sign-in nor a single document goes
 * to the other address; the error says where it pointed, and the edits wait in the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../../../storage/sync/couch';
import { startLocalServer, type LocalServer } from '../../../support/local-server';
import { by, makeClient, thread } from './clients';

/** Where the redirect points, with what reached it. */
let elsewhere: LocalServer;
const reached: Array<{ method?: string; url?: string; authorization?: string }> = [];
let moved: LocalServer;

beforeAll(async () => {
  elsewhere = await startLocalServer((req, res) => {
    reached.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  // 307 and 308 keep the method and body: a client that followed would post the documents there.
  moved = await startLocalServer((req, res) => {
    req.resume();
    res.writeHead(req.method === 'POST' ? 307 : 308, { location: `${elsewhere.url}${req.url}` }).end();
  });
});

afterAll(async () => {
  await moved.close();
  await elsewhere.close();
});

describe('a team database that redirects', () => {
  it('sends nothing to the other address, says where it pointed, and keeps the edits queued', async () => {
    const alice = makeClient('alice', { url: moved.url, db: 'team', auth: { kind: 'basic', user: 'alice', password: 'secret' } }, { timeoutMs: 2000, backoffMs: 1 });
    try {
      const t = thread(1);
      // The first pass queues every record (`prepareTarget`): edit after it so the outbox is the edits'.
      await alice.pass().catch(() => undefined);
      await alice.repo.edit(t, { kind: 'setMaturity', maturity: 60 }, by('alice', 1_000));
      const error = await alice.pass().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SyncError);
      expect((error as SyncError).message).toContain(`redirect to ${elsewhere.url}`);
      expect((error as SyncError).message).toContain('does not follow redirects');
      expect(reached).toEqual([]);
      expect((await alice.records())[t.key].maturity).toBe(60);
      expect(await alice.db.outbox.count()).toBeGreaterThan(0);
    } finally {
      await alice.close();
    }
  });
});

// @vitest-environment node
/**
 * `doneness couch-setup` against a real server with an admin (express-pouchdb, which runs
 * validate_doc_update like CouchDB): it creates the database, installs the design document and
 * sets members, idempotently; the design document then refuses documents of the wrong shape or
 * in another user's name, and the sync engine reports such refusals without retrying them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { couchSetup } from '../../../cli/couch-setup';
import { EXIT } from '../../../cli/io';
import { makeStamp } from '../../../storage/hlc';
import { DESIGN_DOC_ID, DESIGN_VERSION } from '../../../storage/sync/design';
import { docIdOf, toDoc } from '../../../storage/sync/doc';
import { startCouchServer, type CouchServer } from '../../support/sync/couch-server';
import { by, makeClient, thread } from '../storage/sync/clients';

let server: CouchServer;
const ADMIN = { user: 'admin', password: 'setup-secret' };
const adminEnv = { DONENESS_COUCH_USER: ADMIN.user, DONENESS_COUCH_PASSWORD: ADMIN.password };

beforeAll(async () => {
  server = await startCouchServer({ admin: ADMIN });
  await server.createUser('alice', 'alice-pw');
  await server.createUser('bob', 'bob-pw');
  await server.createUser('eve', 'eve-pw');
});
afterAll(async () => {
  await server.close();
});

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

describe('couch-setup', () => {
  it('creates the database, installs the design document and sets members; a second run changes nothing', async () => {
    const first = capture();
    expect(await couchSetup([server.url, 'team', '--members', 'alice,bob'], first.io, adminEnv)).toBe(EXIT.ok);
    expect(first.out.stdout).toMatch(/created database team/);
    expect(first.out.stdout).toMatch(/installed design document _design\/doneness/);
    expect(first.out.stdout).toMatch(/members: users \[alice, bob\]/);
    const security = await server.adminRequest('GET', '/team/_security');
    expect(security.body.members).toEqual({ names: ['alice', 'bob'], roles: [] });
    const design = await server.adminRequest('GET', `/team/${DESIGN_DOC_ID}`);
    expect(design.body.validate_doc_update).toMatch(/^function \(newDoc, oldDoc, userCtx/);

    const second = capture();
    expect(await couchSetup([server.url, 'team'], second.io, adminEnv)).toBe(EXIT.ok);
    expect(second.out.stdout).toMatch(/database team exists/);
    expect(second.out.stdout).toMatch(/is up to date/);
    // Earlier members stay; the default role joins them.
    expect((await server.adminRequest('GET', '/team/_security')).body.members).toEqual({ names: ['alice', 'bob'], roles: ['doneness'] });
  });

  it('never replaces a newer version\'s design document with its own (two versions in one team)', async () => {
    expect(await couchSetup([server.url, 'mixed'], capture().io, adminEnv)).toBe(EXIT.ok);
    const current = (await server.adminRequest('GET', `/mixed/${DESIGN_DOC_ID}`)).body;
    const newer = { ...current, validate_doc_update: current.validate_doc_update.replace('function (newDoc', 'function  (newDoc'), doneness: { version: DESIGN_VERSION + 1 } };
    expect((await server.adminRequest('PUT', `/mixed/${DESIGN_DOC_ID}`, newer)).status).toBe(201);
    const older = capture();
    expect(await couchSetup([server.url, 'mixed'], older.io, adminEnv)).toBe(EXIT.ok);
    expect(older.out.stdout).toMatch(/newer than this Doneness's .*: left as is/);
    expect((await server.adminRequest('GET', `/mixed/${DESIGN_DOC_ID}`)).body.doneness).toEqual({ version: DESIGN_VERSION + 1 });
  });

  it('as a non-admin: says it may not create, and fails clearly where the server refuses', async () => {
    const run = capture();
    const code = await couchSetup([server.url, 'team'], run.io, { DONENESS_COUCH_USER: 'alice', DONENESS_COUCH_PASSWORD: 'alice-pw' });
    expect(code).toBe(EXIT.input);
    expect(run.out.stdout).toMatch(/not allowed to create databases/);
    expect(run.out.stderr).toMatch(/couch-setup: .*HTTP (401|403)/);
    const wrong = capture();
    expect(await couchSetup([server.url, 'team'], wrong.io, { DONENESS_COUCH_USER: 'admin', DONENESS_COUCH_PASSWORD: 'nope' })).toBe(EXIT.input);
    expect(wrong.out.stderr).toMatch(/HTTP 401/);
  });

  it('refuses bad usage with exit 2', async () => {
    for (const args of [[], [server.url], ['ftp://x', 'team'], [server.url, 'Team'], [server.url, 'team', '--members'], [server.url, 'team', '--x']]) {
      const run = capture();
      expect(await couchSetup(args, run.io, adminEnv)).toBe(EXIT.usage);
      expect(run.out.stderr).not.toBe('');
    }
  });

  it('runs from the command line: npm run -s doneness -- couch-setup URL DB', async () => {
    // Asynchronous: the server lives in this process and must keep answering meanwhile.
    const result = await promisify(execFile)('node', ['bin/doneness.mjs', 'couch-setup', server.url, 'clidb'], {
      env: { ...process.env, ...adminEnv },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/created database clidb/);
    expect((await server.adminRequest('GET', '/clidb/_security')).body.members).toEqual({ names: [], roles: ['doneness'] });
  });
});

describe('the design document on the server', () => {
  it('accepts annotations by their signed-in author and refuses wrong shapes and forged authors', async () => {
    const alice = makeClient('alice', { url: server.url, db: 'team', auth: { kind: 'basic', user: 'alice', password: 'alice-pw' } }, { author: 'alice' });
    const forger = makeClient('bob', { url: server.url, db: 'team', auth: { kind: 'basic', user: 'bob', password: 'bob-pw' } }, { author: 'alice' });
    try {
      await alice.repo.edit(thread(1), { kind: 'setMaturity', maturity: 65 }, by('Alice', 1_000));
      expect(await alice.pass()).toMatchObject({ pushed: 1, refused: [] });

      // Bob's client claims to be Alice: the server refuses, the engine blocks and reports it.
      await forger.repo.edit(thread(2), { kind: 'setMaturity', maturity: 10 }, by('Bob', 1_000));
      const report = await forger.pass();
      expect(report.refused).toEqual([{ key: thread(2).key, reason: expect.stringMatching(/forbidden: author must be the signed-in user \(bob\)/) }]);
      expect(await forger.db.outbox.get(thread(2).key)).toMatchObject({ blocked: expect.stringMatching(/author/) });
      // Not retried: the next pass sends nothing…
      expect((await forger.pass()).refused).toEqual([]);
      // …until the thread is edited again.
      await forger.repo.edit(thread(2), { kind: 'setMaturity', maturity: 15 }, by('Bob', 2_000));
      expect(await forger.db.outbox.get(thread(2).key)).not.toHaveProperty('blocked');

      const bad = [
        { ...toDoc((await alice.records())[thread(1).key], undefined, 'alice'), _id: docIdOf(thread(3).key) },
        { ...toDoc({ ...(await alice.records())[thread(1).key], threadKey: thread(4).key }, undefined, 'alice'), maturity: 101 },
        { _id: 'something-else', author: 'alice' },
      ];
      const aliceAuth = 'Basic ' + Buffer.from('alice:alice-pw').toString('base64');
      const answer = await fetch(`${server.url}/team/_bulk_docs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: aliceAuth },
        body: JSON.stringify({ docs: bad }),
      });
      const results = (await answer.json()) as Array<{ error?: string; reason?: string }>;
      expect(results.map((r) => r.error)).toEqual(['forbidden', 'forbidden', 'forbidden']);
      expect(results[0].reason).toMatch(/threadKey/);
      expect(results[1].reason).toMatch(/maturity/);
      expect(results[2].reason).toMatch(/only Doneness annotation documents/);
    } finally {
      await alice.close();
      await forger.close();
    }
  });

  it('refuses times and stamps from the future or beyond Date, keys that disagree with their site or hold controls, and unreal days (issue 20)', async () => {
    const alice = makeClient('alice', { url: server.url, db: 'team', auth: { kind: 'basic', user: 'alice', password: 'alice-pw' } }, { author: 'alice' });
    try {
      const now = Date.now();
      const good = await alice.repo.edit(thread(20), { kind: 'setMaturity', maturity: 65 }, by('Alice', now));
      const doc = (patch: Record<string, unknown>, n: number) => ({ ...toDoc({ ...good, threadKey: thread(n).key }, undefined, 'alice'), ...patch });
      const twoDays = makeStamp(now + 2 * 86_400_000, 0, 'x');
      const bad = [
        doc({ stamps: { ...good.stamps, maturity: 'zzzzzzzzz.0000.x' } }, 21),
        doc({ ratings: { x: { maturity: 5, name: '', stamp: twoDays } } }, 22),
        doc({ updatedAt: 8_640_000_000_000_001 }, 23),
        doc({ history: [{ at: now + 2 * 86_400_000, from: null, to: 5, by: '' }] }, 24),
        doc({ site: 'github' }, 25),
        { ...doc({}, 26), _id: docIdOf('mediawiki:a\u0000b'), threadKey: 'mediawiki:a\u0000b' },
        { ...doc({}, 27), _id: docIdOf('mediawiki:a\u202eb'), threadKey: 'mediawiki:a\u202eb' },
        { ...doc({}, 28), _id: docIdOf('mediawiki:a\ud800b'), threadKey: 'mediawiki:a\ud800b' },
        doc({ reviewOn: '9999-99-99' }, 29),
        doc({ reviewOn: '2026-02-31' }, 30),
        // Within the allowed skew and on a real day: accepted.
        doc({ updatedAt: now + 3_600_000, reviewOn: '2028-02-29', stamps: { ...good.stamps, note: makeStamp(now + 3_600_000, 0, 'x') } }, 31),
      ];
      const answer = await fetch(`${server.url}/team/_bulk_docs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + Buffer.from('alice:alice-pw').toString('base64') },
        body: JSON.stringify({ docs: bad }),
      });
      const results = (await answer.json()) as Array<{ error?: string; reason?: string }>;
      expect(results.map((r) => r.error)).toEqual([...Array(10).fill('forbidden'), undefined]);
      expect(results.map((r) => r.reason?.replace('invalid field: ', '').split(' ')[0])).toEqual([
        'stamps.maturity', 'ratings.x.stamp', 'updatedAt', 'history.0.at', 'site', 'threadKey', 'threadKey', 'threadKey', 'reviewOn', 'reviewOn', undefined,
      ]);
      expect(results[0].reason).toMatch(/more than a day ahead of the server clock/);
      expect(results[2].reason).toMatch(/^invalid field: updatedAt$/);
    } finally {
      await alice.close();
    }
  });

  it('keeps non-members out', async () => {
    const eve = makeClient('eve', { url: server.url, db: 'team', auth: { kind: 'basic', user: 'eve', password: 'eve-pw' } }, { author: 'eve' });
    try {
      await expect(eve.pass()).rejects.toMatchObject({ kind: expect.stringMatching(/unauthorized|forbidden/) });
    } finally {
      await eve.close();
    }
  });
});

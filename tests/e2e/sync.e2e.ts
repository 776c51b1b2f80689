/**
 * Team sync end to end in Chromium against a real CouchDB-compatible server on 127.0.0.1
 * (express-pouchdb with Basic auth and _security): two browser profiles set up sync from the
 * dashboard, a rating in one reaches the other's badge without a reload, and a service worker
 * stopped in the middle of a push still sends its outbox after it wakes up. (Profiles and the
 * sync form: tests/e2e/team.ts; issue 21's cases: team-sync.e2e.ts.)
 */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; error?: string; value?: unknown }> } };
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openExtensionPage, readBadges, stopServiceWorker, waitFor, type Launched } from './harness';
import { anchorOf, launchGranted, refOf, setUpSync, TALK, threads } from './team';
import { sendEdit } from './ui-helpers';
import { startCouchServer, type CouchServer } from '../support/sync/couch-server';
import { startLocalServer } from '../support/local-server';

let server: CouchServer;
const launchedAll: Launched[] = [];

describe('team sync in Chromium', () => {
  before(async () => {
    server = await startCouchServer({ admin: { user: 'admin', password: 'e2e-admin' } });
    for (const name of ['ada', 'bo', 'cy']) await server.createUser(name, `${name}-pw`);
    await server.createDb('team');
    await server.adminRequest('PUT', '/team/_security', { admins: { names: [], roles: [] }, members: { names: ['ada', 'bo', 'cy'], roles: [] } });
  });
  after(async () => {
    for (const l of launchedAll) {
      await l.context.close().catch(() => undefined);
      rmSync(l.profileDir, { recursive: true, force: true });
    }
    await server?.close();
  });

  it('a rating in one profile shows on the other profile’s badge without a reload', async () => {
    const [a, b] = [await launchGranted(), await launchGranted()];
    launchedAll.push(a, b);
    const dashA = await setUpSync(a, server.url, 'ada');
    let watching = false;
    b.context.on('request', (r) => (watching ||= r.url().startsWith(server.url) && r.url().includes('feed=longpoll')));
    await setUpSync(b, server.url, 'bo'); // stays open: it watches the team database for changes
    const talkB = await b.context.newPage();
    await talkB.goto(TALK.url);
    const target = threads[2];
    const anchor = anchorOf(target.url);
    await waitFor(() => readBadges(talkB), (badges) => badges.some((x) => x.anchorId === anchor));

    // Bo's dashboard is long-polling the team database before Ada rates.
    await waitFor(async () => watching, (w) => w, 15_000);
    await sendEdit(dashA, refOf(target), { kind: 'setMaturity', maturity: 65 });
    const { value } = await waitFor(
      async () => (await readBadges(talkB)).find((x) => x.anchorId === anchor),
      (badge) => badge?.text.startsWith('65%') === true,
      30_000,
    );
    assert.match(value!.label, /65% baked/);
    // Ada's document carries her as author (the server checks nothing here; the data does).
    const doc = await server.adminRequest('GET', `/team/${encodeURIComponent('annotation:' + target.key)}`);
    assert.equal(doc.body.author, 'ada');
    assert.equal(doc.body.ratings[Object.keys(doc.body.ratings)[0]].maturity, 65);
  });

  it('never follows a server that redirects, and says so', async () => {
    // Where the redirect points: it records what reaches it (a client that followed would sign in there).
    const reached: string[] = [];
    const elsewhere = await startLocalServer((req, res) => {
      reached.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"couchdb":"Welcome"}');
    });
    const asked: string[] = [];
    const moved = await startLocalServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(307, { location: `${elsewhere.url}${req.url}` }).end();
    });
    try {
      const d = await launchGranted();
      launchedAll.push(d);
      const dashboard = await openExtensionPage(d, 'options.html');
      await dashboard.getByLabel('Server address', { exact: true }).fill(moved.url);
      await dashboard.getByLabel('Database', { exact: true }).fill('team');
      await dashboard.getByLabel('User name', { exact: true }).fill('ada');
      await dashboard.getByLabel('Password', { exact: true }).fill('ada-pw');
      await dashboard.getByRole('button', { name: 'Test connection' }).click();
      const verdict = dashboard.locator('[data-verdict]');
      await verdict.waitFor({ timeout: 10_000 });
      assert.notEqual(await verdict.getAttribute('data-verdict'), 'ok');
      assert.match(await verdict.innerText(), /answered with a redirect; Doneness does not follow redirects/);
      assert.ok(asked.length > 0, 'the redirecting server was asked');
      assert.deepEqual(reached, [], 'nothing went to the address it pointed at');
    } finally {
      await moved.close();
      await elsewhere.close();
    }
  });

  it('a service worker stopped in the middle of a push sends its outbox after it wakes', async () => {
    // A proxy that holds _bulk_docs requests while armed: the push is in flight when the worker stops.
    let hold = true;
    const held: Socket[] = [];
    const proxy = await startLocalServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (hold && req.url?.endsWith('/_bulk_docs')) return void held.push(req.socket);
        const out = http.request(new URL(req.url ?? '/', server.url), { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.on('error', () => res.destroy());
        out.end(Buffer.concat(chunks));
      });
    });
    try {
      const c = await launchGranted();
      launchedAll.push(c);
      hold = false;
      const dash = await setUpSync(c, proxy.url, 'cy');
      hold = true;
      const targets = threads.slice(3, 6);
      for (const [i, t] of targets.entries()) await sendEdit(dash, refOf(t), { kind: 'setMaturity', maturity: 20 + i * 5 });
      // The debounced pass starts and its batch is held by the proxy.
      await waitFor(async () => held.length, (n) => n > 0, 15_000);
      await stopServiceWorker(dash);
      await dash.close();
      hold = false;
      for (const socket of held.splice(0)) socket.destroy();
      for (const t of targets) {
        const doc = await server.adminRequest('GET', `/team/${encodeURIComponent('annotation:' + t.key)}`);
        assert.equal(doc.status, 404, 'nothing reached the server before the worker stopped');
      }

      // Something wakes the worker (here a talk page asking for its badges); it finds the
      // outbox in IndexedDB and sends it without anyone asking for a sync.
      const talk = await c.context.newPage();
      await talk.goto(TALK.url);
      await waitFor(
        async () => Promise.all(targets.map((t) => server.adminRequest('GET', `/team/${encodeURIComponent('annotation:' + t.key)}`))),
        (docs) => docs.every((d) => d.status === 200),
        30_000,
      );
      const page = await openExtensionPage(c, 'options.html');
      await waitFor(() => page.getByTestId('sync-pending').innerText(), (text) => /: 0$/.test(text), 15_000);
      const status = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'syncNow' }));
      assert.equal(status.ok, true);
    } finally {
      hold = false;
      for (const socket of held) socket.destroy();
      await proxy.close();
    }
  });
});

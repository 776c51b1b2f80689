/**
 * A real CouchDB-compatible server for tests and the bench: PouchDB Server's express-pouchdb in
 * full CouchDB mode on in-memory PouchDB 9 databases, listening on 127.0.0.1 on a free port.
 * It speaks the same HTTP API as Apache CouchDB (Basic auth, `_users`, `_security`,
 * `validate_doc_update`, `_changes`, `_bulk_docs`, `open_revs`). Each server has its own
 * memory namespace and temporary folder; `close()` stops it and removes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import expressPouchDb from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import memoryAdapter from 'pouchdb-adapter-memory';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

PouchDB.plugin(memoryAdapter).plugin(httpAdapter).plugin(mapreduce).plugin(replication);

/** PouchDB 9 with the memory, http and replication plugins (the bench's speed peer uses it too). */
export { PouchDB };

export interface CouchServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Basic credentials of the server admin (null: admin party, everyone is admin). */
  admin: { user: string; password: string } | null;
  /** A request as the admin, answering status and JSON body. */
  adminRequest(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Creates a database as the admin. */
  createDb(name: string): Promise<void>;
  /** Creates a user in `_users`. */
  createUser(name: string, password: string, roles?: string[]): Promise<void>;
  close(): Promise<void>;
}

let serial = 0;

/**
 * Starts a server. With `admin` the server leaves admin party: requests need credentials and
 * databases can be restricted with `_security`.
 */
export async function startCouchServer(options: { admin?: { user: string; password: string } } = {}): Promise<CouchServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'doneness-couch-'));
  serial += 1;
  const Memory = PouchDB.defaults({ adapter: 'memory', prefix: `${dir}/s${serial}-` } as PouchDB.Configuration.DatabaseConfiguration);
  const app = express();
  const admin = options.admin ?? null;
  let base = '';
  const authHeader = admin ? 'Basic ' + Buffer.from(`${admin.user}:${admin.password}`).toString('base64') : undefined;
  // Creating a database and changing _security are admin-only in CouchDB; express-pouchdb lets
  // members do the latter and crashes on the former without credentials. This guard answers
  // 401 there as CouchDB does.
  app.use((req, res, next) => {
    const adminOnly = req.method === 'PUT' && (/^\/[^_/][^/]*\/?$/.test(req.path) || /^\/[^_/][^/]*\/_security$/.test(req.path));
    if (admin && adminOnly && req.headers.authorization !== authHeader) {
      res.status(401).json({ error: 'unauthorized', reason: 'You are not a server admin.' });
      return;
    }
    next();
  });
  // express-pouchdb's long-poll feed sends broken JSON, ignores `timeout` once _security is set,
  // and leaves a timer behind when the client goes away (the process then never exits). Long-polls
  // are answered here instead, from the normal feed, as CouchDB answers them.
  let closing = false;
  app.use((req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method !== 'GET' || !url.pathname.endsWith('/_changes') || url.searchParams.get('feed') !== 'longpoll') return next();
    const wait = Math.min(Number(url.searchParams.get('timeout')) || 60_000, 60_000);
    for (const name of ['feed', 'timeout', 'heartbeat']) url.searchParams.delete(name);
    const deadline = Date.now() + wait;
    let gone = false;
    res.on('close', () => (gone = true));
    void (async () => {
      for (;;) {
        const answer = await fetch(base + url.pathname + url.search, {
          headers: req.headers.authorization ? { Authorization: req.headers.authorization } : {},
        }).catch(() => null);
        if (!answer) return void res.destroy();
        const text = await answer.text();
        let empty = false;
        try {
          empty = answer.status === 200 && (JSON.parse(text) as { results: unknown[] }).results.length === 0;
        } catch {
          empty = false;
        }
        if (!empty || gone || closing || Date.now() >= deadline) {
          if (gone) return;
          res.statusCode = answer.status;
          res.setHeader('Content-Type', 'application/json');
          res.end(text);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
  });
  app.use(
    expressPouchDb(Memory, {
      mode: 'fullCouchDB',
      inMemoryConfig: true,
      configPath: path.join(dir, 'config.json'),
      logPath: path.join(dir, 'log.txt'),
    }),
  );
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = url;

  async function adminRequest(method: string, pathname: string, body?: unknown) {
    const response = await fetch(url + pathname, {
      method,
      headers: { 'Content-Type': 'application/json', ...(authHeader ? { Authorization: authHeader } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  if (admin) {
    // Leaving admin party is the one request that needs no credentials yet.
    const set = await fetch(`${url}/_config/admins/${encodeURIComponent(admin.user)}`, {
      method: 'PUT',
      body: JSON.stringify(admin.password),
    });
    if (set.status !== 200) throw new Error(`could not set the admin: HTTP ${set.status}`);
  }

  return {
    url,
    admin,
    adminRequest,
    async createDb(name) {
      const answer = await adminRequest('PUT', '/' + encodeURIComponent(name));
      if (answer.status !== 201 && answer.status !== 412) throw new Error(`create ${name}: HTTP ${answer.status}`);
    },
    async createUser(name, password, roles = []) {
      const id = `org.couchdb.user:${name}`;
      const answer = await adminRequest('PUT', `/_users/${encodeURIComponent(id)}`, { _id: id, name, password, roles, type: 'user' });
      if (answer.status !== 201) throw new Error(`create user ${name}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    },
    async close() {
      closing = true;
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fault-injecting HTTP proxy between sync clients and a CouchDB-compatible server, for tests:
 * it drops connections (before forwarding, and after the server applied a batch but before the
 * answer), answers 500, holds answers longer than the client's time limit, turns `_bulk_docs`
 * answers into storms of 409 conflicts (applied or not), and duplicates, reorders and replays
 * `_changes` rows. Faults are drawn from a seeded generator so a failing run can be repeated.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from '../seeded-random';

export type Fault = 'dropBefore' | 'dropAfter' | 'error500' | 'slow' | 'conflictStorm' | 'conflictApplied' | 'duplicateChanges' | 'replayChanges' | 'garbled';

export interface FaultProxyOptions {
  target: string;
  /** Share of requests that get a fault (0–1). */
  rate: number;
  faults: Fault[];
  /** How long a slow answer is held (longer than the client's time limit). */
  slowMs: number;
  seed?: number;
}

export interface FaultProxy {
  url: string;
  /** How many times each fault was injected. */
  injected: Record<string, number>;
  /** Authorization headers seen (to check what clients send). */
  authorizations: Set<string>;
  /** Switch faults off (to let clients settle at the end) or on again. */
  setRate(rate: number): void;
  close(): Promise<void>;
}

const prng = seededRandom;

async function forward(target: string, req: http.IncomingMessage, body: Buffer, path = req.url ?? '/'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const url = new URL(path, target);
  return new Promise((resolve, reject) => {
    const out = http.request(
      url,
      { method: req.method, headers: { ...req.headers, host: url.host, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

function send(res: http.ServerResponse, status: number, body: Buffer | string, headers: http.IncomingHttpHeaders = {}) {
  const buffer = typeof body === 'string' ? Buffer.from(body) : body;
  const { 'content-length': _l, 'transfer-encoding': _t, connection: _c, ...rest } = headers;
  res.writeHead(status, { ...rest, 'content-type': 'application/json', 'content-length': String(buffer.length) });
  res.end(buffer);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = prng(options.seed ?? 1);
  let rate = options.rate;
  const injected: Record<string, number> = {};
  const authorizations = new Set<string>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const turns = new Map<string, number>();
  /** Whether to inject is random; which fault takes turns, so every kind occurs. */
  const pick = (candidates: Fault[]): Fault | null => {
    if (candidates.length === 0 || random() >= rate) return null;
    const turn = turns.get(candidates.join()) ?? 0;
    turns.set(candidates.join(), turn + 1);
    const fault = candidates[turn % candidates.length];
    injected[fault] = (injected[fault] ?? 0) + 1;
    return fault;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        if (req.headers.authorization) authorizations.add(req.headers.authorization);
        const path = req.url ?? '/';
        const isBulk = req.method === 'POST' && /\/_bulk_docs$/.test(new URL(path, 'http://x').pathname);
        const isChanges = /\/_changes$/.test(new URL(path, 'http://x').pathname);
        const applicable = options.faults.filter((f) =>
          f === 'conflictStorm' || f === 'conflictApplied' ? isBulk : f === 'duplicateChanges' || f === 'replayChanges' ? isChanges : true,
        );
        const fault = pick(applicable);
        try {
          if (fault === 'dropBefore') return void req.socket.destroy();
          if (fault === 'error500') return send(res, 500, '{"error":"internal_server_error","reason":"injected"}');
          if (fault === 'conflictStorm') {
            const docs = (JSON.parse(body.toString()) as { docs: Array<{ _id: string }> }).docs;
            return send(res, 201, JSON.stringify(docs.map((d) => ({ id: d._id, error: 'conflict', reason: 'Document update conflict.' }))));
          }
          let forwardPath = path;
          if (fault === 'replayChanges') {
            const u = new URL(path, 'http://x');
            u.searchParams.set('since', '0');
            forwardPath = u.pathname + u.search;
          }
          const answer = await forward(options.target, req, body, forwardPath);
          let out = answer.body;
          if (fault === 'dropAfter') return void req.socket.destroy();
          if (fault === 'conflictApplied' && answer.status === 201) {
            const results = JSON.parse(out.toString()) as Array<{ id: string }>;
            out = Buffer.from(JSON.stringify(results.map((r) => ({ id: r.id, error: 'conflict', reason: 'Document update conflict.' }))));
          }
          if ((fault === 'duplicateChanges' || fault === 'replayChanges') && answer.status === 200) {
            const changes = JSON.parse(out.toString()) as { results: unknown[] };
            // Every row twice, in reverse order: duplicated and reordered.
            changes.results = [...changes.results, ...changes.results].reverse();
            out = Buffer.from(JSON.stringify(changes));
          }
          if (fault === 'garbled') out = out.subarray(0, Math.floor(out.length / 2));
          if (fault === 'slow') {
            const timer = setTimeout(() => {
              timers.delete(timer);
              if (!res.destroyed) send(res, answer.status, out, answer.headers);
            }, options.slowMs);
            timers.add(timer);
            return;
          }
          send(res, answer.status, out, answer.headers);
        } catch {
          res.destroy();
        }
      })();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    injected,
    authorizations,
    setRate: (r) => (rate = r),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

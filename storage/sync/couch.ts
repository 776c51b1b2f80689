/**
 * A small client for the parts of the CouchDB HTTP API that team sync uses, for any
 * CouchDB-compatible server (Apache CouchDB 3, IBM Cloudant, PouchDB Server). Every request goes
 * through `fetch` with `credentials: 'omit'` (no cookies, no browser-held logins) and an explicit
 * Authorization header, with a per-request time limit; every answer is checked with a schema
 * before it is used, because a buggy or hostile server is just another source of bad input.
 */
import * as z from 'zod/mini';
import { CouchRev, type SyncAuth, type SyncErrorKind } from '../schema';

/** A failed request, classified so the scheduler knows whether to retry, stop or ask the user. */
export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status?: number,
    /** The answer was longer than the client reads (`maxAnswerBytes`): asking again cannot help. */
    readonly oversize = false,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/** Whether trying again later can help (network trouble, timeouts, server errors, garbled answers). */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof SyncError &&
    !error.oversize &&
    (error.kind === 'unreachable' || error.kind === 'timeout' || error.kind === 'server' || error.kind === 'badAnswer')
  );
}

/** Where and how to reach one database. */
export interface CouchTarget {
  /** Server address, e.g. `https://couch.example.com` or `https://host/prefix` (no trailing slash needed). */
  url: string;
  db: string;
  auth: SyncAuth;
}

export interface CouchClientOptions {
  /** Time limit of one request, body included (default 30 s; tests use less). */
  timeoutMs?: number;
  /** The fetch to use (tests and the command line pass their own). */
  fetch?: typeof fetch;
  /** Bytes read of one answer at most (default 64 MB): beyond, the answer is abandoned. */
  maxAnswerBytes?: number;
}

/** Bytes of one answer the client reads at most, unless told otherwise. */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * The body of an answer as text, read as a stream and abandoned (the connection closed) as soon
 * as it passes `limit` bytes: a server cannot make the client hold more than that in memory.
 */
async function readCapped(response: Response, limit: number, origin: string): Promise<string> {
  const tooMuch = () =>
    new SyncError('badAnswer', `the server sent more than ${Math.round(limit / 1024 / 1024)} MB in one answer; Doneness stopped reading it (${origin})`, response.status, true);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    void response.body?.cancel().catch(() => undefined);
    throw tooMuch();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      void reader.cancel().catch(() => undefined);
      throw tooMuch();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Base64 of UTF-8 text (btoa alone cannot take non-Latin-1 user names or passwords). */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The Authorization header for a sign-in, or undefined when there is none. */
export function authorizationHeader(auth: SyncAuth): string | undefined {
  switch (auth.kind) {
    case 'basic':
      return 'Basic ' + base64Utf8(`${auth.user}:${auth.password}`);
    case 'jwt':
      return 'Bearer ' + auth.token;
    case 'none':
      return undefined;
  }
}

/** The origin pattern to ask host permission for (`https://host:port/*`). */
export function originPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}/*`;
}

/** CouchDB's error body: `{"error": "...", "reason": "..."}`. */
const ErrorBody = z.object({ error: z.optional(z.string()), reason: z.optional(z.string()) });

/** One row of a `_changes` answer (docs are checked later, one by one). */
const ChangeRow = z.object({
  id: z.string(),
  seq: z.unknown(),
  changes: z.array(z.object({ rev: CouchRev })),
  deleted: z.optional(z.boolean()),
  doc: z.optional(z.unknown()),
});
export type ChangeRow = z.infer<typeof ChangeRow>;
const ChangesAnswer = z.object({
  results: z.array(ChangeRow),
  last_seq: z.union([z.string(), z.number()]),
  pending: z.optional(z.number()),
});
export type ChangesAnswer = z.infer<typeof ChangesAnswer>;

/** One result of `_bulk_docs`, in the order of the documents sent. */
const BulkResult = z.union([
  z.object({ id: z.string(), rev: CouchRev, ok: z.optional(z.boolean()), error: z.optional(z.undefined()) }),
  z.object({ id: z.optional(z.string()), error: z.string(), reason: z.optional(z.string()) }),
]);
export type BulkResult = z.infer<typeof BulkResult>;
const BulkAnswer = z.array(BulkResult);

/** `GET /db/id?open_revs=all` with JSON: every leaf revision, or a missing one. */
const OpenRevsAnswer = z.array(z.union([z.object({ ok: z.record(z.string(), z.unknown()) }), z.object({ missing: z.string() })]));

const DbInfo = z.object({ db_name: z.string(), update_seq: z.optional(z.unknown()) });
const SessionAnswer = z.object({
  userCtx: z.object({ name: z.nullable(z.string()), roles: z.array(z.string()) }),
});
export type Session = z.infer<typeof SessionAnswer>['userCtx'];
const Welcome = z.object({ couchdb: z.optional(z.string()), 'express-pouchdb': z.optional(z.string()), version: z.optional(z.string()) });

/** The origin a redirect points to, when the answer shows it (a browser hides it in an opaque redirect). */
function originOf(location: string | null, base: URL): string | null {
  try {
    return location ? new URL(location, base).origin : null;
  } catch {
    return null;
  }
}

/** A JSON answer of one request: its status and parsed body (null when the body was not JSON). */
interface Answer {
  status: number;
  body: unknown;
}

/** The CouchDB HTTP client of one database. */
export class CouchClient {
  readonly timeoutMs: number;
  readonly maxAnswerBytes: number;
  private readonly fetch: typeof fetch;
  private readonly base: string;
  private readonly dbPath: string;
  private readonly authorization: string | undefined;

  constructor(
    readonly target: CouchTarget,
    options: CouchClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
    // Bound to globalThis: a fetch called as a method of another object throws in browsers.
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.base = target.url.replace(/\/+$/, '');
    this.dbPath = '/' + encodeURIComponent(target.db);
    this.authorization = authorizationHeader(target.auth);
  }

  /** Path of a document of this database (ids may hold `/`, `:` and `#`: all escaped). */
  docPath(id: string): string {
    return `${this.dbPath}/${id.startsWith('_design/') ? '_design/' + encodeURIComponent(id.slice(8)) : encodeURIComponent(id)}`;
  }

  /**
   * One request with a time limit covering the whole answer. Network failures, timeouts and
   * unreadable bodies become SyncErrors; HTTP error statuses are returned for the caller to judge.
   */
  async request(
    method: string,
    path: string,
    options: { body?: unknown; query?: Record<string, string | number | boolean>; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<Answer> {
    const url = new URL(this.base + path);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.authorization) headers.Authorization = this.authorization;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const controller = new AbortController();
    const limit = options.timeoutMs ?? this.timeoutMs;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limit);
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort);
    try {
      const response = await this.fetch(url.toString(), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'omit',
        cache: 'no-store',
        // A redirect is never followed: it would re-send the team's documents, and the
        // sign-in, to an address nobody chose. The person is told where it pointed instead.
        redirect: 'manual',
        signal: controller.signal,
      });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        void response.body?.cancel().catch(() => undefined);
        const to = originOf(response.headers.get('location'), url);
        throw new SyncError(
          'badAnswer',
          `${url.origin} answered with a redirect${to ? ` to ${to}` : ''}; Doneness does not follow redirects: enter the address the server moved to`,
          response.status,
        );
      }
      let text: string;
      try {
        text = await readCapped(response, this.maxAnswerBytes, url.origin);
      } catch (error) {
        controller.abort();
        throw error;
      }
      let body: unknown = null;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = null;
        }
      }
      return { status: response.status, body };
    } catch (error) {
      if (error instanceof SyncError) throw error;
      if (timedOut) throw new SyncError('timeout', `no answer from the server within ${Math.round(limit / 1000)} s`);
      if (options.signal?.aborted) throw new SyncError('unreachable', 'cancelled');
      throw new SyncError('unreachable', `cannot reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Turns an HTTP error status into a SyncError carrying the server's reason. */
  static failure(answer: Answer, what: string): SyncError {
    const parsed = ErrorBody.safeParse(answer.body);
    const reason = parsed.success ? [parsed.data.error, parsed.data.reason].filter(Boolean).join(': ').slice(0, 300) : '';
    const detail = `${what}: HTTP ${answer.status}${reason ? ` (${reason})` : ''}`;
    const s = answer.status;
    if (s === 401) return new SyncError('unauthorized', detail, s);
    if (s === 403) return new SyncError('forbidden', detail, s);
    if (s === 404) return new SyncError('notFound', detail, s);
    if (s === 413) return new SyncError('tooLarge', detail, s);
    if (s === 408 || s === 429 || s >= 500) return new SyncError('server', detail, s);
    return new SyncError('badAnswer', detail, s);
  }

  /** Parses a successful answer with a schema, or fails with a clear "bad answer". */
  private static expect<T>(schema: z.ZodMiniType<T>, answer: Answer, what: string): T {
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SyncError('badAnswer', `${what}: unexpected answer (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'not JSON'})`, answer.status);
    }
    return parsed.data;
  }

  /** `GET /`: whether this is a CouchDB-compatible server at all. */
  async welcome(): Promise<{ couch: boolean; version: string }> {
    const answer = await this.request('GET', '/');
    if (answer.status !== 200) throw CouchClient.failure(answer, 'server');
    const parsed = Welcome.safeParse(answer.body);
    const couch = parsed.success && (parsed.data.couchdb !== undefined || parsed.data['express-pouchdb'] !== undefined);
    return { couch, version: parsed.success ? (parsed.data.version ?? '') : '' };
  }

  /** `GET /_session`: who the server thinks we are. */
  async session(): Promise<Session> {
    const answer = await this.request('GET', '/_session');
    if (answer.status !== 200) throw CouchClient.failure(answer, 'session');
    return CouchClient.expect(SessionAnswer, answer, 'session').userCtx;
  }

  /** `GET /db`: the database exists and we may read it. */
  async dbInfo(): Promise<z.infer<typeof DbInfo>> {
    const answer = await this.request('GET', this.dbPath);
    if (answer.status !== 200) throw CouchClient.failure(answer, 'database');
    return CouchClient.expect(DbInfo, answer, 'database');
  }

  /**
   * `GET /db/_changes` from a checkpoint, with documents and their conflicts (`style=all_docs`
   * lists every leaf). `longpoll` waits up to `waitMs` for the first change.
   */
  async changes(
    since: string | number,
    options: { limit: number; includeDocs?: boolean; longpoll?: boolean; waitMs?: number; graceMs?: number; signal?: AbortSignal },
  ): Promise<ChangesAnswer> {
    const query: Record<string, string | number | boolean> = { since, limit: options.limit, style: 'all_docs' };
    if (options.includeDocs ?? true) Object.assign(query, { include_docs: true, conflicts: true });
    if (options.longpoll) Object.assign(query, { feed: 'longpoll', timeout: options.waitMs ?? 25_000 });
    const answer = await this.request('GET', `${this.dbPath}/_changes`, {
      query,
      signal: options.signal,
      // A long-poll may take its whole wait, plus the usual allowance (or a given grace).
      timeoutMs: options.longpoll ? (options.waitMs ?? 25_000) + (options.graceMs ?? this.timeoutMs) : undefined,
    });
    if (answer.status !== 200) throw CouchClient.failure(answer, 'changes');
    return CouchClient.expect(ChangesAnswer, answer, 'changes');
  }

  /** `POST /db/_bulk_docs`: one result per document, in order (checked to match in number). */
  async bulkDocs(docs: readonly object[]): Promise<BulkResult[]> {
    const answer = await this.request('POST', `${this.dbPath}/_bulk_docs`, { body: { docs } });
    if (answer.status !== 201 && answer.status !== 200) throw CouchClient.failure(answer, 'bulk_docs');
    const results = CouchClient.expect(BulkAnswer, answer, 'bulk_docs');
    if (results.length !== docs.length) {
      throw new SyncError('badAnswer', `bulk_docs: ${results.length} results for ${docs.length} documents`, answer.status);
    }
    return results;
  }

  /**
   * Every leaf revision of a document (`open_revs=all`), as raw bodies for the caller to check;
   * empty when the document does not exist.
   */
  async leaves(id: string): Promise<unknown[]> {
    const answer = await this.request('GET', this.docPath(id), { query: { open_revs: 'all', revs: false } });
    if (answer.status === 404) return [];
    if (answer.status !== 200) throw CouchClient.failure(answer, `document ${id}`);
    return CouchClient.expect(OpenRevsAnswer, answer, `document ${id}`).flatMap((leaf) => ('ok' in leaf ? [leaf.ok] : []));
  }

  /** `GET /db/id`, or null when missing (design documents and setup). */
  async getDoc(id: string): Promise<Record<string, unknown> | null> {
    const answer = await this.request('GET', this.docPath(id));
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw CouchClient.failure(answer, `document ${id}`);
    return CouchClient.expect(z.record(z.string(), z.unknown()), answer, `document ${id}`);
  }

  /** `PUT /db/id` (design documents and setup); answers the new revision. */
  async putDoc(id: string, doc: object): Promise<string> {
    const answer = await this.request('PUT', this.docPath(id), { body: doc });
    if (answer.status !== 201 && answer.status !== 202 && answer.status !== 200) throw CouchClient.failure(answer, `document ${id}`);
    return CouchClient.expect(z.object({ rev: CouchRev }), answer, `document ${id}`).rev;
  }

  /** `PUT /db`: creates the database; answers false when it existed already. */
  async createDb(): Promise<boolean> {
    const answer = await this.request('PUT', this.dbPath);
    if (answer.status === 201 || answer.status === 202) return true;
    if (answer.status === 412) return false;
    throw CouchClient.failure(answer, 'create database');
  }

  /** `GET /db/_security`. */
  async getSecurity(): Promise<Record<string, unknown>> {
    const answer = await this.request('GET', `${this.dbPath}/_security`);
    if (answer.status !== 200) throw CouchClient.failure(answer, 'security');
    return CouchClient.expect(z.record(z.string(), z.unknown()), answer, 'security');
  }

  /** `PUT /db/_security`. */
  async putSecurity(security: object): Promise<void> {
    const answer = await this.request('PUT', `${this.dbPath}/_security`, { body: security });
    if (answer.status !== 200 && answer.status !== 201) throw CouchClient.failure(answer, 'security');
  }
}

/**
 * One sync pass between the local database and a team's CouchDB database: pull `_changes` from
 * a checkpoint, then push the outbox with `_bulk_docs`. The merge (storage/merge.ts) settles
 * every difference, so replayed, reordered or duplicated changes are harmless, conflicts are
 * resolved by whichever client sees them first, and every client ends with the same records.
 * No timers and no loops that outlive a pass: scheduling is services/background/sync.ts's job.
 */
import type { DonenessDb, RevRow } from '../db';
import { canonical, mergeAnnotations } from '../merge';
import { Annotation } from '../schema';
import { CouchClient, SyncError, isTransient, type BulkResult } from './couch';
import { docIdOf, fromDoc, revGeneration, threadKeyOf, toDoc } from './doc';
import { enqueue, SYNC_TARGET_KEY } from './outbox';

/** Tunables of a pass; the defaults suit a browser, tests and the bench pass smaller or larger ones. */
export interface EngineOptions {
  /** Documents per `_bulk_docs` request (a 413 answer halves it for that batch). */
  pushBatch?: number;
  /** Rows per `_changes` request. */
  changesLimit?: number;
  /** `_changes` pages per pass: the rest waits for the next pass, after this one has pushed. */
  maxPullPages?: number;
  /** Attempts of one request on network trouble or server errors, within a pass. */
  attempts?: number;
  /** First back-off delay between attempts (doubled each time, with jitter). */
  backoffMs?: number;
  /** Push rounds per pass (each sends one batch and settles its conflicts). */
  maxRounds?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Where skipped documents and refusals are reported (never credentials). */
  log?: (message: string) => void;
}

/** What one pass did. */
export interface PassReport {
  pulled: number;
  pushed: number;
  /** Local records the pass changed (new badge states to publish). */
  changed: Annotation[];
  /** Documents the server sent that were refused, with the reason. */
  skipped: Array<{ id: string; reason: string }>;
  /** Threads the server refused to store, with its reason (not retried until edited again). */
  refused: Array<{ key: string; reason: string }>;
  conflicts: number;
  /** The pull stopped at the page cap with changes left: another pass should follow soon. */
  more?: boolean;
  /** Why the pull stopped early because of the server (for the person's status), if it did. */
  stopped?: string;
}

/** A document version pulled or fetched, after merging every leaf. */
interface RemoteItem {
  key: string;
  rev: string;
  /** The server's current winning revision's annotation. */
  winner: Annotation | null;
  /** The merge of every valid leaf (null: the winning revision is a deletion). */
  merged: Annotation | null;
  /** Leaves other than the winner that the next push deletes. */
  conflicts: string[];
}

const CHECKPOINT = 'checkpoint';

/** Stable identity of a database, so revisions and checkpoints of one are never used with another. */
export function targetId(url: string, db: string): string {
  return `${url.replace(/\/+$/, '')}|${db}`;
}

const same = (a: Annotation, b: Annotation) => JSON.stringify(a) === JSON.stringify(b);

/** The sync engine of one local database and one team database. */
export class SyncEngine {
  private readonly pushBatch: number;
  private readonly changesLimit: number;
  private readonly maxPullPages: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxRounds: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (message: string) => void;

  constructor(
    readonly db: DonenessDb,
    readonly client: CouchClient,
    /** The CouchDB user name written as `author` (null when not signed in). */
    readonly author: string | null,
    options: EngineOptions = {},
  ) {
    this.pushBatch = options.pushBatch ?? 500;
    this.changesLimit = options.changesLimit ?? 2000;
    this.maxPullPages = options.maxPullPages ?? 25;
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.maxRounds = options.maxRounds ?? 200;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.log = options.log ?? ((message) => console.warn('[doneness sync]', message));
  }

  /** A full pass: switch target if needed, pull (at most `maxPullPages` pages), then push. */
  async pass(): Promise<PassReport> {
    const report: PassReport = { pulled: 0, pushed: 0, changed: [], skipped: [], refused: [], conflicts: 0 };
    await this.prepareTarget();
    await this.pull(report);
    await this.push(report);
    return report;
  }

  /**
   * On first use of a database (or after the settings point at another one): forget revisions
   * and checkpoint of the old one and queue every local record, so the new database gets all.
   */
  async prepareTarget(): Promise<void> {
    const id = targetId(this.client.target.url, this.client.target.db);
    await this.db.transaction('rw', [this.db.annotations, this.db.outbox, this.db.revs, this.db.syncState], async () => {
      const current = await this.db.syncState.get(SYNC_TARGET_KEY);
      if (current?.value === id) return;
      await this.db.revs.clear();
      await this.db.syncState.put({ key: CHECKPOINT, value: 0 });
      await enqueue(this.db, (await this.db.annotations.toCollection().primaryKeys()) as string[]);
      await this.db.syncState.put({ key: SYNC_TARGET_KEY, value: id });
    });
  }

  /** Runs a request, retrying transient failures with exponential back-off and jitter. */
  private async retrying<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (!isTransient(error) || attempt >= this.attempts) throw error;
        const delay = this.backoffMs * 2 ** (attempt - 1);
        await this.sleep(delay / 2 + this.random() * (delay / 2));
      }
    }
  }

  /**
   * Pulls the changes since the checkpoint, one page per transaction with its checkpoint. Ends
   * when the server has no more, after `maxPullPages` pages (`report.more`: the pass pushes, the
   * next pass pulls on), or when a full page leaves `last_seq` where it was (`report.stopped`: a
   * server that would otherwise be asked for the same page forever). An answer too large to
   * read asks again for half as many rows, down to one.
   */
  async pull(report: PassReport): Promise<void> {
    let limit = this.changesLimit;
    for (let pages = 0; ; pages++) {
      if (pages >= this.maxPullPages) {
        report.more = true;
        return;
      }
      const since = ((await this.db.syncState.get(CHECKPOINT))?.value as string | number | undefined) ?? 0;
      let page: Awaited<ReturnType<CouchClient['changes']>>;
      try {
        page = await this.retrying(() => this.client.changes(since, { limit }));
      } catch (error) {
        if (!(error instanceof SyncError && error.oversize && limit > 1)) throw error;
        limit = Math.ceil(limit / 2);
        continue;
      }
      const items: RemoteItem[] = [];
      for (const row of page.results) {
        const key = threadKeyOf(row.id);
        if (key === null) continue; // design documents and whatever else shares the database
        if (row.deleted) {
          items.push({ key, rev: row.changes[0]?.rev ?? '', winner: null, merged: null, conflicts: [] });
          continue;
        }
        const item = await this.readRemote(row.doc, report);
        if (item) items.push(item);
      }
      report.pulled += items.length;
      // The checkpoint commits with the records it covers: a crash in between replays the page.
      await this.applyRemote(items, report, page.last_seq);
      if (page.results.length < limit || page.pending === 0) return;
      if (JSON.stringify(page.last_seq) === JSON.stringify(since)) {
        report.stopped = `the server sent a full page of changes without moving on (last_seq stays ${JSON.stringify(page.last_seq).slice(0, 80)}); Doneness stopped reading changes for this pass`;
        this.log(report.stopped);
        return;
      }
    }
  }

  /** Checks one pulled document and merges in its conflicting leaves, if any. */
  private async readRemote(raw: unknown, report: PassReport): Promise<RemoteItem | null> {
    const read = fromDoc(raw);
    if (!read.ok) {
      report.skipped.push({ id: read.id, reason: read.reason });
      this.log(`skipped document ${read.id}: ${read.reason}`);
      return null;
    }
    const key = threadKeyOf(read.id)!;
    if (read.conflicts.length === 0) return { key, rev: read.rev, winner: read.annotation, merged: read.annotation, conflicts: [] };
    return this.fetchLeaves(key, report, { rev: read.rev, annotation: read.annotation });
  }

  /**
   * Every leaf of a document merged into one record; the current winner is the revision the next
   * push builds on and the other valid leaves are deleted by it. Null when the document is gone.
   */
  private async fetchLeaves(key: string, report: PassReport, known?: { rev: string; annotation: Annotation }): Promise<RemoteItem | null> {
    const leaves = await this.retrying(() => this.client.leaves(docIdOf(key)));
    const valid: Array<{ rev: string; annotation: Annotation }> = [];
    for (const leaf of leaves) {
      if ((leaf as { _deleted?: unknown })._deleted === true) continue;
      const read = fromDoc(leaf);
      if (!read.ok) {
        report.skipped.push({ id: read.id, reason: read.reason });
        this.log(`skipped a revision of ${read.id}: ${read.reason}`);
        continue;
      }
      if (threadKeyOf(read.id) !== key) continue;
      valid.push({ rev: read.rev, annotation: read.annotation });
    }
    if (known && !valid.some((v) => v.rev === known.rev)) valid.push(known);
    if (valid.length === 0) return null;
    // CouchDB's winner: highest generation, then the larger revision string.
    const winner = [...valid].sort((a, b) => revGeneration(b.rev) - revGeneration(a.rev) || (a.rev < b.rev ? 1 : -1))[0];
    const merged = valid.map((v) => v.annotation).reduce((a, b) => mergeAnnotations(a, b));
    if (valid.length > 1) report.conflicts += 1;
    return {
      key,
      rev: winner.rev,
      winner: winner.annotation,
      merged,
      conflicts: valid.filter((v) => v !== winner).map((v) => v.rev),
    };
  }

  /**
   * Merges remote versions into the local records in one transaction (with the checkpoint when
   * pulling). A record enters the outbox only when the server lacks something of the merge.
   */
  private async applyRemote(items: RemoteItem[], report: PassReport, checkpoint?: string | number): Promise<void> {
    const changed: Annotation[] = [];
    await this.db.transaction('rw', [this.db.annotations, this.db.outbox, this.db.revs, this.db.syncState], async () => {
      const keys = items.map((i) => i.key);
      const [locals, revs] = await Promise.all([this.db.annotations.bulkGet(keys), this.db.revs.bulkGet(keys)]);
      const writes: Annotation[] = [];
      const revWrites: RevRow[] = [];
      /** Per key, after the last item: does the server lack part of the merge? */
      const serverState = new Map<string, 'behind' | 'settled'>();
      // A key may appear twice in one page (a replayed change): later items see earlier writes.
      const latest = new Map<string, { local: Annotation | undefined; rev: RevRow | undefined }>();
      items.forEach((item, i) => {
        const seen = latest.get(item.key) ?? { local: locals[i], rev: revs[i] };
        const newer = !seen.rev || revGeneration(item.rev) >= revGeneration(seen.rev.rev);
        let local = seen.local;
        let rev = seen.rev;
        if (item.merged) {
          // A remote record alone was checked when read; a merge with the local one is checked again.
          const checked = local ? Annotation.safeParse(mergeAnnotations(local, item.merged)) : { success: true as const, data: item.merged };
          if (!checked.success) {
            report.skipped.push({ id: docIdOf(item.key), reason: 'the merge does not fit the schema' });
            return;
          }
          if (!local || !same(checked.data, canonical(local))) {
            writes.push(checked.data);
            changed.push(checked.data);
            local = checked.data;
          }
          if (newer) {
            rev = { threadKey: item.key, rev: item.rev, conflicts: item.conflicts };
            revWrites.push(rev);
            const behind = item.conflicts.length > 0 || !item.winner || !same(local, item.winner);
            serverState.set(item.key, behind ? 'behind' : 'settled');
          }
        } else if (newer) {
          // The winning revision is a deletion (an administrator removed the document): keep the
          // local record and remember the revision, so a later local edit builds on it.
          rev = { threadKey: item.key, rev: item.rev, conflicts: [] };
          revWrites.push(rev);
        }
        latest.set(item.key, { local, rev });
      });
      if (writes.length) await this.db.annotations.bulkPut(dedupeLast(writes, (a) => a.threadKey));
      if (revWrites.length) await this.db.revs.bulkPut(dedupeLast(revWrites, (r) => r.threadKey));
      const states = [...serverState];
      await enqueue(this.db, states.filter(([, state]) => state === 'behind').map(([key]) => key));
      // The server holds everything this profile has: nothing left to send for these.
      const settled = states.filter(([, state]) => state === 'settled').map(([key]) => key);
      if (settled.length) await this.db.outbox.bulkDelete(settled);
      if (checkpoint !== undefined) await this.db.syncState.put({ key: CHECKPOINT, value: checkpoint });
    });
    report.changed.push(...changed);
  }

  /** Sends a batch; a 413 answer splits it in halves until single documents are refused. */
  private async send(docs: Array<Record<string, unknown>>): Promise<BulkResult[]> {
    try {
      return await this.retrying(() => this.client.bulkDocs(docs));
    } catch (error) {
      if (!(error instanceof SyncError) || error.kind !== 'tooLarge') throw error;
      if (docs.length === 1) return [{ id: String(docs[0]._id), error: 'too_large', reason: error.message }];
      const half = Math.ceil(docs.length / 2);
      return [...(await this.send(docs.slice(0, half))), ...(await this.send(docs.slice(half)))];
    }
  }

  /**
   * Pushes the outbox in batches. Accepted documents leave the outbox (unless written again
   * meanwhile); a conflict fetches the server's leaves, merges and retries in the next round;
   * documents the server refuses are marked blocked with its reason and not retried.
   */
  async push(report: PassReport): Promise<void> {
    let idle = 0;
    for (let round = 0; round < this.maxRounds && idle < 8; round++) {
      const rows = await this.db.outbox.filter((r) => !r.blocked).limit(this.pushBatch).toArray();
      if (rows.length === 0) return;
      const keys = rows.map((r) => r.threadKey);
      const [records, revs] = await this.db.transaction('r', this.db.annotations, this.db.revs, () =>
        Promise.all([this.db.annotations.bulkGet(keys), this.db.revs.bulkGet(keys)]),
      );
      const docs: Array<Record<string, unknown>> = [];
      const meta: Array<{ key: string; token: string; stub?: string }> = [];
      const missing: string[] = [];
      rows.forEach((row, i) => {
        const record = records[i];
        if (!record) return void missing.push(row.threadKey);
        docs.push(toDoc(record, revs[i]?.rev, this.author));
        meta.push({ key: row.threadKey, token: row.token });
        for (const loser of revs[i]?.conflicts ?? []) {
          docs.push({ _id: docIdOf(row.threadKey), _rev: loser, _deleted: true });
          meta.push({ key: row.threadKey, token: row.token, stub: loser });
        }
      });
      if (missing.length) await this.db.outbox.bulkDelete(missing);
      if (docs.length === 0) continue;
      const results = await this.send(docs);

      const accepted: Array<{ key: string; token: string; rev: string }> = [];
      const stubsDone = new Map<string, Set<string>>();
      const conflicted = new Set<string>();
      const refused: Array<{ key: string; token: string; reason: string }> = [];
      results.forEach((result, i) => {
        const { key, token, stub } = meta[i];
        if (stub) {
          // A deleted loser, or one gone already: either way it is no longer ours to delete.
          if (!('rev' in result) || result.error !== 'conflict') stubsDone.set(key, (stubsDone.get(key) ?? new Set()).add(stub));
          return;
        }
        if ('rev' in result && !result.error) accepted.push({ key, token, rev: result.rev });
        else if (result.error === 'conflict') conflicted.add(key);
        else if (['forbidden', 'unauthorized', 'too_large', 'bad_request', 'invalid'].includes(result.error ?? '')) {
          refused.push({ key, token, reason: `${result.error}${'reason' in result && result.reason ? `: ${result.reason}` : ''}`.slice(0, 300) });
        } else this.log(`the server did not store ${key}: ${result.error ?? 'unknown error'}`);
      });
      await this.markPushed(accepted, stubsDone, refused);
      report.pushed += accepted.length;
      for (const r of refused) {
        report.refused.push({ key: r.key, reason: r.reason });
        this.log(`the server refused ${r.key}: ${r.reason}`);
      }
      if (conflicted.size) {
        report.conflicts += conflicted.size;
        const items: RemoteItem[] = [];
        for (const key of conflicted) {
          const item = await this.fetchLeaves(key, report);
          if (item) items.push(item);
        }
        await this.applyRemote(items, report);
      }
      idle = accepted.length > 0 || refused.length > 0 ? 0 : idle + 1;
    }
  }

  /** Records what the server accepted: new revisions, deleted losers, refusals. */
  private async markPushed(
    accepted: Array<{ key: string; token: string; rev: string }>,
    stubsDone: Map<string, Set<string>>,
    refused: Array<{ key: string; token: string; reason: string }>,
  ): Promise<void> {
    await this.db.transaction('rw', this.db.outbox, this.db.revs, async () => {
      const keys = [...new Set([...accepted.map((a) => a.key), ...stubsDone.keys(), ...refused.map((r) => r.key)])];
      const [outbox, revs] = await Promise.all([this.db.outbox.bulkGet(keys), this.db.revs.bulkGet(keys)]);
      const rows = new Map(keys.map((k, i) => [k, { outbox: outbox[i], rev: revs[i] }]));
      const revWrites: RevRow[] = [];
      const cleared: string[] = [];
      const rev = (key: string) => rows.get(key)!.rev;
      const remaining = (key: string) => (rev(key)?.conflicts ?? []).filter((c) => !stubsDone.get(key)?.has(c));
      for (const a of accepted) {
        revWrites.push({ threadKey: a.key, rev: a.rev, conflicts: remaining(a.key) });
        // Written again while the batch was out: the entry stays for the next round.
        if (rows.get(a.key)!.outbox?.token === a.token) cleared.push(a.key);
      }
      for (const key of stubsDone.keys()) {
        if (accepted.some((a) => a.key === key)) continue;
        const current = rev(key);
        if (current) revWrites.push({ ...current, conflicts: remaining(key) });
      }
      if (revWrites.length) await this.db.revs.bulkPut(revWrites);
      if (cleared.length) await this.db.outbox.bulkDelete(cleared);
      const blocked = refused.flatMap((r) => {
        const row = rows.get(r.key)!.outbox;
        return row?.token === r.token ? [{ ...row, blocked: r.reason }] : [];
      });
      if (blocked.length) await this.db.outbox.bulkPut(blocked);
    });
  }
}

/** The last item of each key, in first-seen order. */
function dedupeLast<T>(items: T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.values()];
}

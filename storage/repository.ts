/**
 * The repository: every read and write of annotations and settings goes through here, so the
 * background and extension pages never touch Dexie tables directly and every write is validated.
 * Every write of an annotation also enters the team-sync outbox in the same transaction.
 */
import type { Collection } from 'dexie';
import { LIMITS } from './limits';
import { BadgeCache } from './badge-cache';
import { DonenessDb } from './db';
import { maxStamp, nextStamp } from './hlc';
import { checkedCanonicalOf, checkedMerge } from './checked';
import { canonical } from './merge';
import { applyEdit, emptyAnnotation, newId, stampsOf, tombstone, type EditContext, type EditOp } from './model';
import { enqueue, everTargeted } from './sync/outbox';
import {
  Annotation,
  DEFAULT_SETTINGS,
  Settings,
  type BadgeState,
  type HistoryEntry,
  type ThreadRef,
} from './schema';

/**
 * The tombstone of a stored record, or null when the record cannot become a valid one: only a
 * record stored before a rule of the schema existed (a thread key with characters keys may no
 * longer hold, say). Such a record is removed outright; the team database refuses it anyway.
 */
function tombstoneOrNull(a: Annotation, now: number, memberId: string): Annotation | null {
  try {
    return tombstone(a, now, memberId);
  } catch {
    return null;
  }
}

/** The merge of `incoming` into `existing`, validated; throws naming the first bad field. */
function validMerge(existing: Annotation | undefined, incoming: Annotation): Annotation {
  const checked = checkedMerge(existing, incoming);
  if (!checked.success) throw new Error(`${incoming.threadKey}: ${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}`);
  return checked.data;
}

/** Reads and writes annotations and settings in one database. */
export class Repository {
  constructor(readonly db: DonenessDb) {}

  /**
   * The annotations of many threads at once (one IndexedDB round trip); missing and deleted
   * (tombstoned) keys are absent.
   */
  async getMany(keys: readonly string[]): Promise<Map<string, Annotation>> {
    const found = await this.getRecords(keys);
    for (const [key, row] of found) if (row.deleted) found.delete(key);
    return found;
  }

  /**
   * Badge states of the live annotations among these keys on the day of `now`; missing and
   * deleted keys are absent. Served from an in-memory copy kept current with the database
   * (storage/badge-cache.ts), so repeated lookups cost one IndexedDB read.
   */
  badgeStates(keys: readonly string[], now: number, memberId?: string): Promise<Map<string, BadgeState>> {
    this.badgeCache ??= new BadgeCache(this.db);
    return this.badgeCache.states(keys, now, memberId);
  }

  private badgeCache: BadgeCache | null = null;

  /** One annotation, or undefined (also when it was deleted). */
  async get(key: string): Promise<Annotation | undefined> {
    const row = await this.db.annotations.get(key);
    return row && !row.deleted ? row : undefined;
  }

  /** One stored record including a tombstone (for merging with other copies). */
  getRecord(key: string): Promise<Annotation | undefined> {
    return this.db.annotations.get(key);
  }

  /** Stored records of many keys, tombstones included (what an import merges with). */
  async getRecords(keys: readonly string[]): Promise<Map<string, Annotation>> {
    const rows = await this.db.annotations.bulkGet([...keys]);
    const found = new Map<string, Annotation>();
    rows.forEach((row, i) => row && found.set(keys[i], row));
    return found;
  }

  /** Every stored thread key, tombstones included (one read of keys only, no records). */
  async storedKeys(): Promise<Set<string>> {
    return new Set((await this.db.annotations.toCollection().primaryKeys()) as string[]);
  }

  /**
   * Every stored record (tombstones included) in thread-key order, one page per read, for work
   * over all annotations that must not hold them all at once (export, the dashboard's rows).
   * Each page is its own read. The next page is read while the caller works on this one, so the
   * database and the caller work at once; a write meanwhile shows from the page after that.
   */
  async *pages(size = 2000): AsyncGenerator<Annotation[]> {
    const read = (after: string | null): Promise<Annotation[]> => {
      const from: Collection<Annotation, string> =
        after === null ? this.db.annotations.orderBy('threadKey') : this.db.annotations.where('threadKey').above(after);
      return from.limit(size).toArray();
    };
    let next = read(null);
    for (;;) {
      const page = await next;
      if (page.length < size) {
        if (page.length) yield page;
        return;
      }
      next = read(page[page.length - 1].threadKey);
      // A caller that stops early leaves the read ahead unawaited: its failure is nobody's.
      next.catch(() => undefined);
      yield page;
    }
  }

  /**
   * Merges imported records into the stored ones with the merge of sync, in one read-write
   * transaction: every merged record is validated first, so one bad record aborts the whole
   * import and nothing is written. A record still not stored whose canonical form the preview
   * already checked (`checkedMerge` on this very object) is written as that checked form, not
   * checked twice. Works in chunks so no step holds the thread for long, and writes a chunk while
   * the next one is merged: the database stores one chunk while the worker prepares the next.
   * Answers which keys were added (or brought back) and updated, and how many were unchanged.
   * Queues the written records for sync only in a profile that ever used a team database: the
   * first sync queues every record anyway, and at 100,000 the queue rows cost a quarter of the
   * write.
   */
  async importMerged(incoming: readonly Annotation[], chunk = 2000): Promise<{ added: string[]; updated: string[]; unchanged: number }> {
    if (new Set(incoming.map((a) => a.threadKey)).size !== incoming.length) throw new Error('an import must not hold a thread key twice');
    return this.db.transaction('rw', this.db.annotations, this.db.outbox, this.db.syncState, async () => {
      const queue = await everTargeted(this.db);
      const added: string[] = [];
      const updated: string[] = [];
      let unchanged = 0;
      // A large import is mostly of records not stored yet: one read of the stored keys spares
      // looking each of those up (most of the time of a first import of 100,000).
      const present = incoming.length > chunk ? await this.storedKeys() : null;
      /** The previous chunk's write, still running while this chunk is merged. */
      let writing: Promise<unknown> = Promise.resolve();
      for (let start = 0; start < incoming.length; start += chunk) {
        const part = incoming.slice(start, start + chunk);
        const lookup = present ? part.filter((a) => present.has(a.threadKey)) : part;
        const rows = lookup.length ? await this.db.annotations.bulkGet(lookup.map((a) => a.threadKey)) : [];
        const stored = new Map<string, Annotation>();
        rows.forEach((row, i) => row && stored.set(lookup[i].threadKey, row));
        const writes: Annotation[] = [];
        part.forEach((a) => {
          const existing = stored.get(a.threadKey);
          const merged = (!existing && checkedCanonicalOf(a)) || validMerge(existing, a);
          if (existing && JSON.stringify(merged) === JSON.stringify(canonical(existing))) {
            unchanged += 1;
            return;
          }
          (existing && !(existing.deleted && !merged.deleted) ? updated : added).push(a.threadKey);
          writes.push(merged);
        });
        await writing;
        writing = writes.length ? this.write(writes, queue) : Promise.resolve();
        // Awaited next round or after the loop; until then a failure must not count as unhandled.
        writing.catch(() => undefined);
      }
      await writing;
      return { added, updated, unchanged };
    });
  }

  /** Stores records (and queues them for sync when `queue`), inside the caller's transaction. */
  private async write(records: Annotation[], queue: boolean): Promise<void> {
    await this.db.annotations.bulkPut(records);
    if (queue) await enqueue(this.db, records.map((w) => w.threadKey));
  }

  /** Stores a whole annotation after validating it. */
  async put(annotation: Annotation): Promise<void> {
    const valid = canonical(Annotation.parse(annotation));
    await this.db.transaction('rw', this.db.annotations, this.db.outbox, async () => {
      await this.db.annotations.put(valid);
      await enqueue(this.db, [valid.threadKey]);
    });
  }

  /**
   * Every tag in use, most used first (ties in alphabetical order), read from the tags index
   * alone: one step per distinct tag and one count of each, never a record, so the side panel's
   * suggestions stay cheap with 100,000 annotations stored. A deleted discussion keeps no tags
   * (`tombstone`), except when a merge met a tag edit newer than its delete; such a tag still
   * counts here, which only makes it one more suggestion.
   */
  async tagsByUse(): Promise<string[]> {
    const tags = (await this.db.annotations.orderBy('tags').uniqueKeys()) as string[];
    const counts = await Promise.all(tags.map((tag) => this.db.annotations.where('tags').equals(tag).count()));
    return tags
      .map((tag, i) => [tag, counts[i]] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([tag]) => tag);
  }

  /** Every annotation (tombstones left out), most recently updated first. */
  async list(): Promise<Annotation[]> {
    return this.db.annotations
      .orderBy('updatedAt')
      .reverse()
      .filter((a) => !a.deleted)
      .toArray();
  }

  /**
   * Deletes one annotation: its content is cleared and it stays as a tombstone with fresh stamps,
   * so the delete wins over older copies when merged (import, sync).
   */
  async remove(key: string, now = Date.now()): Promise<void> {
    const memberId = await this.memberId();
    await this.db.transaction('rw', this.db.annotations, this.db.outbox, async () => {
      const current = await this.db.annotations.get(key);
      if (current && !current.deleted) {
        const gone = tombstoneOrNull(current, now, memberId);
        if (gone) await this.db.annotations.put(gone);
        else await this.db.annotations.delete(key);
        await enqueue(this.db, [key]);
      }
    });
  }

  /** Deletes every annotation in one transaction (as tombstones); returns the deleted thread keys. */
  async removeAll(now = Date.now()): Promise<string[]> {
    const memberId = await this.memberId();
    return this.db.transaction('rw', this.db.annotations, this.db.outbox, async () => {
      const live = await this.db.annotations.filter((a) => !a.deleted).toArray();
      // One record that cannot become a valid tombstone never keeps the others: it goes whole.
      const tombstones = live.map((a) => tombstoneOrNull(a, now, memberId));
      await this.db.annotations.bulkPut(tombstones.filter((t): t is Annotation => t !== null));
      const unfit = live.filter((_, i) => tombstones[i] === null).map((a) => a.threadKey);
      if (unfit.length) await this.db.annotations.bulkDelete(unfit);
      await enqueue(this.db, live.map((a) => a.threadKey));
      return live.map((a) => a.threadKey);
    });
  }

  /** This profile's member id, created once and kept in settings. */
  async memberId(): Promise<string> {
    // It never changes once made: ask the database once per repository.
    this.memberIdCache ??= this.loadMemberId().catch((error) => {
      this.memberIdCache = null;
      throw error;
    });
    return this.memberIdCache;
  }

  private memberIdCache: Promise<string> | null = null;

  private loadMemberId(): Promise<string> {
    return this.db.transaction('rw', this.db.settings, async () => {
      const settings = await this.settings();
      if (settings.memberId) return settings.memberId;
      const memberId = newId();
      await this.db.settings.put({ key: 'settings', value: { ...settings, memberId } });
      return memberId;
    });
  }

  /**
   * The discussions picked on the page at `source` (normalised URL). A scan of the table: picked
   * discussions are few, and an index would need a schema version of its own.
   */
  async pickedOn(source: string): Promise<Annotation[]> {
    return this.db.annotations.filter((a) => !a.deleted && a.target?.source === source).limit(LIMITS.keysPerLookup).toArray();
  }

  /** Maturity history of one thread, oldest first. */
  async history(key: string): Promise<HistoryEntry[]> {
    return (await this.get(key))?.history ?? [];
  }

  /**
   * Applies an edit to a thread's annotation in one read-write transaction, so concurrent edits
   * from several windows never overwrite each other. Creates the annotation on first edit and
   * refreshes its title and permalink from the page.
   */
  async edit(ref: ThreadRef, op: EditOp, ctx: Omit<EditContext, 'memberId'>): Promise<Annotation> {
    const memberId = await this.memberId();
    return this.db.transaction('rw', this.db.annotations, this.db.outbox, async () => {
      const stored = await this.db.annotations.get(ref.key);
      const current = stored ?? emptyAnnotation(ref, ctx.now);
      // A stored picked discussion keeps the title the person gave it (the page's block heading
      // only prefills it); adapter threads take theirs from the page.
      const title = stored?.target ? current.title : ref.title || current.title;
      const url = ref.url || current.url;
      const moved = title !== current.title || url !== current.url;
      // A picked discussion picked (or picked again: re-pointed) writes its target register; the
      // annotation keeps its key and history.
      const target = ref.target ?? current.target;
      const repointed = JSON.stringify(target) !== JSON.stringify(stored?.target ?? null);
      let refreshed = current;
      if (moved || repointed) {
        const stamp = nextStamp(maxStamp(stampsOf(current)), ctx.now, memberId);
        refreshed = {
          ...current,
          title,
          url,
          target,
          stamps: { ...current.stamps, ...(moved ? { title: stamp } : {}), ...(repointed ? { target: stamp } : {}) },
        };
      }
      const next = applyEdit(refreshed, op, { ...ctx, memberId });
      await this.db.annotations.put(next);
      await enqueue(this.db, [next.threadKey]);
      return next;
    });
  }

  /** The settings, with defaults for anything unset or unreadable. */
  async settings(): Promise<Settings> {
    const row = await this.db.settings.get('settings');
    const parsed = Settings.safeParse({ ...DEFAULT_SETTINGS, ...(row?.value as object | undefined) });
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  /** Stores settings after validating them. */
  async saveSettings(settings: Settings): Promise<Settings> {
    return this.db.transaction('rw', this.db.settings, async () => {
      // The member id is this profile's identity in stamps and ratings: pages never change it.
      const memberId = (await this.settings()).memberId ?? settings.memberId;
      const valid = Settings.parse({ ...settings, memberId });
      await this.db.settings.put({ key: 'settings', value: valid });
      return valid;
    });
  }
}

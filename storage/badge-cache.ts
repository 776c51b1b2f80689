/**
 * Badge facts of the threads the background has been asked about, kept in memory so a page's
 * lookup of a thousand threads costs one IndexedDB read instead of a thousand. The copy is valid
 * for one revision of the annotations table (storage/revisions.ts): every answer first reads the
 * revision, in the same transaction as anything it reads besides, and starts a new copy when
 * another context (an import, an old tab) wrote since. Writes made through this database
 * instance (edits, deletes, sync passes in the background) update the copy as they commit.
 * Correctness over speed: whenever a change cannot be followed exactly, the copy is dropped.
 */
import type { DonenessDb } from './db';
import { badgeFactsOf, badgeStateFrom, type BadgeFacts } from './model';
import type { AnnotationsCommit } from './revisions';
import type { Annotation, BadgeState } from './schema';

/** Beyond this many remembered threads the copy starts over (memory stays bounded). */
const MAX_ENTRIES = 200_000;

/** Facts by thread key at one revision; null: nothing (or a tombstone) is stored for the key. */
interface Copy {
  revision: number;
  facts: Map<string, BadgeFacts | null>;
}

/** The badge facts of a stored row: null for a missing or deleted annotation. */
function factsOfRow(row: unknown): BadgeFacts | null {
  const annotation = row as Annotation | undefined;
  return annotation && !annotation.deleted ? badgeFactsOf(annotation) : null;
}

/** Badge states read through an in-memory copy that never outlives a write it did not see. */
export class BadgeCache {
  private copy: Copy | null = null;

  constructor(private readonly db: DonenessDb) {
    db.onAnnotationsCommitted((commit) => this.follow(commit));
  }

  /**
   * Badge states of the live annotations among `keys`, on the day of `now`, as this profile
   * (`memberId`) sees them; others are absent.
   */
  async states(keys: readonly string[], now: number, memberId?: string): Promise<Map<string, BadgeState>> {
    const facts = await this.facts(keys);
    const states = new Map<string, BadgeState>();
    for (const [key, found] of facts) if (found) states.set(key, badgeStateFrom(found, now, memberId));
    return states;
  }

  /** Facts of every key, from the copy where it is current and from the database for the rest. */
  private facts(keys: readonly string[]): Promise<Map<string, BadgeFacts | null>> {
    const { db } = this;
    return db.transaction('r', db.annotations, db.revisions, async () => {
      const revision = (await db.revisions.get('annotations'))?.revision ?? 0;
      if (this.copy?.revision !== revision || this.copy.facts.size > MAX_ENTRIES) this.copy = { revision, facts: new Map() };
      const copy = this.copy;
      const answer = new Map<string, BadgeFacts | null>();
      const missing: string[] = [];
      for (const key of keys) {
        const known = copy.facts.get(key);
        if (known !== undefined) answer.set(key, known);
        else missing.push(key);
      }
      if (missing.length === 0) return answer;
      const rows = await db.annotations.bulkGet(missing);
      // A commit followed meanwhile replaced the copy: what was read here is older, keep it out.
      const current = this.copy === copy;
      missing.forEach((key, i) => {
        const found = factsOfRow(rows[i]);
        answer.set(key, found);
        if (current) copy.facts.set(key, found);
      });
      return answer;
    });
  }

  /** Applies a committed write of this instance to the copy, or drops the copy if it cannot. */
  private follow(commit: AnnotationsCommit): void {
    const copy = this.copy;
    if (!copy) return;
    if (copy.revision !== commit.from || !commit.written) {
      this.copy = null;
      return;
    }
    for (const [key, row] of commit.written) copy.facts.set(key, factsOfRow(row));
    // A new object, so reads still under way at the old revision do not add to it.
    this.copy = { revision: commit.to, facts: copy.facts };
  }
}

/**
 * Issue 20, items 1, 2 and 8 at the storage level: a record whose stamps or times lie far in the
 * future (stored before they were bounded, or one edit below the stamp's limit) can always be
 * edited and deleted, one bad record never blocks "Delete all", and a schema failure reaches the
 * person as one sentence with the field's path, never zod's JSON.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeFailure } from '../../../services/background/handlers';
import { DonenessDb } from '../../../storage/db';
import { makeStamp, nextStamp, STAMP_PATTERN } from '../../../storage/hlc';
import { readableError } from '../../../storage/describe-error';
import { applyEdit, emptyAnnotation, tombstone } from '../../../storage/model';
import { Repository } from '../../../storage/repository';
import { Annotation, TIME_LIMITS } from '../../../storage/schema';
import { thread } from '../../support/threads';

const NOW = 1_790_000_000_000;
const ctx = (now = NOW) => ({ now, by: 'Ada', memberId: 'ada', lastActivity: null });

/** A record as an older version could have stored it, with every stamp set to `stamp`. */
function withStamps(n: number, stamp: string, patch: Partial<Annotation> = {}): Annotation {
  const a = applyEdit(emptyAnnotation(thread(n), NOW - 10), { kind: 'addIssue', id: 'i', text: 'open point' }, ctx(NOW - 5));
  return {
    ...a,
    maturity: 50,
    issues: a.issues.map((i) => ({ ...i, stamps: { text: stamp, status: stamp, position: stamp, deleted: stamp } })),
    ratings: { mate: { maturity: 50, name: 'Mate', stamp } },
    stamps: Object.fromEntries(Object.keys(a.stamps).map((k) => [k, stamp])) as Annotation['stamps'],
    ...patch,
  };
}

describe('clock stamps roll over safely', () => {
  it('a full counter moves on to the next millisecond; the largest stamp still gives a valid one', () => {
    expect(nextStamp('00000000a.zzzz.x', 5, 'n')).toBe('00000000b.0000.n');
    expect(nextStamp('00000000a.zzzy.x', 5, 'n')).toBe('00000000a.zzzz.n');
    for (const seen of ['zzzzzzzzz.zzzz.x', 'zzzzzzzzz.zzzy.x', 'zzzzzzzzy.zzzz.x']) {
      const next = nextStamp(seen, NOW, 'n');
      expect(next).toMatch(STAMP_PATTERN);
      expect(next >= seen.slice(0, 14)).toBe(true);
    }
    // A clock past the bound of stored times writes the bound.
    expect(nextStamp('', Number.MAX_SAFE_INTEGER, 'n')).toBe(makeStamp(TIME_LIMITS.max, 0, 'n'));
  });

  it('a record one edit below the stamp limit takes many more edits, a delete, and edits after it', () => {
    let a = withStamps(1, makeStamp(NOW + 1000, 36 ** 4 - 2, 'mate'));
    for (let i = 0; i < 5; i++) a = applyEdit(a, { kind: 'setMaturity', maturity: 10 + i * 5 }, ctx());
    expect(a.maturity).toBe(30);
    a = applyEdit(a, { kind: 'resolveIssue', id: 'i', resolution: 'done' }, ctx());
    const gone = tombstone(a, NOW, 'ada');
    expect(gone.deleted).toBe(true);
    expect(applyEdit(gone, { kind: 'setNote', text: 'back' }, ctx()).deleted).toBe(false);
  });

  it('a record stored with stamps at the very end of time can still be edited and deleted', () => {
    const frozen = withStamps(2, 'zzzzzzzzz.zzzz.mate');
    const edited = applyEdit(frozen, { kind: 'setMaturity', maturity: 75 }, ctx());
    expect(edited.maturity).toBe(75);
    expect(Annotation.safeParse(edited).success).toBe(true);
    expect(tombstone(edited, NOW, 'ada').deleted).toBe(true);
  });

  it('a record stored with times beyond what Date represents is repaired by its next edit', () => {
    const broken = withStamps(3, makeStamp(NOW - 5, 0, 'ada'), {
      updatedAt: 8_640_000_000_000_001,
      history: [{ at: Number.MAX_SAFE_INTEGER, from: null, to: 50, by: 'x' }],
    });
    const edited = applyEdit(broken, { kind: 'setNote', text: 'fixed' }, ctx());
    expect(edited.updatedAt).toBe(NOW);
    expect(edited.history.map((h) => h.at)).toEqual([NOW]);
    expect(tombstone(broken, NOW, 'ada').updatedAt).toBe(NOW);
  });
});

let db: DonenessDb | null = null;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
  db = null;
});

describe('"Delete all" and delete with hostile records stored', () => {
  it('deletes every record, the frozen, the timeless and one no rule of today accepts, and never stops at one', async () => {
    db = new DonenessDb(`hostile-${Math.random()}`);
    const repo = new Repository(db);
    await repo.edit(thread(1), { kind: 'setMaturity', maturity: 40 }, { now: NOW, by: 'Ada', lastActivity: null });
    // Written as an older version stored them, straight into the table (past today's schema).
    await db.annotations.bulkPut([
      withStamps(2, 'zzzzzzzzz.0000.mate'),
      withStamps(3, 'zzzzzzzzz.zzzz.mate'),
      withStamps(4, makeStamp(NOW, 0, 'ada'), { updatedAt: 8_640_000_000_000_001 }),
      { ...withStamps(5, makeStamp(NOW, 0, 'ada')), threadKey: 'mediawiki:bad\u0000key' },
      withStamps(6, makeStamp(NOW, 0, 'ada'), { reviewOn: '2026-02-31' }),
    ]);
    await repo.edit(thread(2), { kind: 'setNote', text: 'still editable' }, { now: NOW, by: 'Ada', lastActivity: null });
    await repo.remove(thread(3).key, NOW);
    expect((await db.annotations.get(thread(3).key))?.deleted).toBe(true);
    const deleted = await repo.removeAll(NOW);
    expect(deleted.sort()).toEqual([thread(1).key, thread(2).key, thread(4).key, 'mediawiki:bad\u0000key', thread(6).key].sort());
    expect(await repo.list()).toEqual([]);
    // The records that could be tombstoned are; the one that cannot is gone whole.
    const left = await db.annotations.toArray();
    expect(left.every((a) => a.deleted && a.note === '')).toBe(true);
    expect(left.map((a) => a.threadKey)).not.toContain('mediawiki:bad\u0000key');
  });
});

describe('a schema failure as a person reads it', () => {
  it('is one sentence with the path of the field, not zod JSON', () => {
    const parsed = Annotation.safeParse({ ...emptyAnnotation(thread(1), NOW), reviewOn: '9999-99-99', updatedAt: 8_640_000_000_000_001 });
    expect(parsed.success).toBe(false);
    let thrown: unknown;
    try {
      Annotation.parse({ ...emptyAnnotation(thread(1), NOW), reviewOn: '9999-99-99' });
    } catch (error) {
      thrown = error;
    }
    for (const text of [readableError(parsed.error), readableError(thrown), describeFailure(thrown)]) {
      expect(text).not.toMatch(/[[{]/);
      expect(text).toMatch(/^A value is not valid: (reviewOn: expected a real date as YYYY-MM-DD|updatedAt: the time is after 1 January 2200)/);
    }
    expect(readableError(parsed.error)).toMatch(/\(and 1 more\)\.$/);
    expect(readableError(new Error('plain'))).toBe('plain');
  });

  it('uses zod’s English wording where the schema gave none', () => {
    const parsed = Annotation.safeParse({ ...emptyAnnotation(thread(1), NOW), maturity: 101 });
    expect(readableError(parsed.error)).toBe('A value is not valid: maturity: Too big: expected number to be <=100.');
  });
});

/**
 * Schema history is append-only: the declared versions must match the golden snapshot (a changed
 * or removed version fails here; a new one must be added to the snapshot on purpose), and a
 * database populated at every older version (1,000 annotations in that version's shape) opens at
 * the newest one with nothing lost.
 */
import { describe, expect, it } from 'vitest';
import snapshot from './schema-snapshot.json';
import { DonenessDb, SCHEMA_VERSIONS } from '../../../storage/db';
import { upgradeAnnotationFrom, upgradeAnnotationV1 } from '../../../storage/migrations';
import { canonical } from '../../../storage/merge';
import { badgeStateOf } from '../../../storage/model';
import { Repository } from '../../../storage/repository';
import type { RegisterDef } from '../../../storage/registers';
import { ANNOTATION_RECORD, Annotation, AnnotationV1 } from '../../../storage/schema';

function seedV1(n: number): AnnotationV1[] {
  return Array.from({ length: n }, (_, i) =>
    AnnotationV1.parse({
      threadKey: `mediawiki:en.wikipedia.org/Talk:Seed#S${i}`,
      site: 'mediawiki',
      title: `Seed ${i} — ✓ عربى`,
      url: `https://en.wikipedia.org/wiki/Talk:Seed#S${i}`,
      maturity: i % 3 === 0 ? null : (i * 5) % 105,
      answer: i % 10 === 0 ? `answer ${i}` : '',
      note: `note ${i}`,
      tags: [`t${i % 7}`],
      reviewOn: i % 4 === 0 ? '2026-12-01' : null,
      issues: Array.from({ length: i % 4 }, (_, j) => ({
        id: `i${i}-${j}`,
        text: `issue ${j} of ${i}`,
        status: j % 2 ? 'resolved' : 'open',
        createdAt: 1000 + j,
        resolvedAt: j % 2 ? 2000 + j : null,
        resolution: j % 2 ? 'done' : '',
      })),
      history: [{ at: 1500, from: null, to: 40, by: 'Ada' }],
      assessedActivity: null,
      createdAt: 1000 + i,
      updatedAt: 5000 + i,
    }),
  );
}

/** For each schema version: how to make rows of its shape, and what they must be at the newest. */
const SEEDS: Record<number, { rows: () => unknown[]; atNewest: (row: never) => Annotation }> = {
  1: { rows: () => seedV1(1000), atNewest: (row: AnnotationV1) => upgradeAnnotationV1(row) },
  2: { rows: () => seedV1(1000).map(upgradeAnnotationV1), atNewest: (row: Annotation) => row },
  // v3 added sync tables only: annotations keep their v2 shape.
  3: { rows: () => seedV1(1000).map(upgradeAnnotationV1), atNewest: (row: Annotation) => row },
  // v4 added the annotations revision only: annotations keep their v2 shape.
  4: { rows: () => seedV1(1000).map(upgradeAnnotationV1), atNewest: (row: Annotation) => row },
};

/**
 * Versions after v4 that add registers (ANNOTATION_RECORD `since`) need no seed of their own:
 * their rows are today's without the registers added later, and at the newest they are
 * completed by upgradeAnnotationFrom (empty, never written).
 */
function seedOf(version: number): { rows: () => unknown[]; atNewest: (row: never) => Annotation } {
  if (SEEDS[version]) return SEEDS[version];
  const later = Object.entries(ANNOTATION_RECORD.registers as Record<string, RegisterDef>).filter(([, r]) => (r.since ?? 0) > version);
  const older = (row: Annotation) => {
    const out: Record<string, unknown> = { ...row, stamps: { ...row.stamps } };
    for (const [name, r] of later) {
      for (const f of r.fields) delete out[f];
      delete (out.stamps as Record<string, string>)[name];
    }
    return out;
  };
  return {
    rows: () => seedV1(1000).map(upgradeAnnotationV1).map(older),
    atNewest: (row: Annotation) => upgradeAnnotationFrom(version, row),
  };
}

describe('schema versions', () => {
  it('match the golden snapshot exactly (append-only history)', () => {
    expect(SCHEMA_VERSIONS.map(({ version, stores }) => ({ version, stores }))).toEqual(snapshot);
  });

  it('are numbered in increasing order, each up to v4 with a seed for the migration test', () => {
    const numbers = SCHEMA_VERSIONS.map((v) => v.version);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(Object.keys(SEEDS).map(Number)).toEqual(numbers.filter((n) => n <= 4));
  });

  it.each(SCHEMA_VERSIONS.map((v) => v.version))('a database populated at v%i opens at the newest with nothing lost', async (version) => {
    const name = `migrate-from-${version}`;
    const old = new DonenessDb(name, SCHEMA_VERSIONS.filter((v) => v.version <= version));
    const rows = seedOf(version).rows();
    await old.annotations.bulkPut(rows as Annotation[]);
    old.close();

    const current = new DonenessDb(name);
    const repo = new Repository(current);
    const all = await repo.list();
    expect(all).toHaveLength(1000);
    for (const row of all) expect(Annotation.safeParse(row).success).toBe(true);
    const byKey = await repo.getMany(all.map((r) => r.threadKey));
    for (const row of rows as Array<{ threadKey: string }>) {
      const expected = seedOf(version).atNewest(row as never);
      expect(canonical(byKey.get(row.threadKey)!)).toEqual(canonical(expected));
    }
    // Badges answer from the migrated rows, and the next write raises the revision.
    const at = Date.UTC(2026, 5, 1);
    const states = await repo.badgeStates(all.map((r) => r.threadKey), at);
    for (const row of all) expect(states.get(row.threadKey)).toEqual(badgeStateOf(row, at));
    const before = (await current.revisions.get('annotations'))?.revision ?? 0;
    await repo.put(all[0]);
    expect((await current.revisions.get('annotations'))?.revision).toBe(before + 1);
    current.close();
    await current.delete();
  });
});

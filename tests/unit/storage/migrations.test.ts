/**
 * Schema history is append-only: the declared versions must match the golden snapshot (a changed
 * or removed version fails here; a new one must be added to the snapshot on purpose), and a
 * database populated at every older version opens at the newest one with nothing lost.
 */
import { describe, expect, it } from 'vitest';
import snapshot from './schema-snapshot.json';
import { DonenessDb, SCHEMA_VERSIONS } from '../../../storage/db';
import { emptyAnnotation } from '../../../storage/model';
import { Repository } from '../../../storage/repository';
import { Annotation } from '../../../storage/schema';

function seed(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => ({
    ...emptyAnnotation(
      {
        key: `mediawiki:en.wikipedia.org/Talk:Seed#S${i}`,
        site: 'mediawiki',
        title: `Seed ${i}`,
        url: `https://en.wikipedia.org/wiki/Talk:Seed#S${i}`,
        native: { state: null, replies: null, participants: null, lastActivity: null },
      },
      1000 + i,
    ),
    maturity: (i * 5) % 105,
    tags: [`t${i % 7}`],
    issues: [{ id: `i${i}`, text: `issue ${i}`, status: 'open' as const, createdAt: 1, resolvedAt: null, resolution: '' }],
  }));
}

describe('schema versions', () => {
  it('match the golden snapshot exactly (append-only history)', () => {
    expect(SCHEMA_VERSIONS.map(({ version, stores }) => ({ version, stores }))).toEqual(snapshot);
  });

  it('are numbered in increasing order', () => {
    const numbers = SCHEMA_VERSIONS.map((v) => v.version);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it.each(SCHEMA_VERSIONS.map((v) => v.version))('a database populated at v%i opens at the newest with nothing lost', async (version) => {
    const name = `migrate-from-${version}`;
    const old = new DonenessDb(name, SCHEMA_VERSIONS.filter((v) => v.version <= version));
    const rows = seed(1000);
    await old.annotations.bulkPut(rows);
    old.close();

    const current = new DonenessDb(name);
    const repo = new Repository(current);
    const all = await repo.list();
    expect(all).toHaveLength(1000);
    for (const row of all) expect(Annotation.safeParse(row).success).toBe(true);
    const byKey = await repo.getMany(rows.map((r) => r.threadKey));
    expect(rows.every((r) => JSON.stringify(byKey.get(r.threadKey)) === JSON.stringify(r))).toBe(true);
    current.close();
    await current.delete();
  });
});

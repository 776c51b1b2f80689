import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DonenessDb } from '../../../storage/db';
import { Repository } from '../../../storage/repository';
import { emptyAnnotation } from '../../../storage/model';
import { thread } from '../../support/threads';

const ref = (n: number) => thread(n);
const ctx = { now: 5000, by: 'Ada', lastActivity: null };

let db: DonenessDb;
afterEach(async () => {
  db?.close();
  if (db) await db.delete();
});

describe('Repository', () => {
  it('gets many keys in one call, skipping the unknown ones', async () => {
    db = new DonenessDb('repo-a');
    const repo = new Repository(db);
    await repo.edit(ref(1), { kind: 'setMaturity', maturity: 60 }, ctx);
    await repo.edit(ref(2), { kind: 'addIssue', id: 'a', text: 'open' }, ctx);
    const found = await repo.getMany([ref(1).key, ref(3).key, ref(2).key]);
    expect([...found.keys()]).toEqual([ref(1).key, ref(2).key]);
    expect(found.get(ref(1).key)?.maturity).toBe(60);
    expect(await repo.history(ref(1).key)).toEqual([{ at: 5000, from: null, to: 60, by: 'Ada' }]);
  });

  it('never stores an invalid annotation', async () => {
    db = new DonenessDb('repo-b');
    const repo = new Repository(db);
    await expect(repo.put({ ...emptyAnnotation(ref(1), 1), maturity: 101 })).rejects.toThrow();
    expect(await repo.list()).toEqual([]);
  });

  it('loses no update when many edits of one thread run at once', async () => {
    db = new DonenessDb('repo-c');
    const repo = new Repository(db);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => repo.edit(ref(1), { kind: 'addIssue', id: `i${i}`, text: `issue ${i}` }, ctx)),
    );
    expect((await repo.get(ref(1).key))?.issues).toHaveLength(50);
  });

  it('lists newest first, deletes, and keeps settings with defaults', async () => {
    db = new DonenessDb('repo-d');
    const repo = new Repository(db);
    await repo.edit(ref(1), { kind: 'setNote', text: 'a' }, { ...ctx, now: 1 });
    await repo.edit(ref(2), { kind: 'setNote', text: 'b' }, { ...ctx, now: 2 });
    expect((await repo.list()).map((a) => a.title)).toEqual(['Thread 2', 'Thread 1']);
    await repo.remove(ref(2).key);
    expect((await repo.list()).map((a) => a.title)).toEqual(['Thread 1']);
    expect(await repo.settings()).toMatchObject({ unassessedBadge: 'faint', displayName: '' });
    // A delete leaves a tombstone (for merges) that reads never show.
    expect(await repo.get(ref(2).key)).toBeUndefined();
    expect((await repo.getMany([ref(2).key])).size).toBe(0);
    expect(await repo.getRecord(ref(2).key)).toMatchObject({ deleted: true, note: '' });
    await repo.saveSettings({ ...(await repo.settings()), unassessedBadge: 'hidden', displayName: 'Ada' });
    expect((await repo.settings()).displayName).toBe('Ada');
    await expect(repo.saveSettings({ unassessedBadge: 'loud' as never, displayName: '' })).rejects.toThrow();
  });

  it('lists the tags in use, most used first, from the index alone, without the deleted ones', async () => {
    db = new DonenessDb('repo-tags');
    const repo = new Repository(db);
    await repo.edit(ref(1), { kind: 'setTags', tags: ['release', 'skins'] }, ctx);
    await repo.edit(ref(2), { kind: 'setTags', tags: ['skins', 'api'] }, ctx);
    await repo.edit(ref(3), { kind: 'setTags', tags: ['skins', 'release', 'zz-gone'] }, ctx);
    await repo.edit(ref(4), { kind: 'setTags', tags: ['zz-gone'] }, ctx);
    await repo.remove(ref(4).key, 6000);
    await repo.edit(ref(3), { kind: 'setTags', tags: ['skins', 'release'] }, { ...ctx, now: 7000 });
    // What the side panel showed before, from every record read: the same list.
    const counts = new Map<string, number>();
    for (const a of await repo.list()) for (const tag of a.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    const fromRecords = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
    expect(fromRecords).toEqual(['skins', 'release', 'api']);
    // No record read: no collection of records is made into an array, as list() does (the
    // index's distinct keys come from a key cursor, the counts from the index).
    const toArray = vi.spyOn(db.Collection.prototype, 'toArray');
    expect(await repo.tagsByUse()).toEqual(fromRecords);
    expect(toArray).not.toHaveBeenCalled();
    await repo.list();
    expect(toArray).toHaveBeenCalled();
    toArray.mockRestore();

    // Live, as the side panel uses it: a new tag shows without asking again.
    const seen: string[][] = [];
    const subscription = liveQuery(() => repo.tagsByUse()).subscribe((tags) => seen.push(tags));
    await vi.waitFor(() => expect(seen.at(-1)).toEqual(fromRecords));
    await repo.edit(ref(5), { kind: 'setTags', tags: ['api', 'new'] }, { ...ctx, now: 8000 });
    await vi.waitFor(() => expect(seen.at(-1)).toEqual(['skins', 'api', 'release', 'new']));
    subscription.unsubscribe();
  });

  it('writes nothing of an import whose bad record comes after chunks already being written', async () => {
    db = new DonenessDb('repo-import-bad');
    const repo = new Repository(db);
    await repo.edit(ref(99), { kind: 'setMaturity', maturity: 20 }, ctx);
    const good = Array.from({ length: 7 }, (_, i) => ({ ...emptyAnnotation(ref(i), 1000 + i), maturity: 40 }));
    // Never checked by a preview: the write checks it, in the fourth chunk of two.
    const bad = { ...emptyAnnotation(ref(50), 2000), maturity: 101 };
    await expect(repo.importMerged([...good, bad], 2)).rejects.toThrow(/maturity/);
    expect((await repo.list()).map((a) => a.threadKey)).toEqual([ref(99).key]);
    expect(await repo.importMerged(good, 2)).toMatchObject({ added: good.map((a) => a.threadKey) });
  });

  it('reads every record a page at a time in key order, the next page while the caller works on this one', async () => {
    db = new DonenessDb('repo-pages');
    const repo = new Repository(db);
    const records = Array.from({ length: 7 }, (_, i) => ({ ...emptyAnnotation(ref(i), 1000 + i), maturity: 40 }));
    await repo.importMerged(records);
    const reads = vi.spyOn(db.Collection.prototype, 'toArray');
    const pages: string[][] = [];
    for await (const page of repo.pages(3)) {
      // The page after a full one is asked for before the full one reaches the caller.
      expect(reads).toHaveBeenCalledTimes(page.length === 3 ? pages.length + 2 : pages.length + 1);
      pages.push(page.map((a) => a.threadKey));
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(records.map((a) => a.threadKey).sort());
    reads.mockRestore();
  });
});


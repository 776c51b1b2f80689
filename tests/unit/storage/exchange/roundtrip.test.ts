// Round trips: native JSON export → import into an empty database → export gives the same bytes;
// W3C export → import gives the same annotations; imports merge with the sync merge.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { t } from '../../../../lib/i18n';
import { DonenessDb } from '../../../../storage/db';
import { renderExport, type ExportFormat } from '../../../../storage/exchange/export-formats';
import { buildExport, exportHead, exportItem, exportTail, serializeExport } from '../../../../storage/exchange/export-json';
import { reportLabels } from '../../../../storage/exchange/export-markdown';
import { annotationToW3c, w3cCollection } from '../../../../storage/exchange/export-w3c';
import { createJobs } from '../../../../storage/exchange/import-jobs';
import { parseImportText, planImport } from '../../../../storage/exchange/import';
import { canonical } from '../../../../storage/merge';
import { applyEdit } from '../../../../storage/model';
import { Repository } from '../../../../storage/repository';
import { Annotation } from '../../../../storage/schema';
import { annotate, manyAnnotations, ref, sampleSet } from './sample';

const NOW = new Date('2026-11-26T10:00:00.000Z');
const options = { now: NOW, clientVersion: '1.2.3', labels: reportLabels(t) };
let dbs: DonenessDb[] = [];
const freshRepo = (name: string) => {
  const db = new DonenessDb(`${name}-${Math.random()}`);
  dbs.push(db);
  return new Repository(db);
};
afterEach(async () => {
  for (const db of dbs) {
    db.close();
    await db.delete();
  }
  dbs = [];
});

async function importText(repo: Repository, text: string) {
  const jobs = createJobs(repo);
  const preview = await jobs.preview(new Blob([text]));
  if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
  return { preview, result: await jobs.commit(false) };
}

describe('native JSON round trip', () => {
  it('export → import into an empty database → export gives the same bytes', async () => {
    const source = freshRepo('src');
    for (const a of sampleSet()) await source.put(a);
    const first = renderExport('json', await source.list(), options).text;
    const target = freshRepo('dst');
    const { preview, result } = await importText(target, first);
    expect(preview.ok && preview.counts).toEqual({ new: 5, updated: 0, unchanged: 0, rejected: 0 });
    expect(result.added).toHaveLength(5);
    const second = renderExport('json', await target.list(), options).text;
    expect(second).toBe(first);
  });

  it('importing the same file again changes nothing and says so', async () => {
    const repo = freshRepo('again');
    for (const a of sampleSet()) await repo.put(a);
    const text = renderExport('json', await repo.list(), options).text;
    const before = await repo.db.annotations.toArray();
    const { preview, result } = await importText(repo, text);
    expect(preview.ok && preview.counts).toEqual({ new: 0, updated: 0, unchanged: 5, rejected: 0 });
    expect(result).toEqual({ added: [], updated: [], unchanged: 5, skipped: 0 });
    expect(await repo.db.annotations.toArray()).toEqual(before);
  });

  it('merges with the stored copy field by field: the newer write wins, issues meet by id', async () => {
    const repo = freshRepo('merge');
    const base = annotate(ref(1), [{ kind: 'setMaturity', maturity: 40 }, { kind: 'addIssue', id: 'a', text: 'first' }]);
    // Elsewhere (later): the note and a new issue; here (later still): the maturity.
    const ctx = (now: number, memberId: string) => ({ now, by: 'Bo', memberId, lastActivity: null });
    const theirs = applyEdit(applyEdit(base, { kind: 'setNote', text: 'from the file' }, ctx(1_700_000_100_000, 'm2')), { kind: 'addIssue', id: 'b', text: 'second' }, ctx(1_700_000_100_001, 'm2'));
    const ours = applyEdit(base, { kind: 'setMaturity', maturity: 90 }, ctx(1_700_000_200_000, 'm1'));
    await repo.put(ours);
    const file = renderExport('json', [theirs], options).text;
    const { preview, result } = await importText(repo, file);
    expect(preview.ok && preview.counts.updated).toBe(1);
    expect(result.updated).toEqual([ours.threadKey]);
    const merged = (await repo.get(ours.threadKey))!;
    expect(merged.maturity).toBe(90);
    expect(merged.note).toBe('from the file');
    expect(merged.issues.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('reads version 1 files and upgrades their records as the database upgrade does', async () => {
    const v1 = {
      format: 'doneness-export',
      version: 1,
      exportedAt: NOW.toISOString(),
      clientVersion: '0.1.0',
      annotations: [
        {
          threadKey: 'mediawiki:en.wikipedia.org/Talk:Cake#Old', site: 'mediawiki', title: 'Old', url: 'https://en.wikipedia.org/wiki/Talk:Cake#Old',
          maturity: 30, answer: '', note: '', tags: [], reviewOn: null,
          issues: [{ id: 'o', text: 'old issue', status: 'open', createdAt: 5, resolvedAt: null, resolution: '' }],
          history: [{ at: 5, from: null, to: 30, by: '' }], assessedActivity: null, createdAt: 5, updatedAt: 6,
        },
      ],
    };
    const parsed = parseImportText(JSON.stringify(v1));
    expect(parsed.ok && parsed.rejected).toEqual([]);
    expect(parsed.ok && parsed.annotations[0].issues[0]).toMatchObject({ id: 'o', position: 0, deleted: false });
  });

  it('does not bring back a discussion deleted here after the file was written', async () => {
    const repo = freshRepo('tomb');
    const a = annotate(ref(9), [{ kind: 'setMaturity', maturity: 50 }]);
    await repo.put(a);
    const file = renderExport('json', [a], options).text;
    await repo.remove(a.threadKey, a.updatedAt + 1000);
    const parsed = parseImportText(file);
    if (!parsed.ok) throw new Error('unexpected');
    const plan = await planImport(parsed, (keys) => repo.getRecords(keys));
    expect(plan.entries).toEqual([expect.objectContaining({ kind: 'unchanged', deleted: true })]);
    expect(await repo.get(a.threadKey)).toBeUndefined();
  });
});

describe('W3C Web Annotation round trip', () => {
  it('export → import gives the same annotations', () => {
    const originals = sampleSet().map(canonical);
    const text = renderExport('w3c', originals, options).text;
    const parsed = parseImportText(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.format).toBe('w3c');
    expect(parsed.rejected).toEqual([]);
    const byKey = (x: { threadKey: string }, y: { threadKey: string }) => (x.threadKey < y.threadKey ? -1 : 1);
    expect(parsed.annotations.map(canonical).sort(byKey)).toEqual([...originals].sort(byKey));
  });

  it('is an AnnotationCollection with maturity as an extension term and tags as tagging bodies', () => {
    const [a] = sampleSet();
    const collection = w3cCollection([a], { exportedAt: NOW.toISOString(), clientVersion: '1', label: 'x' }) as Record<string, any>;
    expect(collection['@context'][0]).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(collection.type).toBe('AnnotationCollection');
    expect(collection.total).toBe(1);
    expect(collection.first.type).toBe('AnnotationPage');
    const item = collection.first.items[0];
    expect(item).toMatchObject({ type: 'Annotation', motivation: 'assessing', 'doneness:maturity': 60, created: new Date(a.createdAt).toISOString() });
    expect(item.body.filter((b: { purpose: string }) => b.purpose === 'tagging')).toEqual(
      a.tags.map((value) => ({ type: 'TextualBody', purpose: 'tagging', value })),
    );
    expect(item.target).toMatchObject({ type: 'SpecificResource', source: a.url, 'doneness:threadKey': a.threadKey });
    // Every schema field is carried somewhere.
    const json = JSON.stringify(annotationToW3c(a));
    for (const field of ['issues', 'history', 'ratings', 'stamps', 'deleted', 'reviewOn', 'assessedActivity', 'site']) {
      expect(json).toContain(`"doneness:${field}"`);
    }
  });

  it('keeps an empty page address empty', () => {
    const a = sampleSet()[4];
    expect(a.url).toBe('');
    const parsed = parseImportText(renderExport('w3c', [a], options).text);
    expect(parsed.ok && parsed.annotations[0].url).toBe('');
  });
});

describe('exports of the dashboard worker', () => {
  it('exports only the given keys, in every format, and leaves deleted discussions out', async () => {
    const repo = freshRepo('jobs');
    const set = sampleSet();
    for (const a of set) await repo.put(a);
    await repo.remove(set[1].threadKey);
    const jobs = createJobs(repo);
    for (const format of ['json', 'csv', 'csv-issues', 'md', 'w3c'] as ExportFormat[]) {
      const answer = await jobs.handle({ id: 1, type: 'export', format, keys: null, bom: false, clientVersion: '1', now: NOW.getTime(), labels: options.labels });
      expect(answer.ok).toBe(true);
      const value = (answer as { value: { count: number; fileName: string; blob: Blob } }).value;
      expect(value.count).toBe(4);
      expect(await value.blob.text()).not.toContain(set[1].threadKey.split(':')[1]);
    }
    const some = await jobs.handle({ id: 2, type: 'export', format: 'json', keys: [set[0].threadKey, set[2].threadKey], bom: false, clientVersion: '1', now: NOW.getTime(), labels: options.labels });
    const value = (some as { value: { count: number; blob: Blob } }).value;
    expect(value.count).toBe(2);
    const parsed = parseImportText(await value.blob.text());
    expect(parsed.ok && parsed.annotations.map((a) => a.threadKey).sort()).toEqual([set[0].threadKey, set[2].threadKey].sort());
  });
});

describe('the JSON export in pieces', () => {
  it('joins to the bytes of the export as one string, with none, one or many annotations', () => {
    for (const list of [[], sampleSet().slice(0, 1), sampleSet(), manyAnnotations(30)]) {
      const envelope = buildExport(list.map(canonical), '1.2.3', NOW);
      const { annotations, ...header } = envelope;
      const pieces = exportHead(header) + annotations.map(exportItem).join('') + exportTail(annotations.length);
      expect(pieces).toBe(serializeExport(envelope));
    }
  });

  it('the worker streams pages of the database into the same bytes as renderExport, all or some keys', async () => {
    // More than two of the worker's pages (2,000), with tombstones among them.
    const repo = freshRepo('stream');
    const many = manyAnnotations(4500).map(canonical);
    await repo.db.annotations.bulkPut(many);
    for (const gone of [many[10], many[2500], many[4499]]) await repo.remove(gone.threadKey, 1_800_000_000_000);
    const jobs = createJobs(repo);
    const exportOf = async (keys: string[] | null) => {
      const answer = await jobs.handle({ id: 1, type: 'export', format: 'json', keys, bom: false, clientVersion: '1.2.3', now: NOW.getTime(), labels: options.labels });
      if (!answer.ok) throw new Error(answer.error);
      return answer.value as { blob: Blob; count: number; fileName: string };
    };
    const all = await exportOf(null);
    const live = (await repo.db.annotations.toArray()).filter((a) => !a.deleted);
    expect(all.count).toBe(4497);
    expect(all.fileName).toBe('doneness-2026-11-26.json');
    expect(all.blob.type).toBe('application/json');
    expect(await all.blob.text()).toBe(renderExport('json', live, options).text);

    const keys = [...many.filter((_, i) => i % 3 === 0).map((a) => a.threadKey), many[2500].threadKey, many[3].threadKey, 'mediawiki:missing'];
    const some = await exportOf(keys.reverse());
    const wanted = live.filter((a) => keys.includes(a.threadKey));
    expect(some.count).toBe(wanted.length);
    expect(await some.blob.text()).toBe(renderExport('json', wanted, options).text);

    const none = await exportOf([]);
    expect(await none.blob.text()).toBe(renderExport('json', [], options).text);
  });
});

describe('committing an import from the dashboard worker', () => {
  it('answers counts, and hands out the changed keys a lookup at a time', async () => {
    const repo = freshRepo('commit');
    const stored = manyAnnotations(3).map(canonical);
    for (const a of stored) await repo.put(a);
    const incoming = [...manyAnnotations(6001).slice(3), applyEdit(stored[0], { kind: 'setNote', text: 'changed' }, { now: Date.now() - 60_000, by: '', memberId: 'm2', lastActivity: null }), stored[1]];
    const jobs = createJobs(repo);
    const text = renderExport('json', incoming, options).text;
    const preview = await jobs.handle({ id: 1, type: 'preview', file: new Blob([text]) });
    expect(preview.ok).toBe(true);
    const commit = await jobs.handle({ id: 2, type: 'commit', skipRejected: false });
    expect(commit).toEqual({ id: 2, ok: true, value: { added: 5998, updated: 1, unchanged: 1, skipped: 0 } });
    const keys: string[] = [];
    for (let start = 0; ; start += 5000) {
      const page = await jobs.handle({ id: 3, type: 'changed', start });
      const value = (page as { value: string[] }).value;
      expect(value.length).toBeLessThanOrEqual(5000);
      if (value.length === 0) break;
      keys.push(...value);
    }
    expect(keys.sort()).toEqual([...manyAnnotations(6001).slice(3).map((a) => a.threadKey), stored[0].threadKey].sort());
  });

  it('checks a record not stored once, at preview: the commit writes that checked form', async () => {
    const repo = freshRepo('checked-once');
    const incoming = manyAnnotations(5);
    const jobs = createJobs(repo);
    expect((await jobs.preview(new Blob([renderExport('json', incoming, options).text]))).ok).toBe(true);
    const checks = vi.spyOn(Annotation, 'safeParse');
    try {
      expect(await jobs.commit(false)).toMatchObject({ added: incoming.map((a) => a.threadKey).sort() });
      expect(checks).not.toHaveBeenCalled();
    } finally {
      checks.mockRestore();
    }
    expect(await repo.getMany(incoming.map((a) => a.threadKey))).toEqual(new Map(incoming.map((a) => [a.threadKey, canonical(a)])));
  });

  it('merges a record stored after the preview with the stored copy, and checks that merge', async () => {
    const repo = freshRepo('stored-meanwhile');
    const [theirs] = manyAnnotations(1);
    const jobs = createJobs(repo);
    expect((await jobs.preview(new Blob([renderExport('json', [theirs], options).text]))).ok).toBe(true);
    // Edited here between preview and commit: the commit must not write the preview's form over it.
    const ours = applyEdit(theirs, { kind: 'setNote', text: 'written here meanwhile' }, { now: Date.now() - 60_000, by: '', memberId: 'm9', lastActivity: null });
    await repo.put(ours);
    const checks = vi.spyOn(Annotation, 'safeParse');
    try {
      expect(await jobs.commit(false)).toMatchObject({ added: [], updated: [], unchanged: 1 });
      expect(checks).toHaveBeenCalledTimes(1);
    } finally {
      checks.mockRestore();
    }
    expect((await repo.get(theirs.threadKey))?.note).toBe('written here meanwhile');
  });

  it('checks a canonical record (what exports hold) once in all, as the preview reads it', async () => {
    const repo = freshRepo('checked-at-read');
    const incoming = manyAnnotations(5).map(canonical);
    const jobs = createJobs(repo);
    const checks = vi.spyOn(Annotation, 'safeParse');
    try {
      expect((await jobs.preview(new Blob([renderExport('json', incoming, options).text]))).ok).toBe(true);
      await jobs.commit(false);
      expect(checks).toHaveBeenCalledTimes(incoming.length);
    } finally {
      checks.mockRestore();
    }
    expect(renderExport('json', [...(await repo.getMany(incoming.map((a) => a.threadKey))).values()], options).text).toBe(
      renderExport('json', incoming, options).text,
    );
  });

  it('checks a record that is not canonical again once made canonical, and stores the canonical form', async () => {
    const repo = freshRepo('not-canonical');
    const [a] = manyAnnotations(1);
    const twoIssues = applyEdit(canonical(a), { kind: 'addIssue', id: 'zz', text: 'another' }, { now: Date.now() - 60_000, by: '', memberId: 'm2', lastActivity: null });
    expect(twoIssues.issues.length).toBeGreaterThan(1);
    // Issues in reverse order of their ids: valid, but not the stored (canonical) order.
    const reversed = { ...twoIssues, issues: [...canonical(twoIssues).issues].reverse() };
    const jobs = createJobs(repo);
    const checks = vi.spyOn(Annotation, 'safeParse');
    try {
      expect((await jobs.preview(new Blob([JSON.stringify({ ...buildExport([], '1.2.3', NOW), annotations: [reversed] })]))).ok).toBe(true);
      await jobs.commit(false);
      expect(checks).toHaveBeenCalledTimes(2);
    } finally {
      checks.mockRestore();
    }
    expect(await repo.get(a.threadKey)).toEqual(canonical(twoIssues));
    expect(JSON.stringify(await repo.get(a.threadKey))).toBe(JSON.stringify(canonical(twoIssues)));
  });
});


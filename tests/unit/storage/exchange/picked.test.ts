// Picked discussions keep their W3C selectors through every format that reads back (native JSON,
// W3C with the selectors as the target's `selector`), through the sync merge, and through an
// edit that re-points them; bad selectors are refused with the path that is wrong.
import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../../../lib/i18n';
import { DonenessDb } from '../../../../storage/db';
import { renderExport } from '../../../../storage/exchange/export-formats';
import { reportLabels } from '../../../../storage/exchange/export-markdown';
import { createJobs } from '../../../../storage/exchange/import-jobs';
import { parseImportText } from '../../../../storage/exchange/import';
import { canonical, mergeAnnotations } from '../../../../storage/merge';
import { applyEdit } from '../../../../storage/model';
import { Repository } from '../../../../storage/repository';
import { Annotation, PickTarget } from '../../../../storage/schema';
import { annotate, picked, sampleSet } from './sample';

const options = { now: new Date('2026-11-26T10:00:00.000Z'), clientVersion: '1.2.3', labels: reportLabels(t) };
let dbs: DonenessDb[] = [];
afterEach(async () => {
  for (const db of dbs) {
    db.close();
    await db.delete();
  }
  dbs = [];
});
const freshRepo = () => {
  const db = new DonenessDb(`picked-${Math.random()}`);
  dbs.push(db);
  return new Repository(db);
};

const pickedOne = () => annotate(picked(6), [{ kind: 'setMaturity', maturity: 40 }, { kind: 'addIssue', id: 'p1', text: 'Which rack?' }]);

describe('picked discussions in exports', () => {
  it('W3C: the selectors are the target selector, and read back the same', () => {
    const a = pickedOne();
    const text = renderExport('w3c', [a, ...sampleSet()].map(canonical), options).text;
    const json = JSON.parse(text);
    const item = json.first.items.find((i: { target: { 'doneness:threadKey': string } }) => i.target['doneness:threadKey'] === a.threadKey);
    expect(item.target.source).toBe('https://board.corp.example/topics/oven-week');
    expect(item.target.selector).toEqual(a.target!.selector);
    expect(item['doneness:target']).toBeUndefined();
    const parsed = parseImportText(text);
    if (!parsed.ok) throw new Error('not parsed');
    expect(parsed.rejected).toEqual([]);
    expect(parsed.annotations.map(canonical).find((x) => x.threadKey === a.threadKey)).toEqual(canonical(a));
  });

  it('W3C: a discussion picked in a feed keeps its own permalink as url and the feed as source', () => {
    // Keyed from its own permalink, so its site is the key's (content/picked.ts derives it so).
    const ref = { ...picked(7), key: 'generic:https://board.corp.example/topics/oven-week/posts/4413', site: 'generic' as const, url: 'https://board.corp.example/topics/oven-week/posts/4413' };
    const a = annotate(ref, [{ kind: 'setMaturity', maturity: 80 }]);
    const text = renderExport('w3c', [a], options).text;
    const item = JSON.parse(text).first.items[0];
    expect(item.target.source).toBe('https://board.corp.example/topics/oven-week');
    expect(item.target['doneness:url']).toBe(ref.url);
    const parsed = parseImportText(text);
    expect(parsed.ok && parsed.annotations.map(canonical)).toEqual([canonical(a)]);
  });

  it('native JSON: export → import into an empty database → same bytes', async () => {
    const source = freshRepo();
    await source.put(pickedOne());
    const first = renderExport('json', await source.list(), options).text;
    expect(first).toContain('"TextQuoteSelector"');
    const target = freshRepo();
    const jobs = createJobs(target);
    const preview = await jobs.preview(new Blob([first]));
    expect(preview.ok).toBe(true);
    await jobs.commit(false);
    expect(renderExport('json', await target.list(), options).text).toBe(first);
  });

  it('refuses bad selectors with the W3C path of the problem', () => {
    const a = pickedOne();
    const item = JSON.parse(renderExport('w3c', [a], options).text);
    item.first.items[0].target.selector[0].exact = '';
    const parsed = parseImportText(JSON.stringify(item));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.annotations).toEqual([]);
    expect(JSON.stringify(parsed.rejected)).toContain('first.items.0.target.selector.0.exact');
    expect(PickTarget.safeParse({ source: 'x', selector: [{ type: 'CssSelector', value: 'li' }] }).success).toBe(false);
    expect(PickTarget.safeParse({ source: 'x', selector: [{ type: 'TextQuoteSelector', exact: 'a' }, { type: 'TextQuoteSelector', exact: 'b' }] }).success).toBe(false);
    expect(PickTarget.safeParse({ source: 'x', selector: [{ type: 'TextQuoteSelector', exact: 'a' }, { type: 'TextPositionSelector', start: 5, end: 1 }] }).success).toBe(false);
  });

  it('the target register: the newer place wins; an edit from the page without one keeps it', async () => {
    const a = pickedOne();
    const moved = { ...picked(6), target: { source: picked(6).target!.source, selector: [{ type: 'TextQuoteSelector' as const, exact: 'Re-pointed block' }] } };
    const repo = freshRepo();
    await repo.put(a);
    const next = await repo.edit(moved, { kind: 'setNote', text: 'n' }, { now: a.updatedAt + 10, by: 'Ada', lastActivity: null });
    expect(next.target).toEqual(moved.target);
    expect(next.history).toEqual(a.history);
    expect(Annotation.safeParse(next).success).toBe(true);
    const { target: _dropped, ...withoutTarget } = picked(6);
    const kept = await repo.edit(withoutTarget, { kind: 'setNote', text: 'm' }, { now: a.updatedAt + 20, by: 'Ada', lastActivity: null });
    expect(kept.target).toEqual(moved.target);
    expect(mergeAnnotations(a, next).target).toEqual(moved.target);
    expect(mergeAnnotations(next, a).target).toEqual(moved.target);
    // Merged records serialise like parsed ones (keys in schema order).
    expect(JSON.stringify(mergeAnnotations(next, a))).toBe(JSON.stringify(Annotation.parse(mergeAnnotations(next, a))));
    const other = applyEdit(a, { kind: 'setNote', text: 'x' }, { now: a.updatedAt + 5, by: 'B', memberId: 'm2', lastActivity: null });
    expect(mergeAnnotations(other, next).target).toEqual(moved.target);
  });
});

describe('a picked discussion in storage', () => {
  it('its title is the person’s: setTitle writes it, and the page’s block heading does not overwrite it', async () => {
    const repo = freshRepo();
    const ref = picked(8);
    const first = await repo.edit(ref, { kind: 'setMaturity', maturity: 20 }, { now: 1_000, by: 'Ada', lastActivity: null });
    expect(first.title).toBe(ref.title);
    expect(first.stamps.target).not.toBe('');
    const renamed = await repo.edit(ref, { kind: 'setTitle', title: 'Oven week: who bakes on Monday' }, { now: 2_000, by: 'Ada', lastActivity: null });
    expect(renamed.title).toBe('Oven week: who bakes on Monday');
    const later = await repo.edit({ ...ref, title: 'First line of the block' }, { kind: 'setNote', text: 'n' }, { now: 3_000, by: 'Ada', lastActivity: null });
    expect(later.title).toBe('Oven week: who bakes on Monday');
    expect(later.history).toEqual(first.history);
  });

  it('a record written before the target register (schema 4) reads as no target, never written', () => {
    const a = canonical(pickedOne());
    const { target: _t, ...old } = a;
    const { target: _s, ...oldStamps } = a.stamps;
    const parsed = Annotation.parse({ ...old, stamps: oldStamps });
    expect(parsed.target).toBeNull();
    expect(parsed.stamps.target).toBe('');
    expect(mergeAnnotations(parsed, a).target).toEqual(a.target);
  });
});

import { describe, expect, it } from 'vitest';
import { applyEdit, badgeStateOf, bandOf, emptyAnnotation, isDue, visibleIssues } from '../../../storage/model';
import { Annotation, ThreadKey, type ThreadRef } from '../../../storage/schema';

const ref: ThreadRef = {
  key: 'mediawiki:en.wikipedia.org/Talk:Cake#Recipe',
  site: 'mediawiki',
  title: 'Recipe',
  url: 'https://en.wikipedia.org/wiki/Talk:Cake#Recipe',
  native: { state: null, replies: 3, participants: 2, lastActivity: '2026-01-02T03:04:00.000Z' },
};
const ctx = (now: number) => ({ now, by: 'Ada', memberId: 'ada', lastActivity: ref.native.lastActivity });

describe('bands', () => {
  it.each([
    [0, 'raw'], [19, 'raw'], [20, 'mixing'], [49, 'mixing'], [50, 'baking'], [79, 'baking'],
    [80, 'nearly'], [99, 'nearly'], [100, 'baked'],
  ] as const)('%i is %s', (m, band) => expect(bandOf(m)).toBe(band));
});

describe('storage accepts any integer 0–100 and rejects anything else', () => {
  const base = emptyAnnotation(ref, 1000);
  it.each([0, 1, 37, 100])('accepts %s', (m) => expect(Annotation.safeParse({ ...base, maturity: m }).success).toBe(true));
  it.each([-1, 101, 50.5, '50', NaN, Infinity])('rejects %s', (m) =>
    expect(Annotation.safeParse({ ...base, maturity: m }).success).toBe(false));
  it('rejects keys of unknown sites', () => {
    expect(ThreadKey.safeParse('nosuch:thing').success).toBe(false);
    expect(ThreadKey.safeParse('mediawiki:').success).toBe(false);
    expect(ThreadKey.safeParse(ref.key).success).toBe(true);
  });
});

describe('applyEdit', () => {
  it('records every maturity change in history and remembers the activity it judged', () => {
    let a = emptyAnnotation(ref, 1000);
    a = applyEdit(a, { kind: 'setMaturity', maturity: 40 }, ctx(2000));
    a = applyEdit(a, { kind: 'setMaturity', maturity: 60 }, ctx(3000));
    a = applyEdit(a, { kind: 'setMaturity', maturity: 60 }, ctx(4000));
    expect(a.maturity).toBe(60);
    expect(a.history).toEqual([
      { at: 2000, from: null, to: 40, by: 'Ada' },
      { at: 3000, from: 40, to: 60, by: 'Ada' },
    ]);
    expect(a.assessedActivity).toBe('2026-01-02T03:04:00.000Z');
  });

  it('adds, resolves, reopens, moves and deletes issues', () => {
    let a = emptyAnnotation(ref, 1000);
    a = applyEdit(a, { kind: 'addIssue', id: 'i1', text: 'Who signs off?' }, ctx(1100));
    a = applyEdit(a, { kind: 'addIssue', id: 'i2', text: 'Budget' }, ctx(1200));
    a = applyEdit(a, { kind: 'resolveIssue', id: 'i1', resolution: 'Grace' }, ctx(1300));
    expect(visibleIssues(a)[0]).toMatchObject({ status: 'resolved', resolvedAt: 1300, resolution: 'Grace' });
    expect(badgeStateOf(a, 1300)).toEqual({ maturity: null, openIssues: 1, totalIssues: 2, due: false, assessedActivity: null });
    a = applyEdit(a, { kind: 'reopenIssue', id: 'i1' }, ctx(1400));
    expect(visibleIssues(a)[0]).toMatchObject({ status: 'open', resolvedAt: null });
    a = applyEdit(a, { kind: 'moveIssue', id: 'i2', to: 0 }, ctx(1450));
    expect(visibleIssues(a).map((i) => i.id)).toEqual(['i2', 'i1']);
    a = applyEdit(a, { kind: 'editIssue', id: 'i2', text: 'Budget for Q3' }, ctx(1475));
    expect(visibleIssues(a)[0].text).toBe('Budget for Q3');
    a = applyEdit(a, { kind: 'deleteIssue', id: 'i2' }, ctx(1500));
    expect(visibleIssues(a).map((i) => i.id)).toEqual(['i1']);
    // The deleted issue stays as a tombstone so a merge with an older copy cannot revive it.
    expect(a.issues.find((i) => i.id === 'i2')).toMatchObject({ deleted: true });
    expect(badgeStateOf(a, 1500)).toMatchObject({ openIssues: 1, totalIssues: 1 });
    expect(() => applyEdit(a, { kind: 'editIssue', id: 'i2', text: 'x' }, ctx(1510))).toThrow(/no issue/);
    const restored = applyEdit(a, { kind: 'restoreIssue', issue: a.issues.find((i) => i.id === 'i2')!, at: 0 }, ctx(1520));
    expect(visibleIssues(restored).map((i) => i.id)).toEqual(['i2', 'i1']);
    expect(a.updatedAt).toBe(1500);
  });

  it('refuses edits of missing issues and duplicate ids, leaving the input untouched', () => {
    const a = applyEdit(emptyAnnotation(ref, 1), { kind: 'addIssue', id: 'x', text: 't' }, ctx(2));
    expect(() => applyEdit(a, { kind: 'resolveIssue', id: 'nope', resolution: '' }, ctx(3))).toThrow(/no issue/);
    expect(() => applyEdit(a, { kind: 'addIssue', id: 'x', text: 'again' }, ctx(3))).toThrow(/exists/);
    expect(a.issues).toHaveLength(1);
  });

  it('marks a discussion due once its review date has come', () => {
    const now = new Date(2026, 10, 26, 12).getTime();
    expect(isDue({ reviewOn: '2026-11-26' }, now)).toBe(true);
    expect(isDue({ reviewOn: '2026-11-27' }, now)).toBe(false);
    expect(isDue({ reviewOn: null }, now)).toBe(false);
  });
});

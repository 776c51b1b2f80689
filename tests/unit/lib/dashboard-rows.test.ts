import { describe, expect, it } from 'vitest';
import {
  NO_FILTER,
  dashboardRow,
  distribution,
  filterFromHash,
  filterRows,
  filterToHash,
  shownRow,
  sortRows,
  tagsOf,
  type DashboardRow,
} from '../../../lib/dashboard-rows';
import { applyEdit, emptyAnnotation, type EditOp } from '../../../storage/model';
import type { Annotation, SiteId } from '../../../storage/schema';

const NOW = Date.UTC(2026, 5, 15, 12);

function make(key: string, ops: EditOp[], updatedAt: number): Annotation {
  const site = key.slice(0, key.indexOf(':')) as SiteId;
  let a = emptyAnnotation(
    { key, site, title: `Title ${key}`, url: 'https://x.example/', native: { state: null, replies: null, participants: null, lastActivity: null } },
    updatedAt,
  );
  ops.forEach((op, i) => (a = applyEdit(a, op, { now: updatedAt + i, by: '', memberId: 'm', lastActivity: null })));
  return a;
}

const annotations = [
  make('mediawiki:a', [{ kind: 'setMaturity', maturity: 60 }, { kind: 'addIssue', id: 'i', text: 'Budget for the oven' }], 1000),
  make('mediawiki:b', [{ kind: 'setMaturity', maturity: 60 }, { kind: 'addIssue', id: 'i', text: 'x' }, { kind: 'resolveIssue', id: 'i', resolution: '' }], 2000),
  make('discourse:c', [{ kind: 'setMaturity', maturity: 100 }, { kind: 'setTags', tags: ['policy'] }], 3000),
  make('github:d', [{ kind: 'addIssue', id: 'i', text: 'Who decides?' }, { kind: 'setReviewOn', date: '2026-06-01' }], 4000),
  make('github:e', [{ kind: 'setMaturity', maturity: 10 }, { kind: 'setReviewOn', date: '2026-07-01' }, { kind: 'setNote', text: 'Ask Ada' }], 5000),
];
const rows = annotations.map(dashboardRow);
const keys = (list: DashboardRow[]) => list.map((a) => a.threadKey);

describe('dashboard rows', () => {
  it('filters by band and open issues ("Baking with open issues")', () => {
    expect(keys(filterRows(rows, { ...NO_FILTER, band: 'baking', openIssues: 'with' }, NOW))).toEqual(['mediawiki:a']);
    expect(keys(filterRows(rows, { ...NO_FILTER, band: 'baking', openIssues: 'without' }, NOW))).toEqual(['mediawiki:b']);
  });

  it('counts deleted issues as gone', () => {
    const deleted = applyEdit(annotations[0], { kind: 'deleteIssue', id: 'i' }, { now: 9000, by: '', memberId: 'm', lastActivity: null });
    expect(filterRows([dashboardRow(deleted)], { ...NO_FILTER, openIssues: 'with' }, NOW)).toEqual([]);
  });

  it('filters by site, unrated band, due, tag and words anywhere in the discussion', () => {
    expect(keys(filterRows(rows, { ...NO_FILTER, site: 'github' }, NOW))).toEqual(['github:d', 'github:e']);
    expect(keys(filterRows(rows, { ...NO_FILTER, band: 'unrated' }, NOW))).toEqual(['github:d']);
    expect(keys(filterRows(rows, { ...NO_FILTER, due: 'due' }, NOW))).toEqual(['github:d']);
    expect(keys(filterRows(rows, { ...NO_FILTER, due: 'notDue' }, NOW))).toHaveLength(4);
    expect(keys(filterRows(rows, { ...NO_FILTER, tag: 'policy' }, NOW))).toEqual(['discourse:c']);
    expect(keys(filterRows(rows, { ...NO_FILTER, text: 'OVEN budget' }, NOW))).toEqual(['mediawiki:a']);
    expect(keys(filterRows(rows, { ...NO_FILTER, text: 'ada' }, NOW))).toEqual(['github:e']);
    expect(keys(filterRows(rows, { ...NO_FILTER, text: 'budget nothing' }, NOW))).toEqual([]);
  });

  it('sorts by maturity with unrated last, by review date with undated last, and stably', () => {
    expect(keys(sortRows(rows, { key: 'maturity', dir: 'desc' }))).toEqual([
      'discourse:c', 'mediawiki:b', 'mediawiki:a', 'github:e', 'github:d',
    ]);
    expect(keys(sortRows(rows, { key: 'reviewOn', dir: 'asc' })).slice(0, 2)).toEqual(['github:d', 'github:e']);
    expect(keys(sortRows(rows, { key: 'updated', dir: 'desc' }))[0]).toBe('github:e');
    expect(keys(sortRows(rows, { key: 'openIssues', dir: 'desc' })).slice(0, 2)).toEqual(['github:d', 'mediawiki:a']);
  });

  it('counts the distribution by band and by site', () => {
    const d = distribution(rows);
    expect(d.total).toBe(5);
    expect(d.byBand).toEqual({ raw: 1, mixing: 0, baking: 2, nearly: 0, baked: 1, unrated: 1 });
    expect(d.bySite.map((s) => [s.site, s.total])).toEqual([['github', 2], ['mediawiki', 2], ['discourse', 1]]);
    expect(tagsOf(rows)).toEqual(['policy']);
  });

  it('keeps only what the dashboard shows, and searches the texts it leaves out', () => {
    const row = rows[0];
    expect(row).toMatchObject({ threadKey: 'mediawiki:a', maturity: 60, openIssues: 1, totalIssues: 1, tags: [] });
    expect(Object.keys(shownRow(row)).sort()).toEqual(
      ['assessedActivity', 'keptAfterDelete', 'maturity', 'openIssues', 'reviewOn', 'site', 'tags', 'threadKey', 'title', 'totalIssues', 'updatedAt', 'url'],
    );
    // Issue texts and notes are not kept, but a search still finds them.
    expect(keys(filterRows(rows, { ...NO_FILTER, text: 'ask ADA' }, NOW))).toEqual(['github:e']);
  });

  it('round-trips the view through the address and ignores unknown values', () => {
    const view = { filter: { ...NO_FILTER, band: 'baking' as const, openIssues: 'with' as const, text: 'oven' }, sort: { key: 'maturity' as const, dir: 'asc' as const } };
    expect(filterFromHash(filterToHash(view.filter, view.sort), ['mediawiki'])).toEqual(view);
    expect(filterFromHash('#band=burnt&site=evil&sort=x:y', ['mediawiki'])).toEqual({
      filter: NO_FILTER,
      sort: { key: 'updated', dir: 'desc' },
    });
  });
});

/**
 * The dashboard's table of annotated discussions: sortable by every column through header
 * buttons (aria-sort tells screen readers the order), each title opening its thread.
 */
import { badgeStateOf, isDue, visibleIssues } from '../storage/model';
import type { Annotation } from '../storage/schema';
import { Badge } from './Badge';
import { openIssueCount, type SortKey, type SortOrder } from './dashboard-rows';
import { formatDay, formatTime, t } from './i18n';

export interface AnnotationTableProps {
  rows: Annotation[];
  sort: SortOrder;
  onSort: (sort: SortOrder) => void;
  now: number;
}

const COLUMNS: Array<[SortKey, string]> = [
  ['title', 'colDiscussion'],
  ['site', 'colSite'],
  ['maturity', 'colMaturity'],
  ['openIssues', 'colOpenIssues'],
  ['reviewOn', 'colReviewOn'],
  ['updated', 'colUpdated'],
];

/** Which way a column sorts first: numbers and dates newest/highest first, text A→Z. */
const FIRST_DIR: Record<SortKey, 'asc' | 'desc'> = {
  title: 'asc',
  site: 'asc',
  maturity: 'desc',
  openIssues: 'desc',
  reviewOn: 'asc',
  updated: 'desc',
};

export function AnnotationTable({ rows, sort, onSort, now }: AnnotationTableProps) {
  return (
    <div class="table-wrap">
      <table class="annotations">
        <caption class="sr-only">{t('tableCaption')}</caption>
        <thead>
          <tr>
            {COLUMNS.map(([key, label]) => {
              const active = sort.key === key;
              return (
                <th key={key} scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  <button
                    type="button"
                    class="sort"
                    onClick={() =>
                      onSort({ key, dir: active ? (sort.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[key] })
                    }
                  >
                    {t(label)}
                    <span class="sort-mark" aria-hidden="true">
                      {active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => {
            const open = openIssueCount(a);
            const total = visibleIssues(a).length;
            const due = isDue(a, now);
            return (
              <tr key={a.threadKey} data-key={a.threadKey}>
                <td class="col-title">
                  <a href={a.url} target="_blank" rel="noreferrer">
                    {a.title || a.threadKey}
                  </a>
                  {a.tags.length > 0 && (
                    <span class="row-tags">
                      <span class="sr-only">{t('tagsLabel')}: </span>
                      {a.tags.map((tag) => (
                        <span key={tag} class="tag small">
                          {tag}
                        </span>
                      ))}
                    </span>
                  )}
                </td>
                <td>{t('site_' + a.site)}</td>
                <td>
                  <Badge state={badgeStateOf(a, now)} showUnassessed={true} />
                </td>
                <td class="num">{total === 0 ? '–' : t('openOfTotal', open, total)}</td>
                <td>
                  {a.reviewOn ? (
                    <span class={due ? 'due-text' : ''}>
                      {due && <span class="due-dot" aria-hidden="true" />}
                      {formatDay(a.reviewOn)}
                      {due && <span class="sr-only"> ({t('badgeDue')})</span>}
                    </span>
                  ) : (
                    '–'
                  )}
                </td>
                <td>
                  <time dateTime={new Date(a.updatedAt).toISOString()}>{formatTime(a.updatedAt)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

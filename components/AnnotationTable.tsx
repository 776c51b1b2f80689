/**
 * The dashboard's table of annotated discussions: sortable by every column through header
 * buttons (aria-sort tells screen readers the order), each title opening its thread. Up to
 * TABLE_WINDOW rows are drawn whole. A longer list scrolls in its own box and is drawn only
 * around what is in view: the page holds a window of TABLE_WINDOW rows from the dashboard's
 * worker, draws the few dozen in view, and spacer rows stand for the rest; each drawn row tells
 * screen readers its place in the whole list (aria-rowcount, aria-rowindex), and keyboard focus
 * moving down the rows scrolls the next ones into the drawing.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isDue } from '../storage/model';
import type { BadgeState } from '../storage/schema';
import { isWebUrl } from '../storage/web-url';
import { isoTime } from '../storage/time-bounds';
import { Badge } from './Badge';
import type { DashboardRow, SortKey, SortOrder } from '../lib/dashboard-rows';
import { formatDay, formatTime, t } from '../lib/i18n';

/** Rows the page holds at once: a whole short list, or the window of a long one. */
export const TABLE_WINDOW = 200;
/** Rows drawn above and below those in view of a long list. */
const OVERSCAN = 12;
/** Rows kept between what is drawn and the held window's edge before another window is asked for. */
const MARGIN = 40;
/** Height of one row of a long list before a drawn row is measured. */
const ROW_GUESS = 37;

export interface AnnotationTableProps {
  /** The shown rows from `offset` on (all of them when `shown` ≤ TABLE_WINDOW). */
  rows: DashboardRow[];
  offset: number;
  /** How many rows the filter shows in all. */
  shown: number;
  sort: SortOrder;
  onSort: (sort: SortOrder) => void;
  now: number;
  /** Asks for the rows from another offset (long lists only). */
  onWindow: (offset: number) => void;
  /** Changes when the filter or sort changes: a long list scrolls back to its top. */
  viewKey: string;
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

/** Which rows of a long list to draw: those in view and OVERSCAN on either side. */
export function drawnRange(first: number, visible: number, shown: number): { from: number; to: number } {
  return { from: Math.max(0, first - OVERSCAN), to: Math.min(shown, first + visible + OVERSCAN) };
}

/**
 * The offset of the window of rows to hold so that rows `from`… `to` can be drawn with MARGIN to
 * spare, or null when the window held (`offset`, `held` rows) already has that room.
 */
export function nextWindow(from: number, to: number, offset: number, held: number, shown: number): number | null {
  const end = offset + held;
  const roomAbove = offset === 0 || from >= offset + MARGIN;
  const roomBelow = end >= shown || to <= end - MARGIN;
  if (roomAbove && roomBelow) return null;
  const centred = from - Math.floor((TABLE_WINDOW - (to - from)) / 2);
  const next = Math.max(0, Math.min(centred, shown - TABLE_WINDOW));
  return next === offset ? null : next;
}

function stateOf(row: DashboardRow, now: number): BadgeState {
  return {
    maturity: row.maturity,
    openIssues: row.openIssues,
    totalIssues: row.totalIssues,
    due: isDue(row, now),
    assessedActivity: row.assessedActivity,
  };
}

function Row({ row, now, index }: { row: DashboardRow; now: number; index: number | undefined }) {
  const due = isDue(row, now);
  // Rows arrive as new objects with every view; the badge is drawn again only when it changes.
  const state = useMemo(() => stateOf(row, now), [row.maturity, row.openIssues, row.totalIssues, due, row.assessedActivity]);
  return (
    <tr data-key={row.threadKey} aria-rowindex={index}>
      <td class="col-title">
        <div class="title-line">
          <a href={isWebUrl(row.url) ? row.url : undefined} target="_blank" rel="noreferrer">
            {row.title || row.threadKey}
          </a>
          {row.tags.length > 0 && (
            <span class="row-tags">
              <span class="sr-only">{t('tagsLabel')}: </span>
              {row.tags.map((tag) => (
                <span key={tag} class="tag small">
                  {tag}
                </span>
              ))}
            </span>
          )}
        </div>
      </td>
      <td>{t('site_' + row.site)}</td>
      <td>
        <Badge state={state} showUnassessed={true} />
      </td>
      <td class="num">{row.totalIssues === 0 ? '–' : t('openOfTotal', row.openIssues, row.totalIssues)}</td>
      <td>
        {row.reviewOn ? (
          <span class={due ? 'due-text' : ''}>
            {formatDay(row.reviewOn)}
            {due && <span class="due-tag" title={t('badgeDue')}>{`⟳ ${t('badgeDueShort')}`}</span>}
          </span>
        ) : (
          '–'
        )}
      </td>
      <td>
        <time dateTime={isoTime(row.updatedAt)}>{formatTime(row.updatedAt)}</time>
      </td>
    </tr>
  );
}

function Spacer({ rows, height }: { rows: number; height: number }) {
  if (rows <= 0) return null;
  return (
    <tr class="spacer" aria-hidden="true">
      <td colSpan={COLUMNS.length} style={{ height: `${rows * height}px` }} />
    </tr>
  );
}

export function AnnotationTable({ rows, offset, shown, sort, onSort, now, onWindow, viewKey }: AnnotationTableProps) {
  const virtual = shown > TABLE_WINDOW;
  const wrap = useRef<HTMLDivElement>(null);
  const [rowHeight, setRowHeight] = useState(ROW_GUESS);
  const [inView, setInView] = useState({ first: 0, visible: 20 });
  const frame = useRef(0);

  const { from, to } = drawnRange(inView.first, inView.visible, shown);
  // The held rows that are to be drawn (while another window is on its way, possibly none).
  const drawn = virtual ? rows.slice(Math.max(0, from - offset), Math.max(0, to - offset)) : rows;
  const drawnFrom = virtual ? Math.max(from, offset) : 0;

  // Rows of a long list are one line high; measure one, so spacers match what is drawn. After
  // the paint, so the layout this reading needs is not added to the task that drew the rows.
  useEffect(() => {
    if (!virtual) return;
    const height = wrap.current?.querySelector('tbody tr[data-key]')?.getBoundingClientRect().height ?? 0;
    if (height > 0 && Math.abs(height - rowHeight) > 0.5) setRowHeight(height);
  }, [virtual, drawn.length > 0]);

  const measure = () => {
    const box = wrap.current;
    if (!virtual || !box) return;
    const head = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const first = Math.max(0, Math.floor((box.scrollTop - head) / rowHeight));
    const visible = Math.ceil(box.clientHeight / rowHeight) + 1;
    if (first !== inView.first || visible !== inView.visible) setInView({ first, visible });
  };
  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(measure);
  };
  useEffect(measure, [virtual, rowHeight, shown]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  useEffect(() => {
    if (wrap.current) wrap.current.scrollTop = 0;
  }, [viewKey]);
  useEffect(() => {
    if (!virtual) return;
    const next = nextWindow(from, to, offset, rows.length, shown);
    if (next !== null) onWindow(next);
  }, [virtual, from, to, offset, rows.length, shown]);

  const table = (
    <table class={virtual ? 'annotations virtual' : 'annotations'} aria-rowcount={virtual ? shown + 1 : undefined}>
      <caption class="sr-only">{t('tableCaption')}</caption>
      <thead>
        <tr aria-rowindex={virtual ? 1 : undefined}>
          {COLUMNS.map(([key, label]) => {
            const active = sort.key === key;
            return (
              <th key={key} scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                <button
                  type="button"
                  class="sort"
                  onClick={() => onSort({ key, dir: active ? (sort.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[key] })}
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
        {virtual && <Spacer rows={drawnFrom} height={rowHeight} />}
        {drawn.map((row, i) => (
          <Row key={row.threadKey} row={row} now={now} index={virtual ? drawnFrom + i + 2 : undefined} />
        ))}
        {virtual && <Spacer rows={shown - drawnFrom - drawn.length} height={rowHeight} />}
      </tbody>
    </table>
  );
  return virtual ? (
    <div class="table-wrap virtual" ref={wrap} onScroll={onScroll} tabIndex={0} role="region" aria-label={t('tableCaption')}>
      {table}
    </div>
  ) : (
    <div class="table-wrap" ref={wrap}>
      {table}
    </div>
  );
}

/**
 * The discussions found on a tab, each with its badge; optionally with a quick maturity slider
 * (popup). The title is the one button per row that opens the discussion, so keyboard users get
 * one stop per thread plus its slider.
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { badgeStateOf } from '../storage/model';
import type { Annotation, ThreadRef } from '../storage/schema';
import { Badge } from './Badge';
import { MaturitySlider } from './MaturitySlider';
import { nativeSummary } from './NativeSignals';
import { useLiveQuery } from './useLiveQuery';
import { repository } from '../services/pages/ui';
import { formatDay, t, tn } from '../lib/i18n';

export interface ThreadListViewProps {
  /** null while the tab is being asked. */
  threads: ThreadRef[] | null;
  annotations: Map<string, Annotation> | undefined;
  onSelect: (thread: ThreadRef) => void;
  /** When given, each row has a maturity slider that commits through this. */
  onQuickSet?: (thread: ThreadRef, maturity: number) => void;
  /** What to show when the tab has no discussions. */
  empty: ComponentChildren;
  now?: number;
  /** A filter box over the titles (the side panel, where a page may hold hundreds). */
  filterable?: boolean;
  /** The discussion edited last: marked in the list. */
  lastEdited?: string | null;
  /** Keys of the discussions in view on the page now: marked in the list. */
  inView?: ReadonlySet<string>;
}

/**
 * What tells same-title discussions apart: their last activity's day where the page gives one,
 * else their place among the namesakes ("2 of 3"). Empty for a title used once.
 */
export function namesakeHints(threads: readonly ThreadRef[]): Map<string, string> {
  const byTitle = new Map<string, ThreadRef[]>();
  for (const thread of threads) {
    const title = thread.title.trim().toLowerCase();
    byTitle.set(title, [...(byTitle.get(title) ?? []), thread]);
  }
  const hints = new Map<string, string>();
  for (const group of byTitle.values()) {
    if (group.length < 2) continue;
    const days = group.map((th) => th.native.lastActivity?.slice(0, 10) ?? '');
    const daysTell = days.every((d) => d) && new Set(days).size === group.length;
    group.forEach((th, i) => hints.set(th.key, daysTell ? formatDay(days[i]) : t('namesakeOf', i + 1, group.length)));
  }
  return hints;
}

/** Not rated yet: no maturity recorded. */
const unrated = (annotation: Annotation | undefined) => annotation?.maturity == null;

export function ThreadListView(props: ThreadListViewProps) {
  const { threads, annotations, onSelect, onQuickSet, empty, now = Date.now(), filterable, lastEdited, inView } = props;
  const [filter, setFilter] = useState('');
  // A team badge names this person's own rating beside the team's median.
  const me = useLiveQuery(() => repository().settings(), [])?.memberId;
  // Unrated rows show their quick slider only after the "rate" badge is clicked: a stray click on
  // a slider would otherwise record a rating nobody meant (and there is no undo for it).
  const [rating, setRating] = useState<string[]>([]);
  const rate = (thread: ThreadRef) => {
    if (!onQuickSet) return onSelect(thread);
    setRating((keys) => [...keys, thread.key]);
    setTimeout(() => document.querySelector<HTMLInputElement>(`li[data-key="${CSS.escape(thread.key)}"] input[type=range]`)?.focus(), 0);
  };
  // While the records of a new set of rows load, the rows keep the records already known, and a
  // row not among them shows no badge yet: a rated thread must never flash a "rate" badge (a
  // click meant for it would land on a button about to change). The list says it is busy.
  const known = useRef<Map<string, Annotation> | undefined>(undefined);
  if (annotations) known.current = annotations;
  const records = annotations ?? known.current;
  const pending = annotations === undefined;
  if (threads === null || (threads.length > 0 && records === undefined)) {
    return (
      <p class="empty" role="status">
        {t('loading')}
      </p>
    );
  }
  if (threads.length === 0) return <>{empty}</>;
  const wanted = filter.trim().toLowerCase();
  const shown = wanted ? threads.filter((th) => (th.title || th.key).toLowerCase().includes(wanted)) : threads;
  const hints = namesakeHints(threads);
  return (
    <>
      {filterable && (
        <div class="list-filter">
          <input
            type="search"
            value={filter}
            aria-label={t('panelFilterLabel')}
            placeholder={t('panelFilterPlaceholder')}
            onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
          />
        </div>
      )}
      <p class="status" role={filterable ? 'status' : undefined}>
        {wanted ? tn('filterShown', threads.length, shown.length, threads.length) : tn('popupFound', threads.length)}
      </p>
      <ul class="thread-list" aria-label={t('threadsOnPage')} aria-busy={pending}>
        {shown.map((thread, i) => {
          const annotation = records?.get(thread.key);
          const settled = !pending || records?.has(thread.key) === true;
          const native = thread.native.state ? t('native_' + thread.native.state) : undefined;
          const edited = thread.key === lastEdited;
          const visible = inView?.has(thread.key) ?? false;
          const hint = hints.get(thread.key);
          return (
            <li class={`thread-item${edited ? ' last-edited' : ''}${visible ? ' in-view' : ''}`} key={thread.key} data-key={thread.key}>
              <div class="thread-row">
                <button type="button" class="title" title={nativeSummary(thread.native) || thread.title} onClick={() => onSelect(thread)}>
                  {thread.title || thread.key}
                  {hint && <span class="namesake"> · {hint}</span>}
                </button>
                {/* On the title's line, so marks coming and going as the page scrolls never move the rows. */}
                {visible && (
                  <span class="mark-in-view" title={t('markInView')}>
                    <span aria-hidden="true">◉</span>
                    <span class="sr-only">{t('markInView')}</span>
                  </span>
                )}
                <Badge
                  state={annotation ? badgeStateOf(annotation, now, me) : null}
                  nativeLabel={native}
                  showUnassessed={settled}
                  onActivate={settled && unrated(annotation) ? () => rate(thread) : undefined}
                />
              </div>
              {edited && (
                <p class="row-marks">
                  <span class="mark-edited">✎ {t('markLastEdited')}</span>
                </p>
              )}
              {onQuickSet && (!unrated(annotation) || rating.includes(thread.key)) && (
                <MaturitySlider
                  id={`quick-${i}`}
                  value={annotation?.maturity ?? null}
                  label={t('maturityOf', thread.title)}
                  onCommit={(maturity) => onQuickSet(thread, maturity)}
                />
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

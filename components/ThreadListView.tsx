/**
 * The discussions found on a tab, each with its badge; optionally with a quick maturity slider
 * (popup). The title is the one button per row that opens the discussion, so keyboard users get
 * one stop per thread plus its slider.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { badgeStateOf } from '../storage/model';
import type { Annotation, ThreadRef } from '../storage/schema';
import { Badge } from './Badge';
import { MaturitySlider } from './MaturitySlider';
import { nativeSummary } from './NativeSignals';
import { t, tn } from '../lib/i18n';

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
}

/** Not rated yet: no maturity recorded. */
const unrated = (annotation: Annotation | undefined) => annotation?.maturity == null;

export function ThreadListView({ threads, annotations, onSelect, onQuickSet, empty, now = Date.now() }: ThreadListViewProps) {
  // Unrated rows show their quick slider only after the "rate" badge is clicked: a stray click on
  // a slider would otherwise record a rating nobody meant (and there is no undo for it).
  const [rating, setRating] = useState<string[]>([]);
  const rate = (thread: ThreadRef) => {
    if (!onQuickSet) return onSelect(thread);
    setRating((keys) => [...keys, thread.key]);
    setTimeout(() => document.querySelector<HTMLInputElement>(`li[data-key="${CSS.escape(thread.key)}"] input[type=range]`)?.focus(), 0);
  };
  if (threads === null) {
    return (
      <p class="empty" role="status">
        {t('loading')}
      </p>
    );
  }
  if (threads.length === 0) return <>{empty}</>;
  return (
    <>
      <p class="status">{tn('popupFound', threads.length)}</p>
      <ul class="thread-list" aria-label={t('threadsOnPage')}>
        {threads.map((thread, i) => {
          const annotation = annotations?.get(thread.key);
          const native = thread.native.state ? t('native_' + thread.native.state) : undefined;
          return (
            <li class="thread-item" key={thread.key} data-key={thread.key}>
              <div class="thread-row">
                <button type="button" class="title" title={nativeSummary(thread.native) || thread.title} onClick={() => onSelect(thread)}>
                  {thread.title || thread.key}
                </button>
                <Badge
                  state={annotation ? badgeStateOf(annotation, now) : null}
                  nativeLabel={native}
                  showUnassessed={true}
                  onActivate={unrated(annotation) ? () => rate(thread) : undefined}
                />
              </div>
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

/**
 * The due / stale indicator of the editor: says why an assessment needs a fresh look (the
 * review date passed, or the thread has activity newer than the last rating) and how old it is.
 */
import { staleness } from '../storage/model';
import type { Annotation } from '../storage/schema';
import { formatDay, t, tn } from '../lib/i18n';

export interface StaleNoticeProps {
  annotation: Annotation;
  lastActivity: string | null;
  now: number;
}

export function StaleNotice({ annotation, lastActivity, now }: StaleNoticeProps) {
  const s = staleness(annotation, lastActivity, now);
  const age = s.days === null ? '' : s.days === 0 ? t('assessedToday') : tn('assessedDaysAgo', s.days);
  if (!s.stale) return age ? <p class="hint assessed-age">{age}</p> : null;
  const reasons: string[] = [];
  if (s.due && annotation.reviewOn) reasons.push(t('staleDue', formatDay(annotation.reviewOn)));
  if (s.newActivity) reasons.push(t('staleNewActivity'));
  return (
    <p class="stale-notice" role="status">
      <span class="stale-mark" aria-hidden="true">⟳</span>
      {[age, ...reasons].filter(Boolean).join(' · ')}
    </p>
  );
}

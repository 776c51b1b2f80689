/**
 * Tells the person who deleted a discussion that a teammate's change they had not seen kept it
 * (docs/conflicts.md: a delete removes only what its author saw). Each line offers to delete it
 * again (that delete has now seen the change, so it removes it for everyone) or to keep it,
 * which hides the line. Display only: the dashboard's app gives the rows and does the actions.
 */
import type { DashboardRow } from '../lib/dashboard-rows';
import { isWebUrl } from '../storage/web-url';
import { t } from '../lib/i18n';

export interface KeptNoticeProps {
  /** Discussions this person deleted that a teammate's unseen change kept. */
  rows: DashboardRow[];
  onDeleteAgain: (row: DashboardRow) => void;
  onKeep: (row: DashboardRow) => void;
}

export function KeptNotice({ rows, onDeleteAgain, onKeep }: KeptNoticeProps) {
  if (rows.length === 0) return null;
  return (
    <section class="kept-notice" role="status" aria-label={t('keptHeading')}>
      <ul>
        {rows.map((row) => (
          <li key={row.threadKey}>
            <p>
              {t('keptBefore')}
              {isWebUrl(row.url) ? (
                <a href={row.url} target="_blank" rel="noopener noreferrer">
                  {row.title}
                </a>
              ) : (
                <strong>{row.title}</strong>
              )}
              {t('keptAfter')}
            </p>
            <p class="hint">{t('keptHint')}</p>
            <button type="button" onClick={() => onDeleteAgain(row)}>
              {t('keptDeleteAgain')}
            </button>{' '}
            <button type="button" onClick={() => onKeep(row)}>
              {t('keptKeep')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The review-on date: a native date input (keyboard and screen-reader friendly), quick picks a
 * week, a month or a quarter ahead, and a clear button. Past the date the discussion is due.
 */
import { isoDay } from '../storage/model';
import { t } from '../lib/i18n';

export interface ReviewOnFieldProps {
  id: string;
  value: string | null;
  now: number;
  onChange: (date: string | null) => void;
}

const DAY = 86_400_000;

export function ReviewOnField({ id, value, now, onChange }: ReviewOnFieldProps) {
  const quick: Array<[string, number]> = [
    ['reviewInWeek', 7],
    ['reviewInMonth', 30],
    ['reviewInQuarter', 91],
  ];
  return (
    <div class="field">
      <label for={id}>{t('reviewOnLabel')}</label>
      <div class="review-on">
        <input
          id={id}
          type="date"
          value={value ?? ''}
          onChange={(e) => {
            const next = (e.target as HTMLInputElement).value;
            // An incomplete date reads as '' while typing; only whole dates are stored.
            if (next === '' || /^\d{4}-\d{2}-\d{2}$/.test(next)) onChange(next || null);
          }}
        />
        {quick.map(([key, days]) => (
          <button key={key} type="button" class="small" onClick={() => onChange(isoDay(now + days * DAY))}>
            {t(key)}
          </button>
        ))}
        {value && (
          <button type="button" class="small" onClick={() => onChange(null)} aria-label={t('reviewClearLabel')}>
            {t('clear')}
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * The maturity history as a small trend line: one point per change, coloured by band, with the
 * full list (when, from, to, who) one click away. The chart is an image with a text summary.
 */
import { BAND_COLOURS, bandOf } from '../storage/model';
import type { HistoryEntry } from '../storage/schema';
import { formatTime, t, tn } from '../lib/i18n';
import { isoTime } from '../storage/time-bounds';

export interface HistoryTrendProps {
  history: HistoryEntry[];
}

const W = 240;
const H = 48;
const PAD = 5;

/** The points of the trend: every change that set a maturity (clearing one leaves a gap). */
export function trendPoints(history: HistoryEntry[]): Array<{ x: number; y: number; value: number }> {
  const rated = history.filter((h) => h.to !== null);
  const n = rated.length;
  return rated.map((h, i) => ({
    x: n === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (n - 1),
    y: PAD + ((100 - (h.to as number)) * (H - 2 * PAD)) / 100,
    value: h.to as number,
  }));
}

export function HistoryTrend({ history }: HistoryTrendProps) {
  if (history.length === 0) return <p class="hint">{t('historyEmpty')}</p>;
  const points = trendPoints(history);
  const summary = tn(
    'historySummary',
    history.length,
    history.length,
    points.map((p) => `${p.value}%`).slice(-8).join(' → ') || t('notRated'),
  );
  return (
    <div class="history">
      {points.length > 0 && (
        <svg class="trend" width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true">
          <line class="grid" x1={PAD} x2={W - PAD} y1={H / 2} y2={H / 2} />
          <polyline class="trend-line" points={points.map((p) => `${p.x},${p.y}`).join(' ')} />
          {points.map((p, i) => (
            <circle key={i} cx={p.x} cy={p.y} r={3} fill={BAND_COLOURS[bandOf(p.value)]} />
          ))}
        </svg>
      )}
      <p class="hint">{summary}</p>
      <details>
        <summary>{t('historyDetails', history.length)}</summary>
        <ol class="history-list">
          {[...history].reverse().map((h, i) => (
            <li key={i}>
              <time dateTime={isoTime(h.at)}>{formatTime(h.at)}</time>{' '}
              {t(
                'historyChange',
                h.from === null ? t('notRated') : `${h.from}%`,
                h.to === null ? t('notRated') : `${h.to}%`,
              )}
              {h.by && ` · ${h.by}`}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

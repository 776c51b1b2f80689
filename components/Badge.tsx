/**
 * The maturity badge: a ring with the percent baked in the band colour, the open-issue count, a
 * check mark when Baked and a dot when due. Used inline on pages (inside a shadow root) and in
 * the popup and side panel lists. Renders text only, never HTML from the page.
 */
import { BAND_COLOURS, bandOf } from '../storage/model';
import type { BadgeState } from '../storage/schema';
import { t } from './i18n';

export interface BadgeProps {
  /** null: the thread has no annotation yet. */
  state: BadgeState | null;
  /** Plain-text summary of the page's own signal (e.g. "resolved on the page"). */
  nativeLabel?: string;
  /** Faint "rate" badge for threads without an annotation (otherwise nothing is shown). */
  showUnassessed: boolean;
  onActivate?: () => void;
}

const RADIUS = 7;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/** Accessible one-line description of a badge, also used as its tooltip. */
export function describeBadge(state: BadgeState | null, nativeLabel?: string): string {
  const parts: string[] = [];
  if (!state || (state.maturity === null && state.totalIssues === 0)) parts.push(t('badgeUnassessed'));
  else {
    if (state.maturity !== null) parts.push(t('badgeMaturity', state.maturity, t('band_' + bandOf(state.maturity))));
    else parts.push(t('badgeNoMaturity'));
    parts.push(t('badgeOpenIssues', state.openIssues));
    if (state.due) parts.push(t('badgeDue'));
  }
  if (nativeLabel) parts.push(nativeLabel);
  return parts.join(' · ');
}

/** One badge; a button so it is focusable and operable by keyboard. */
export function Badge({ state, nativeLabel, showUnassessed, onActivate }: BadgeProps) {
  const label = describeBadge(state, nativeLabel);
  const assessed = state !== null && (state.maturity !== null || state.totalIssues > 0);
  if (!assessed) {
    if (!showUnassessed) return null;
    return (
      <button type="button" class="badge unassessed" title={label} aria-label={label} onClick={onActivate}>
        {t('badgeRate')}
      </button>
    );
  }
  const maturity = state.maturity;
  const band = maturity === null ? null : bandOf(maturity);
  const colour = band ? BAND_COLOURS[band] : '#5f6368';
  const filled = maturity === null ? 0 : (maturity / 100) * CIRCUMFERENCE;
  return (
    <button
      type="button"
      class={`badge band-${band ?? 'none'}`}
      style={{ '--band': colour }}
      title={label}
      aria-label={label}
      data-maturity={maturity ?? ''}
      onClick={onActivate}
    >
      <svg class="ring" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
        <circle cx="9" cy="9" r={RADIUS} class="track" />
        <circle
          cx="9"
          cy="9"
          r={RADIUS}
          class="fill"
          stroke-dasharray={`${filled} ${CIRCUMFERENCE}`}
          transform="rotate(-90 9 9)"
        />
      </svg>
      <span class="pct">{maturity === null ? '–' : `${maturity}%`}</span>
      {maturity === 100 && (
        <span class="check" aria-hidden="true">
          ✓
        </span>
      )}
      {state.openIssues > 0 && <span class="issues">{t('badgeOpenShort', state.openIssues)}</span>}
      {state.due && <span class="due" aria-hidden="true" />}
    </button>
  );
}

/** Styles of the badge, injected into each shadow root (and into extension pages). */
export const BADGE_CSS = `
.badge{all:initial;display:inline-flex;align-items:center;gap:4px;box-sizing:border-box;height:22px;
  padding:0 8px 0 3px;margin-inline-start:8px;border-radius:11px;cursor:pointer;vertical-align:middle;
  font:600 12px/1 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#fff;background:var(--band,#5f6368);
  border:1px solid rgba(0,0,0,.15);white-space:nowrap;position:relative}
.badge:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}
.badge:hover{filter:brightness(1.1)}
.ring .track{fill:none;stroke:rgba(255,255,255,.35);stroke-width:3}
.ring .fill{fill:none;stroke:#fff;stroke-width:3;stroke-linecap:round}
.issues{background:rgba(255,255,255,.92);color:#202124;border-radius:8px;padding:2px 5px;font-weight:600}
.check{font-size:13px}
.due{width:8px;height:8px;border-radius:50%;background:#ffcf33;box-shadow:0 0 0 1.5px #202124;margin-inline-start:2px}
.unassessed{background:transparent;color:#5f6368;border:1px dashed #9aa0a6;padding:0 8px;opacity:.8}
@media (prefers-color-scheme: dark){.unassessed{color:#bdc1c6;border-color:#80868b}}
`;

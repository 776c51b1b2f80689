/**
 * The maturity badge, drawn with plain DOM calls: a ring with the percent baked in the band colour
 * (the team's median, with the word "team", once two or more members rated), the open-issue count, a check mark when Baked and a "⟳ due" / "⟳ new" tag when due or stale. The content script
 * draws it inside closed shadow roots on pages (without Preact, to stay small); components/Badge.tsx
 * wraps the same function for the popup, side panel and dashboard. Text only: never HTML.
 *
 * What a rated badge shows (percent, check mark, open count, due tag) is drawn as CSS generated content
 * from a `data-text` attribute, never as a text node: a page's `window.find` and selection search
 * text nodes even inside a closed shadow root, not generated content (issue 20 item 5). The
 * accessible name (`aria-label`) is the one thing screen readers read; the drawn parts are
 * `aria-hidden`, so nothing is read twice.
 */
import { BAND_COLOURS, bandOf } from '../storage/bands';
import type { BadgeState } from '../storage/schema';
import { t, tn } from '../lib/i18n';

export interface BadgeProps {
  /** null: the thread has no annotation yet. */
  state: BadgeState | null;
  /** Plain-text summary of the page's own signal (e.g. "resolved on the page"). */
  nativeLabel?: string;
  /** Faint "rate" badge for threads without an annotation (otherwise nothing is shown). */
  showUnassessed: boolean;
  /**
   * Due or stale (the page shows activity newer than the rating). Defaults to the state's `due`;
   * only the content script knows the page's activity, so it passes this.
   */
  stale?: boolean;
  /** Click / Enter / Space. Without it the badge is a plain labelled image, not a button. */
  onActivate?: () => void;
}

const RADIUS = 7;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;
const SVG = 'http://www.w3.org/2000/svg';

/** Whether a state holds anything the person recorded (a rating or an issue). */
export function isAssessed(state: BadgeState | null): state is BadgeState {
  return state !== null && (state.maturity !== null || state.totalIssues > 0);
}

/**
 * Accessible one-line description of a badge, also used as its tooltip. `actionable`: the badge
 * does something when clicked (only then does an unassessed one say "click to rate").
 */
export function describeBadge(state: BadgeState | null, nativeLabel?: string, stale = state?.due ?? false, actionable = true): string {
  const parts: string[] = [];
  if (!isAssessed(state)) parts.push(actionable ? t('badgeUnassessed') : t('badgeUnassessedPlain'));
  else {
    const team = state.team;
    if (team) {
      // The team's number first, then this person's own (issue 21 item 5).
      parts.push(tn('badgeTeamMaturity', team.raters, team.maturity, t('band_' + bandOf(team.maturity)), team.raters));
      parts.push(team.own === null ? t('badgeOwnNone') : t('badgeOwnMaturity', team.own));
    } else if (state.maturity !== null) parts.push(t('badgeMaturity', state.maturity, t('band_' + bandOf(state.maturity))));
    else parts.push(t('badgeNoMaturity'));
    parts.push(tn('badgeOpenIssues', state.openIssues));
    if (state.due) parts.push(t('badgeDue'));
    else if (stale) parts.push(t('badgeStale'));
  }
  if (nativeLabel) parts.push(nativeLabel);
  return parts.join(' · ');
}

/** Attribute holding what a part of a rated badge shows, drawn by BADGE_CSS as `::before`. */
export const SHOWN_TEXT_ATTRIBUTE = 'data-text';

/** A drawn part of the badge: `text` as generated content, hidden from the accessibility tree. */
function span(doc: Document, className: string, text?: string): HTMLSpanElement {
  const el = doc.createElement('span');
  el.className = className;
  el.setAttribute('aria-hidden', 'true');
  if (text !== undefined) el.setAttribute(SHOWN_TEXT_ATTRIBUTE, text);
  return el;
}

function circle(doc: Document, className: string): SVGCircleElement {
  const c = doc.createElementNS(SVG, 'circle');
  c.setAttribute('cx', '9');
  c.setAttribute('cy', '9');
  c.setAttribute('r', String(RADIUS));
  c.setAttribute('class', className);
  return c;
}

/**
 * One badge element for `props`, or null when there is nothing to show (an unassessed thread
 * while the setting hides those): a button when it does something, else a labelled image.
 */
export function createBadge(doc: Document, { state, nativeLabel, showUnassessed, stale, onActivate }: BadgeProps): HTMLElement | null {
  const dot = stale ?? state?.due ?? false;
  const label = describeBadge(state, nativeLabel, dot, !!onActivate);
  const el = onActivate ? doc.createElement('button') : doc.createElement('span');
  if (onActivate) {
    (el as HTMLButtonElement).type = 'button';
    el.addEventListener('click', () => onActivate());
  } else el.setAttribute('role', 'img');
  el.title = label;
  el.setAttribute('aria-label', label);
  if (!isAssessed(state)) {
    if (!showUnassessed) return null;
    el.className = 'badge unassessed';
    el.textContent = t('badgeRate');
    return el;
  }
  // In a team the badge shows the team's median, marked as the team's by a word beside it.
  const maturity = state.team ? state.team.maturity : state.maturity;
  const band = maturity === null ? null : bandOf(maturity);
  el.className = `badge band-${band ?? 'none'}${dot ? ' is-stale' : ''}`;
  el.style.setProperty('--band', band ? BAND_COLOURS[band] : '#5c6474');
  el.setAttribute('data-maturity', maturity === null ? '' : String(maturity));
  const ring = doc.createElementNS(SVG, 'svg');
  for (const [name, value] of [['class', 'ring'], ['width', '18'], ['height', '18'], ['viewBox', '0 0 18 18'], ['aria-hidden', 'true']]) {
    ring.setAttribute(name, value);
  }
  const fill = circle(doc, 'fill');
  const filled = maturity === null ? 0 : (maturity / 100) * CIRCUMFERENCE;
  fill.setAttribute('stroke-dasharray', `${filled} ${CIRCUMFERENCE}`);
  fill.setAttribute('transform', 'rotate(-90 9 9)');
  ring.append(circle(doc, 'track'), fill);
  el.append(ring, span(doc, 'pct', maturity === null ? '–' : `${maturity}%`));
  if (state.team) el.append(span(doc, 'team', t('badgeTeamShort')));
  if (maturity === 100) el.append(span(doc, 'check', '✓'));
  if (state.openIssues > 0) el.append(span(doc, 'issues', t('badgeOpenShort', state.openIssues)));
  // A shape and a word, not a coloured dot alone: "⟳ due" / "⟳ new" (the label says it in full).
  if (dot) el.append(span(doc, 'due', `⟳ ${state.due ? t('badgeDueShort') : t('badgeStaleShort')}`));
  return el;
}

/**
 * Styles of the badge, injected into each shadow root (and into extension pages). `all:initial`
 * shields it from page styles; the solid pill with a light outline reads on light and dark pages.
 * The generic `sans-serif` only: every named family a page has not used yet costs a font lookup
 * in the page's renderer (tens of milliseconds each on Linux, measured on a big talk page).
 */
export const BADGE_CSS = `
.badge{all:initial;display:inline-flex;align-items:center;gap:4px;box-sizing:border-box;height:22px;
  padding:0 8px 0 3px;margin-inline-start:8px;border-radius:11px;vertical-align:middle;
  font:600 12px/1 sans-serif;color:#fff;background:var(--band,#5c6474);
  border:1px solid rgba(0,0,0,.2);box-shadow:0 0 0 1px rgba(255,255,255,.45);white-space:nowrap;
  letter-spacing:0;text-transform:none}
button.badge{cursor:pointer}
.badge:focus-visible{outline:3px solid #1a73e8;outline-offset:2px;box-shadow:0 0 0 2px #fff}
button.badge:hover{filter:brightness(1.12)}
.ring{flex:none}
.ring .track{fill:none;stroke:rgba(255,255,255,.35);stroke-width:3}
.ring .fill{fill:none;stroke:#fff;stroke-width:3;stroke-linecap:round}
[data-text]::before{content:attr(data-text)}
.pct{font-variant-numeric:tabular-nums}
.issues{background:#fff;color:#202124;border-radius:8px;padding:2px 5px;font-weight:600}
.check{font-size:13px;margin-inline-start:-1px}
.team{font-size:10px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;opacity:.92}
.due{background:#ffd43b;color:#202124;border-radius:8px;padding:2px 5px;font-weight:700}
.unassessed{background:#fff;color:#3c4043;border:1px dashed #80868b;box-shadow:none;padding:0 8px;font-weight:500}
@media (prefers-color-scheme:dark){.unassessed{background:#2a2b2f;color:#e8eaed;border-color:#9aa0a6}}
`;

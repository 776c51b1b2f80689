/**
 * The maturity bands and what a badge shows, free of zod so the content script can use them
 * (storage/model.ts re-exports them for everything else).
 */
import type { BadgeState } from './schema';

/** The five bands of percent baked. */
export const BANDS = ['raw', 'mixing', 'baking', 'nearly', 'baked'] as const;
export type Band = (typeof BANDS)[number];

/** The band of a maturity (0–19 raw, 20–49 mixing, 50–79 baking, 80–99 nearly baked, 100 baked). */
export function bandOf(maturity: number): Band {
  if (maturity >= 100) return 'baked';
  if (maturity >= 80) return 'nearly';
  if (maturity >= 50) return 'baking';
  if (maturity >= 20) return 'mixing';
  return 'raw';
}

/**
 * Band colours progress one way, dough grey → amber → blue → teal → green, with no red or orange
 * (a normal middle state must not read as an error); each at least 4.5:1 against white text so a
 * badge reads the same on light and dark pages. Never the only cue: the badge shows the percent
 * and its ring, the slider and chart name the band.
 */
export const BAND_COLOURS: Record<Band, string> = {
  raw: '#5c6474',
  mixing: '#9a5b00',
  baking: '#1d5fbf',
  nearly: '#0f766e',
  baked: '#15803d',
};

/**
 * Whether a badge shows the due/stale dot: the review date passed, or the page shows activity
 * newer than what the last rating judged (the same rule as `staleness`, from a badge's state).
 */
export function badgeIsStale(state: BadgeState, lastActivity: string | null): boolean {
  return (
    state.due ||
    (state.maturity !== null &&
      lastActivity !== null &&
      (state.assessedActivity === null || lastActivity > state.assessedActivity))
  );
}

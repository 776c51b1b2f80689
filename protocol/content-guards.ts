/**
 * The messages the content script receives, checked without zod (which would be most of the
 * content script's size). Each guard accepts exactly what the zod contract in protocol/messages.ts
 * accepts for the fields the content script reads, and returns only those fields;
 * tests/unit/protocol/content-guards.test.ts holds them to the schemas.
 */
import { SITE_IDS, isThreadKey } from '../storage/limits';
import type { BadgeState, SiteId } from '../storage/schema';

type Unassessed = 'faint' | 'hidden';

/** Background → content script, as far as the content script reads it. */
export type ContentUpdate =
  | { type: 'badges'; states: Record<string, BadgeState | null> }
  | { type: 'settings'; settings: { unassessedBadge: Unassessed; disabledSites?: SiteId[] } };

/** Extension pages → content script. */
export type ContentRequest =
  | { type: 'listThreads' }
  | { type: 'focusThread'; key: string }
  | { type: 'contextThread' }
  | { type: 'annotatePage' }
  | { type: 'listPicked' }
  | { type: 'detectionHealth' }
  | { type: 'threadsInView' };

/** The answer to `lookup`, as far as the content script reads it. */
export interface ContentLookupAnswer {
  states: Record<string, BadgeState>;
  unassessedBadge: Unassessed;
  siteEnabled?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isUnassessed = (v: unknown): v is Unassessed => v === 'faint' || v === 'hidden';

/** A badge state (storage/schema.ts `BadgeState`), copied field by field; null when malformed. */
export function badgeState(v: unknown): BadgeState | null {
  if (!isObject(v)) return null;
  const { maturity, openIssues, totalIssues, due, assessedActivity } = v;
  if (maturity !== null && !(isCount(maturity) && maturity <= 100)) return null;
  if (!isCount(openIssues) || !isCount(totalIssues) || typeof due !== 'boolean') return null;
  if (assessedActivity !== null && !(typeof assessedActivity === 'string' && assessedActivity.length <= 40)) return null;
  const state: BadgeState = { maturity, openIssues, totalIssues, due, assessedActivity };
  if (v.team === undefined) return state;
  const team = isObject(v.team) ? v.team : null;
  const isMaturity = (m: unknown): m is number => isCount(m) && m <= 100;
  if (!team || !isMaturity(team.maturity) || !isCount(team.raters) || team.raters < 2 || !(team.own === null || isMaturity(team.own))) return null;
  return { ...state, team: { maturity: team.maturity, raters: team.raters, own: team.own } };
}

/** A record of badge states by key; null when any entry is malformed (`nullable`: null entries allowed). */
function stateRecord(v: unknown, nullable: boolean): Record<string, BadgeState | null> | null {
  if (!isObject(v)) return null;
  // No prototype: a key such as "__proto__" is just a key.
  const out: Record<string, BadgeState | null> = Object.create(null);
  for (const key of Object.keys(v)) {
    const raw = v[key];
    if (raw === null && nullable) out[key] = null;
    else {
      const state = badgeState(raw);
      if (!state) return null;
      out[key] = state;
    }
  }
  return out;
}

/** A background update, or null for anything else. */
export function contentUpdate(raw: unknown): ContentUpdate | null {
  if (!isObject(raw)) return null;
  if (raw.type === 'badges') {
    const states = stateRecord(raw.states, true);
    return states ? { type: 'badges', states } : null;
  }
  if (raw.type === 'settings' && isObject(raw.settings)) {
    const { unassessedBadge, disabledSites } = raw.settings;
    if (!isUnassessed(unassessedBadge)) return null;
    if (disabledSites === undefined) return { type: 'settings', settings: { unassessedBadge } };
    if (!Array.isArray(disabledSites) || !disabledSites.every((s) => (SITE_IDS as readonly unknown[]).includes(s))) return null;
    return { type: 'settings', settings: { unassessedBadge, disabledSites: disabledSites as SiteId[] } };
  }
  return null;
}

/** A request from an extension page, or null for anything else. */
export function contentRequest(raw: unknown): ContentRequest | null {
  if (!isObject(raw)) return null;
  switch (raw.type) {
    case 'listThreads':
    case 'contextThread':
    case 'annotatePage':
    case 'listPicked':
    case 'detectionHealth':
    case 'threadsInView':
      return { type: raw.type };
    case 'focusThread':
      return isThreadKey(raw.key) ? { type: 'focusThread', key: raw.key } : null;
    default:
      return null;
  }
}

/** The background's answer to a lookup, or null when malformed. */
export function lookupAnswer(raw: unknown): ContentLookupAnswer | null {
  if (!isObject(raw) || !isUnassessed(raw.unassessedBadge)) return null;
  if (raw.siteEnabled !== undefined && typeof raw.siteEnabled !== 'boolean') return null;
  const states = stateRecord(raw.states, false) as Record<string, BadgeState> | null;
  if (!states) return null;
  return raw.siteEnabled === undefined ? { states, unassessedBadge: raw.unassessedBadge } : { states, unassessedBadge: raw.unassessedBadge, siteEnabled: raw.siteEnabled };
}

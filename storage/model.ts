/**
 * Pure functions of the maturity model (PRODUCT.md §1): bands, edits, badge state. No I/O, so the
 * background, extension pages, the command line and tests all share them.
 */
import * as z from 'zod/mini';
import { bandOf } from './bands';
import {
  ANNOTATION_RECORD,
  Annotation,
  ISSUE_RECORD,
  LIMITS,
  TIME_LIMITS,
  Maturity,
  OpenIssue,
  type BadgeState,
  type NativeSignal,
  type ThreadRef,
} from './schema';
import { NO_STAMP, maxStamp, nextStamp, parseStamp } from './hlc';
import { canonical } from './merge';
import { editSet, emptyFields, setEditSchemas, setEdits, stampsAll } from './registers';
import { repairTimes } from './time-bounds';

export { BANDS, BAND_COLOURS, bandOf, badgeIsStale, type Band } from './bands';

/**
 * One edit of an annotation, sent from an extension page to the background and applied there:
 * the set-edits ANNOTATION_RECORD declares (setAnswer, setNote, setTags, setReviewOn, …), the
 * maturity, and the operations on issues.
 */
export const EditOp = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setMaturity'), maturity: z.nullable(Maturity) }),
  ...setEditSchemas(ANNOTATION_RECORD),
  z.object({
    kind: z.literal('addIssue'),
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    text: z.string().check(z.minLength(1), z.maxLength(LIMITS.issueText)),
  }),
  z.object({
    kind: z.literal('editIssue'),
    id: z.string().check(z.maxLength(64)),
    text: z.string().check(z.minLength(1), z.maxLength(LIMITS.issueText)),
  }),
  z.object({
    kind: z.literal('resolveIssue'),
    id: z.string().check(z.maxLength(64)),
    resolution: z.string().check(z.maxLength(LIMITS.issueText)),
  }),
  z.object({ kind: z.literal('reopenIssue'), id: z.string().check(z.maxLength(64)) }),
  z.object({ kind: z.literal('deleteIssue'), id: z.string().check(z.maxLength(64)) }),
  /** Undo of a delete: puts the issue back as it was, at its old position. */
  z.object({ kind: z.literal('restoreIssue'), issue: OpenIssue, at: z.int().check(z.minimum(0)) }),
  /**
   * A picked discussion's title as the person names it (PRODUCT.md §2: prefilled from the block,
   * editable); adapter threads take theirs from the page. Writes the title register.
   */
  z.object({ kind: z.literal('setTitle'), title: z.string().check(z.minLength(1), z.maxLength(LIMITS.title)) }),
  z.object({
    kind: z.literal('moveIssue'),
    id: z.string().check(z.maxLength(64)),
    to: z.int().check(z.minimum(0)),
  }),
]);
export type EditOp = z.infer<typeof EditOp>;

/** A fresh, empty annotation for a thread found on a page (every register unwritten). */
export function emptyAnnotation(ref: ThreadRef, now: number): Annotation {
  return canonical({
    ...(emptyFields(ANNOTATION_RECORD) as Omit<Annotation, 'threadKey' | 'site' | 'title' | 'url' | 'createdAt' | 'updatedAt' | 'stamps'>),
    threadKey: ref.key,
    site: ref.site,
    title: ref.title,
    url: ref.url,
    createdAt: now,
    updatedAt: now,
    target: ref.target ?? null,
    stamps: stampsAll(ANNOTATION_RECORD, NO_STAMP) as Annotation['stamps'],
  });
}

/** Who made an edit and when, plus what the page said at the time. */
export interface EditContext {
  now: number;
  /** Display name written into history and ratings. */
  by: string;
  /** This profile's member id: the node of the stamps and the key of its rating. */
  memberId: string;
  lastActivity: string | null;
}

/** Every stamp in an annotation, for picking a next stamp later than all of them. */
export function stampsOf(a: Annotation): string[] {
  return [
    ...Object.values(a.stamps),
    ...a.issues.flatMap((i) => Object.values(i.stamps)),
    ...Object.values(a.ratings).map((r) => r.stamp),
  ];
}

function updateIssue(issues: OpenIssue[], id: string, change: (issue: OpenIssue) => OpenIssue): OpenIssue[] {
  if (!issues.some((i) => i.id === id && !i.deleted)) throw new Error(`no issue with id ${id}`);
  return issues.map((i) => (i.id === id ? change(i) : i));
}

/** A position between two neighbours (either may be missing) for a moved or added issue. */
function positionBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 0;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

const SET_EDITS = setEdits(ANNOTATION_RECORD);

/**
 * Applies one edit and returns the new annotation (the input is not changed). Every register the
 * edit writes gets a new stamp later than all the record's stamps. Throws on edits that name a
 * missing issue; the result is validated so a bad edit never reaches storage.
 */
export function applyEdit(current: Annotation, op: EditOp, ctx: EditContext): Annotation {
  // A clock past the bound of stored times writes the bound; impossible stored times are repaired.
  ctx = { ...ctx, now: Math.min(ctx.now, TIME_LIMITS.max) };
  current = repairTimes(current, ctx.now);
  const stamp = nextStamp(maxStamp(stampsOf(current)), ctx.now, ctx.memberId);
  const next: Annotation = {
    ...current,
    stamps: { ...current.stamps },
    updatedAt: Math.max(ctx.now, current.updatedAt),
  };
  if (current.deleted) {
    // Editing a deleted discussion brings it back.
    next.deleted = false;
    next.stamps.deleted = stamp;
  }
  const visible = visibleIssues(current);
  const set = SET_EDITS.get(op.kind);
  if (set) {
    (next as Record<string, unknown>)[set.field] = set.normalize((op as Record<string, unknown>)[set.arg]);
    (next.stamps as Record<string, string>)[set.register] = stamp;
    if (op.kind === 'setTags') {
      // The set is the truth; `tags` stays written for older teammates (docs/sync-versions.md).
      next.tagSet = editSet(current.tagSet, next.tags, stamp);
      next.stamps.tagSet = stamp;
    }
    return Annotation.parse(canonical(next));
  }
  switch (op.kind) {
    case 'setTitle':
      if (op.title !== current.title) {
        next.title = op.title;
        next.stamps.title = stamp;
      }
      break;
    case 'setMaturity':
      if (op.maturity !== current.maturity) {
        next.maturity = op.maturity;
        next.history = [...current.history, { at: ctx.now, from: current.maturity, to: op.maturity, by: ctx.by }]
          .slice(-LIMITS.history);
        next.assessedActivity = ctx.lastActivity ?? current.assessedActivity;
        next.stamps.maturity = stamp;
      }
      next.ratings = { ...current.ratings, [ctx.memberId]: { maturity: op.maturity, name: ctx.by, stamp } };
      break;
    case 'addIssue':
      if (current.issues.some((i) => i.id === op.id)) throw new Error(`issue ${op.id} exists already`);
      next.issues = [
        ...current.issues,
        {
          id: op.id,
          text: op.text,
          status: 'open',
          createdAt: ctx.now,
          resolvedAt: null,
          resolution: '',
          position: positionBetween(visible.at(-1)?.position, undefined),
          deleted: false,
          stamps: stampsAll(ISSUE_RECORD, stamp) as OpenIssue['stamps'],
        },
      ];
      break;
    case 'editIssue':
      next.issues = updateIssue(current.issues, op.id, (i) => ({ ...i, text: op.text, stamps: { ...i.stamps, text: stamp } }));
      break;
    case 'resolveIssue':
      next.issues = updateIssue(current.issues, op.id, (i) => ({
        ...i,
        status: 'resolved',
        resolvedAt: ctx.now,
        resolution: op.resolution,
        stamps: { ...i.stamps, status: stamp },
      }));
      break;
    case 'reopenIssue':
      next.issues = updateIssue(current.issues, op.id, (i) => ({
        ...i,
        status: 'open',
        resolvedAt: null,
        stamps: { ...i.stamps, status: stamp },
      }));
      break;
    case 'deleteIssue':
      // A tombstone, so that a merge with an older copy cannot bring the issue back.
      next.issues = updateIssue(current.issues, op.id, (i) => ({ ...i, deleted: true, stamps: { ...i.stamps, deleted: stamp } }));
      break;
    case 'restoreIssue': {
      const existing = current.issues.find((i) => i.id === op.issue.id);
      if (existing) {
        next.issues = current.issues.map((i) =>
          i.id === op.issue.id ? { ...i, deleted: false, stamps: { ...i.stamps, deleted: stamp } } : i,
        );
      } else {
        const others = visible;
        const at = Math.min(op.at, others.length);
        const restored: OpenIssue = {
          ...op.issue,
          deleted: false,
          position: positionBetween(others[at - 1]?.position, others[at]?.position),
          stamps: stampsAll(ISSUE_RECORD, stamp) as OpenIssue['stamps'],
        };
        next.issues = [...current.issues, restored];
      }
      break;
    }
    case 'moveIssue': {
      if (!visible.some((i) => i.id === op.id)) throw new Error(`no issue with id ${op.id}`);
      const others = visible.filter((i) => i.id !== op.id);
      const to = Math.min(op.to, others.length);
      const position = positionBetween(others[to - 1]?.position, others[to]?.position);
      next.issues = current.issues.map((i) =>
        i.id === op.id ? { ...i, position, stamps: { ...i.stamps, position: stamp } } : i,
      );
      break;
    }
  }
  return Annotation.parse(canonical(next));
}

/**
 * A deleted annotation: content cleared and every register stamped anew, so a merge with any
 * older copy keeps it deleted and no deleted text lingers.
 */
export function tombstone(a: Annotation, now: number, memberId: string): Annotation {
  now = Math.min(now, TIME_LIMITS.max);
  a = repairTimes(a, now);
  const all = [...stampsOf(a), ...a.tagSet.flatMap((e) => [e.add, e.removed])];
  const stamp = nextStamp(maxStamp(all), now, memberId);
  // What this copy has seen, per member: the delete removes that and nothing else (docs/conflicts.md).
  const seen = new Map<string, string>();
  for (const s of all) {
    if (!s) continue;
    const node = parseStamp(s).node;
    if (!(seen.get(node)! >= s)) seen.set(node, s);
  }
  // The registers keep their stamps: merging (storage/schema.ts settleDelete) empties what was seen.
  return Annotation.parse(
    canonical({
      ...a,
      deleted: true,
      deletedSeen: Object.fromEntries([...seen].sort(([x], [y]) => (x < y ? -1 : 1))),
      stamps: { ...a.stamps, deleted: stamp, deletedSeen: stamp },
      updatedAt: Math.max(now, a.updatedAt),
    }),
  );
}

/**
 * Whether this member deleted the discussion and a teammate's edit they had not seen kept it
 * (docs/conflicts.md): what the dashboard tells the deleter.
 */
export function keptDespiteDelete(a: Annotation, memberId: string): boolean {
  return keptAfterDelete(a)?.by === memberId;
}

/**
 * Who deleted a discussion that a teammate's unseen edit kept (the member id, and the delete's
 * stamp, which tells one such delete from a later one), or null when that did not happen.
 */
export function keptAfterDelete(a: Annotation): { by: string; stamp: string } | null {
  const stamp = a.stamps.deleted;
  if (a.deleted || !stamp || stamp > a.stamps.deletedSeen) return null;
  return { by: parseStamp(stamp).node, stamp };
}

/** Today's date as YYYY-MM-DD in local time. */
export function isoDay(now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Whether a discussion is due: its review-on date has passed. */
export function isDue(a: Pick<Annotation, 'reviewOn'>, now: number): boolean {
  return a.reviewOn !== null && a.reviewOn <= isoDay(now);
}

/**
 * What a badge shows of an annotation apart from the date: small enough for the background to
 * keep in memory for every thread (storage/badge-cache.ts); `badgeStateFrom` adds the day.
 */
export type BadgeFacts = Omit<BadgeState, 'due' | 'team'> &
  Pick<Annotation, 'reviewOn'> & {
    /** Each member's own rating, kept only once two or more have rated (then the badge is the team's). */
    rated: Record<string, number> | null;
  };

/** Median and range of the members' current ratings (withdrawn ratings left out). */
export function summarizeRatings(ratings: Record<string, { maturity: number | null }>): { median: number; min: number; max: number; count: number } | null {
  const values = Object.values(ratings)
    .map((r) => r.maturity)
    .filter((m): m is number => m !== null)
    .sort((a, b) => a - b);
  if (values.length === 0) return null;
  const mid = values.length >> 1;
  const median = values.length % 2 ? values[mid] : Math.round((values[mid - 1] + values[mid]) / 2);
  return { median, min: values[0], max: values[values.length - 1], count: values.length };
}

/** The badge facts of an annotation. */
export function badgeFactsOf(a: Annotation): BadgeFacts {
  const issues = visibleIssues(a);
  const open = issues.filter((i) => i.status === 'open').length;
  const rated: Record<string, number> = {};
  for (const [member, r] of Object.entries(a.ratings)) if (r.maturity !== null) rated[member] = r.maturity;
  return {
    maturity: a.maturity,
    openIssues: open,
    totalIssues: issues.length,
    reviewOn: a.reviewOn,
    assessedActivity: a.assessedActivity,
    rated: Object.keys(rated).length >= 2 ? rated : null,
  };
}

/**
 * What a badge shows, from its facts, on the day of `now`; `memberId` is this profile's, whose
 * own rating a team badge names beside the team's median.
 */
export function badgeStateFrom(facts: BadgeFacts, now: number, memberId?: string): BadgeState {
  const { reviewOn, rated, ...state } = facts;
  const due = isDue({ reviewOn }, now);
  if (!rated) return { ...state, due };
  const team = summarizeRatings(Object.fromEntries(Object.entries(rated).map(([m, maturity]) => [m, { maturity }])))!;
  const own = memberId !== undefined ? (rated[memberId] ?? null) : null;
  return { ...state, due, team: { maturity: team.median, raters: team.count, own } };
}

/** What a badge shows for an annotation (to `memberId`: see badgeStateFrom). */
export function badgeStateOf(a: Annotation, now: number, memberId?: string): BadgeState {
  return badgeStateFrom(badgeFactsOf(a), now, memberId);
}


/** A short random id for issues (not security sensitive; unique within one annotation). */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 14);
}

/** Issues a person sees (tombstoned issues, once sync keeps them, are hidden here). */
export function visibleIssues(a: Pick<Annotation, 'issues'>): OpenIssue[] {
  return a.issues
    .filter((i) => !i.deleted)
    .sort((x, y) => x.position - y.position || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Why a maturity is suggested: message keys of `_locales` with their substitutions. */
export interface SuggestionReason {
  key: string;
  subs: Array<string | number>;
}

/** A suggested maturity with the reasons behind it; never applied without the user's click. */
export interface Suggestion {
  maturity: number;
  reasons: SuggestionReason[];
}

const roundTo5 = (n: number) => Math.max(0, Math.min(100, Math.round(n / 5) * 5));

/**
 * Suggests a maturity from what the page says (resolved/closed markers, how much discussion)
 * and from the share of resolved issues. Null when there is nothing to go on.
 */
export function suggestMaturity(
  native: NativeSignal | null,
  issues: ReadonlyArray<Pick<OpenIssue, 'status'>>,
): Suggestion | null {
  const reasons: SuggestionReason[] = [];
  let suggestion: number | null = null;
  const raise = (value: number) => (suggestion = Math.max(suggestion ?? 0, value));
  const state = native?.state ?? null;
  // Merged, or done in the tracker: a definitive answer. Draft and in progress: still being made.
  const fromState = { merged: 100, done: 100, resolved: 90, answered: 90, progress: 50, draft: 25 } as Record<string, number>;
  if (state) {
    raise(fromState[state] ?? 80);
    reasons.push({ key: 'suggestNative_' + state, subs: [] });
  }
  const threads = native?.threads;
  if (native?.review) {
    raise(native.review === 'approved' ? 85 : 50);
    reasons.push({ key: 'suggestReview_' + native.review, subs: threads ? [threads.total - threads.resolved] : [0] });
  }
  if (threads && threads.total > 0) {
    raise(20 + (threads.resolved / threads.total) * 60);
    reasons.push({ key: 'suggestThreads', subs: [threads.resolved, threads.total] });
  }
  if (native?.replies != null) {
    const replies = native.replies;
    const participants = native.participants ?? 0;
    const fromTalk = replies <= 1 ? 10 : replies <= 5 ? 25 : 40;
    raise(participants >= 3 ? fromTalk + 10 : fromTalk);
    reasons.push({ key: 'suggestReplies', subs: [replies, participants] });
  }
  if (issues.length > 0) {
    const resolved = issues.filter((i) => i.status === 'resolved').length;
    raise(20 + (resolved / issues.length) * 60);
    reasons.push({ key: 'suggestIssues', subs: [resolved, issues.length] });
  }
  // A draft stays Mixing and requested changes keep it Baking, whatever else the page says.
  const cap = state === 'draft' ? 45 : state !== 'merged' && state !== 'done' && native?.review === 'changes' ? 75 : 100;
  return suggestion === null ? null : { maturity: roundTo5(Math.min(cap, suggestion)), reasons };
}

/** Whole days between two times. */
const daysBetween = (from: number, to: number) => Math.max(0, Math.floor((to - from) / 86_400_000));

/**
 * Whether an assessment is stale: the thread has activity newer than what was judged, or the
 * review-on date has passed. `days` is the age of the last maturity change.
 */
export function staleness(
  a: Pick<Annotation, 'reviewOn' | 'history' | 'assessedActivity' | 'maturity'>,
  lastActivity: string | null,
  now: number,
): { stale: boolean; due: boolean; newActivity: boolean; days: number | null } {
  const due = isDue(a, now);
  const lastRating = [...a.history].reverse().find((h) => h.to !== null);
  const newActivity =
    a.maturity !== null && lastActivity !== null && (a.assessedActivity === null || lastActivity > a.assessedActivity);
  return { stale: due || newActivity, due, newActivity, days: lastRating ? daysBetween(lastRating.at, now) : null };
}

/**
 * The one merge of two copies of an annotation, used by import and by team sync. Per-field
 * last-writer-wins on hybrid-logical-clock stamps, issues merged by id, ratings by member,
 * history as a union, deletes as tombstones. It is deterministic, commutative, associative and
 * idempotent, so every client that has seen the same copies holds the same result, whatever the
 * order in which they arrived, and nothing a teammate wrote is lost unless a later write replaced
 * that very field.
 */
import { LIMITS, type Annotation, type HistoryEntry, type OpenIssue, type Rating } from './schema';

/** A stable total order on any JSON values, to break exact stamp ties deterministically. */
function compareJson(a: unknown, b: unknown): number {
  const x = JSON.stringify(a) ?? '';
  const y = JSON.stringify(b) ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Identical values, or tuples of identical values: what compareJson would call equal, cheaply. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Which of two register values wins: the later stamp, or on a tie the larger value. */
function pick<T>(a: { stamp: string; value: T }, b: { stamp: string; value: T }): { stamp: string; value: T } {
  if (a.stamp !== b.stamp) return a.stamp > b.stamp ? a : b;
  // The same value (as when a record is merged with itself to make it canonical): nothing to compare.
  if (sameValue(a.value, b.value)) return a;
  return compareJson(a.value, b.value) >= 0 ? a : b;
}

function mergeIssue(a: OpenIssue, b: OpenIssue): OpenIssue {
  const text = pick({ stamp: a.stamps.text, value: a.text }, { stamp: b.stamps.text, value: b.text });
  const status = pick(
    { stamp: a.stamps.status, value: [a.status, a.resolvedAt, a.resolution] as const },
    { stamp: b.stamps.status, value: [b.status, b.resolvedAt, b.resolution] as const },
  );
  const position = pick({ stamp: a.stamps.position, value: a.position }, { stamp: b.stamps.position, value: b.position });
  const deleted = pick({ stamp: a.stamps.deleted, value: a.deleted }, { stamp: b.stamps.deleted, value: b.deleted });
  // Keys in schema order, so a merged record serialises exactly like a parsed one.
  return {
    id: a.id,
    text: text.value,
    status: status.value[0],
    createdAt: Math.min(a.createdAt, b.createdAt),
    resolvedAt: status.value[1],
    resolution: status.value[2],
    position: position.value,
    deleted: deleted.value,
    stamps: { text: text.stamp, status: status.stamp, position: position.stamp, deleted: deleted.stamp },
  };
}

function mergeIssues(a: readonly OpenIssue[], b: readonly OpenIssue[]): OpenIssue[] {
  const byId = new Map<string, OpenIssue>();
  for (const issue of [...a, ...b]) {
    byId.set(issue.id, mergeIssue(byId.get(issue.id) ?? issue, issue));
  }
  // Stored order is by id so the result does not depend on argument order; people see
  // visibleIssues(), which sorts by position.
  return [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).slice(0, LIMITS.issues);
}

function mergeRatings(a: Record<string, Rating>, b: Record<string, Rating>): Record<string, Rating> {
  const out: Record<string, Rating> = {};
  for (const member of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = Object.hasOwn(a, member) ? a[member] : undefined;
    const y = Object.hasOwn(b, member) ? b[member] : undefined;
    const r = x && y ? pick({ stamp: x.stamp, value: x }, { stamp: y.stamp, value: y }).value : (x ?? y)!;
    out[member] = { maturity: r.maturity, name: r.name, stamp: r.stamp };
  }
  return out;
}

const historyId = (h: HistoryEntry) => JSON.stringify([h.at, h.by, h.from, h.to]);

function mergeHistory(a: readonly HistoryEntry[], b: readonly HistoryEntry[]): HistoryEntry[] {
  const byId = new Map<string, HistoryEntry>();
  for (const entry of [...a, ...b]) byId.set(historyId(entry), entry);
  return [...byId.entries()]
    .sort(([x, hx], [y, hy]) => hx.at - hy.at || (x < y ? -1 : x > y ? 1 : 0))
    .map(([, h]) => ({ at: h.at, from: h.from, to: h.to, by: h.by }))
    .slice(-LIMITS.history);
}

/**
 * Merges two copies of the same discussion's annotation. Throws when the thread keys differ
 * (that is a caller's bug, never a conflict to settle).
 */
export function mergeAnnotations(a: Annotation, b: Annotation): Annotation {
  if (a.threadKey !== b.threadKey) throw new Error(`cannot merge ${a.threadKey} with ${b.threadKey}`);
  const maturity = pick(
    { stamp: a.stamps.maturity, value: [a.maturity, a.assessedActivity] as const },
    { stamp: b.stamps.maturity, value: [b.maturity, b.assessedActivity] as const },
  );
  const answer = pick({ stamp: a.stamps.answer, value: a.answer }, { stamp: b.stamps.answer, value: b.answer });
  const note = pick({ stamp: a.stamps.note, value: a.note }, { stamp: b.stamps.note, value: b.note });
  const tags = pick({ stamp: a.stamps.tags, value: a.tags }, { stamp: b.stamps.tags, value: b.tags });
  const reviewOn = pick({ stamp: a.stamps.reviewOn, value: a.reviewOn }, { stamp: b.stamps.reviewOn, value: b.reviewOn });
  const title = pick(
    { stamp: a.stamps.title, value: [a.title, a.url, a.site] as const },
    { stamp: b.stamps.title, value: [b.title, b.url, b.site] as const },
  );
  const deleted = pick({ stamp: a.stamps.deleted, value: a.deleted }, { stamp: b.stamps.deleted, value: b.deleted });
  // Keys in schema order, so a merged record serialises exactly like a parsed one.
  return {
    threadKey: a.threadKey,
    site: title.value[2],
    title: title.value[0],
    url: title.value[1],
    maturity: maturity.value[0],
    answer: answer.value,
    note: note.value,
    tags: [...tags.value],
    reviewOn: reviewOn.value,
    history: mergeHistory(a.history, b.history),
    assessedActivity: maturity.value[1],
    createdAt: Math.min(a.createdAt, b.createdAt),
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
    issues: mergeIssues(a.issues, b.issues),
    ratings: mergeRatings(a.ratings, b.ratings),
    deleted: deleted.value,
    stamps: {
      maturity: maturity.stamp,
      answer: answer.stamp,
      note: note.stamp,
      tags: tags.stamp,
      reviewOn: reviewOn.stamp,
      title: title.stamp,
      deleted: deleted.stamp,
    },
  };
}

/**
 * The canonical form of a record (issues by id, ratings by member, history by time): what merging
 * a copy with itself gives. Stored records are kept canonical so equal data means equal bytes.
 */
export function canonical(a: Annotation): Annotation {
  return mergeAnnotations(a, a);
}

/** Whether merging `incoming` into `local` would change nothing (an import's "unchanged"). */
export function mergeChangesNothing(local: Annotation, incoming: Annotation): boolean {
  return JSON.stringify(mergeAnnotations(local, incoming)) === JSON.stringify(canonical(local));
}

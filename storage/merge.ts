/**
 * The one merge of two copies of an annotation, used by import and by team sync. Per-field
 * last-writer-wins on hybrid-logical-clock stamps, issues merged by id, ratings by member,
 * history as a union, deletes as tombstones. It is deterministic, commutative, associative and
 * idempotent, so every client that has seen the same copies holds the same result, whatever the
 * order in which they arrived, and nothing a teammate wrote is lost unless a later write replaced
 * that very field.
 */
import { mergeRecord } from './registers';
import { ANNOTATION_RECORD, type Annotation } from './schema';

/**
 * Merges two copies of the same discussion's annotation, register by register as
 * ANNOTATION_RECORD defines them. Throws when the thread keys differ (that is a caller's bug,
 * never a conflict to settle).
 */
export function mergeAnnotations(a: Annotation, b: Annotation): Annotation {
  if (a.threadKey !== b.threadKey) throw new Error(`cannot merge ${a.threadKey} with ${b.threadKey}`);
  return mergeRecord(ANNOTATION_RECORD, a, b);
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

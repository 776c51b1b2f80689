/**
 * How an annotation is stored in a team database: one CouchDB document per thread. The id is
 * the thread key behind a fixed prefix (CouchDB reserves ids starting with `_`, and the prefix
 * keeps room for other document types); the body is the annotation with a `type` and the
 * CouchDB user who wrote the revision. Reading a document back checks every field.
 */
import { describeError } from '../describe-error';
import { canonical } from '../merge';
import { ANNOTATION_DOC_TYPE, AnnotationDoc, CouchRev, type Annotation } from '../schema';
import { aheadOfClock } from '../time-bounds';

/** Prefix of annotation document ids. */
export const DOC_PREFIX = 'annotation:';

/** The document id of a thread key. */
export function docIdOf(threadKey: string): string {
  return DOC_PREFIX + threadKey;
}

/** The thread key of a document id, or null when the id is not an annotation's. */
export function threadKeyOf(docId: string): string | null {
  return docId.startsWith(DOC_PREFIX) ? docId.slice(DOC_PREFIX.length) : null;
}

/** The document body for an annotation, ready for `_bulk_docs`. */
export function toDoc(annotation: Annotation, rev: string | undefined, author: string | null): Record<string, unknown> {
  return {
    _id: docIdOf(annotation.threadKey),
    ...(rev ? { _rev: rev } : {}),
    type: ANNOTATION_DOC_TYPE,
    author,
    ...annotation,
  };
}

/** A document read back: its annotation and CouchDB metadata, or why it was refused. */
export type ReadDoc =
  | { ok: true; id: string; rev: string; conflicts: string[]; annotation: Annotation }
  | { ok: false; id: string; reason: string };

/**
 * Checks a document a server sent. Refused: anything that is not an annotation document of the
 * current shape, and an annotation filed under another thread's id (a server cannot move data
 * between threads), and one with a time or stamp more than a day ahead of the clock at `now`
 * (storage/time-bounds.ts). Accepted annotations come back canonical.
 */
export function fromDoc(raw: unknown, now: number = Date.now()): ReadDoc {
  const id = typeof (raw as { _id?: unknown } | null)?._id === 'string' ? ((raw as { _id: string })._id).slice(0, 300) : '(no id)';
  const parsed = AnnotationDoc.safeParse(raw);
  if (!parsed.success) return { ok: false, id, reason: describeError(parsed.error) };
  const doc = parsed.data;
  if (threadKeyOf(doc._id) !== doc.threadKey) return { ok: false, id, reason: `threadKey ${doc.threadKey.slice(0, 200)} does not match the document id` };
  if (doc.threadKey.slice(0, doc.threadKey.indexOf(':')) !== doc.site) return { ok: false, id, reason: 'site: the site must be the one the thread key starts with' };
  // AnnotationDoc holds every Annotation field with the same checks: the rest is an Annotation.
  const { _id, _rev, _conflicts, type: _type, author: _author, ...annotation } = doc;
  const ahead = aheadOfClock(annotation, now)[0];
  if (ahead) return { ok: false, id, reason: `${ahead.path.map(String).join('.')}: ${ahead.message}` };
  return { ok: true, id: _id, rev: _rev, conflicts: _conflicts ?? [], annotation: canonical(annotation) };
}

/** The generation of a revision (`12-abc` → 12), for telling older revisions from newer ones. */
export function revGeneration(rev: string): number {
  return CouchRev.safeParse(rev).success ? parseInt(rev, 10) : 0;
}

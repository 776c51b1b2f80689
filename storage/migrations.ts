/**
 * Upgrades of stored shapes, shared by the Dexie schema upgrades (storage/db.ts) and by imports
 * of export files written by older versions, so an old record becomes the same new record
 * whichever way it arrives.
 */
import { makeStamp } from './hlc';
import { stampsAll, withRegistersSince } from './registers';
import { ANNOTATION_RECORD, ISSUE_RECORD, type Annotation, type AnnotationV1, type OpenIssue } from './schema';

/** Node id of stamps given to fields that existed before stamps did. */
export const MIGRATED_NODE = 'v1';

/**
 * A v1 annotation as v2: every register stamped at the record's last update (node `v1`, older
 * than any real edit at the same millisecond), issues positioned in their old order, no
 * tombstones and no per-member ratings yet.
 */
export function upgradeAnnotationV1(old: AnnotationV1): Annotation {
  const stamp = makeStamp(old.updatedAt, 0, MIGRATED_NODE);
  // The v2 shape: registers added later (`since`) are filled in below.
  const v2: OlderAnnotation = {
    ...old,
    issues: old.issues.map((issue, index) => ({
      ...issue,
      position: index,
      deleted: false,
      stamps: stampsAll(ISSUE_RECORD, stamp, 2) as OpenIssue['stamps'],
    })),
    ratings: {},
    deleted: false,
    stamps: stampsAll(ANNOTATION_RECORD, stamp, 2) as Annotation['stamps'],
  };
  return upgradeAnnotationFrom(2, v2);
}

/**
 * A stored annotation of schema version `from` completed with every register added after it
 * (ANNOTATION_RECORD's `since`): empty and never written, so any teammate's write wins over it.
 * The Dexie version that adds a register upgrades its rows with this (storage/db.ts).
 */
export function upgradeAnnotationFrom(from: number, old: OlderAnnotation): Annotation {
  return withRegistersSince(ANNOTATION_RECORD, old, from) as Annotation;
}

/** A stored annotation of an older version: registers added since may be missing. */
export type OlderAnnotation = Partial<Annotation> & Omit<Annotation, LaterField> & { stamps: Partial<Annotation['stamps']> };

/** Fields of registers added after the first synced shape (none yet: `since` marks them). */
type LaterField = {
  [K in keyof typeof ANNOTATION_RECORD.registers]: (typeof ANNOTATION_RECORD.registers)[K] extends { since: number; fields: ReadonlyArray<infer F> } ? F : never;
}[keyof typeof ANNOTATION_RECORD.registers];

/**
 * Upgrades of stored shapes, shared by the Dexie schema upgrades (storage/db.ts) and by imports
 * of export files written by older versions, so an old record becomes the same new record
 * whichever way it arrives.
 */
import { makeStamp } from './hlc';
import type { Annotation, AnnotationV1 } from './schema';

/** Node id of stamps given to fields that existed before stamps did. */
export const MIGRATED_NODE = 'v1';

/**
 * A v1 annotation as v2: every register stamped at the record's last update (node `v1`, older
 * than any real edit at the same millisecond), issues positioned in their old order, no
 * tombstones and no per-member ratings yet.
 */
export function upgradeAnnotationV1(old: AnnotationV1): Annotation {
  const stamp = makeStamp(old.updatedAt, 0, MIGRATED_NODE);
  return {
    ...old,
    issues: old.issues.map((issue, index) => ({
      ...issue,
      position: index,
      deleted: false,
      stamps: { text: stamp, status: stamp, position: stamp, deleted: stamp },
    })),
    ratings: {},
    deleted: false,
    stamps: { maturity: stamp, answer: stamp, note: stamp, tags: stamp, reviewOn: stamp, title: stamp, deleted: stamp },
  };
}

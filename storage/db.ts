/**
 * The Dexie database. Opened only by the background and extension pages (never by content
 * scripts). Schema versions are append-only: add a new entry to SCHEMA_VERSIONS, never edit one;
 * tests/unit/storage/migrations.test.ts checks them against a golden snapshot.
 */
import Dexie, { type Table } from 'dexie';
import { type OlderAnnotation, upgradeAnnotationFrom, upgradeAnnotationV1 } from './migrations';
import { annotationsRevision, type AnnotationsCommit, type RevisionRow } from './revisions';
import type { Annotation, AnnotationV1 } from './schema';

/** One settings record per key (`settings` holds the Settings object). */
export interface SettingRow {
  key: string;
  value: unknown;
}

/**
 * A thread whose local copy the team database has not received yet (storage/sync/outbox.ts).
 * `token` changes on every local write, so a push only clears the entry it actually sent;
 * `blocked` holds the server's reason when it refused the document (cleared by the next write).
 */
export interface OutboxRow {
  threadKey: string;
  token: string;
  blocked?: string;
  /** Edits made to the thread since it was last sent (rows written before count as 1). */
  edits?: number;
}

/**
 * The CouchDB revision of a thread's document this profile last saw, and the conflicting
 * leaves it has merged and must delete on the server with its next push.
 */
export interface RevRow {
  threadKey: string;
  rev: string;
  conflicts: string[];
}

/** Every schema version ever shipped, oldest first, with its upgrade function if any. */
export const SCHEMA_VERSIONS: ReadonlyArray<{
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: import('dexie').Transaction) => Promise<void> | void;
}> = [
  {
    version: 1,
    stores: {
      annotations: 'threadKey, site, updatedAt, maturity, reviewOn, *tags',
      settings: 'key',
    },
  },
  {
    // v2: per-field clock stamps, issue positions and tombstones, per-member ratings (for sync).
    version: 2,
    stores: {
      annotations: 'threadKey, site, updatedAt, maturity, reviewOn, *tags',
      settings: 'key',
    },
    upgrade: async (tx) => {
      await tx
        .table('annotations')
        .toCollection()
        .modify((row: AnnotationV1, ref: { value: unknown }) => {
          ref.value = upgradeAnnotationV1(row);
        });
    },
  },
  {
    // v3: team sync. The outbox of unsent threads, the CouchDB revision per thread, and sync
    // bookkeeping (the _changes checkpoint and which database it belongs to).
    version: 3,
    stores: {
      annotations: 'threadKey, site, updatedAt, maturity, reviewOn, *tags',
      settings: 'key',
      outbox: 'threadKey',
      revs: 'threadKey',
      syncState: 'key',
    },
  },
  {
    // v4: the revision of the annotations table (storage/revisions.ts), which every write raises,
    // so the background's in-memory badge facts can tell in one read whether they are current.
    version: 4,
    stores: {
      annotations: 'threadKey, site, updatedAt, maturity, reviewOn, *tags',
      settings: 'key',
      outbox: 'threadKey',
      revs: 'threadKey',
      syncState: 'key',
      revisions: 'table',
    },
  },
  {
    // v5: a picked discussion's W3C selectors (`target`, PRODUCT.md §2); older rows read as none.
    version: 5,
    stores: {
      annotations: 'threadKey, site, updatedAt, maturity, reviewOn, *tags',
      settings: 'key',
      outbox: 'threadKey',
      revs: 'threadKey',
      syncState: 'key',
      revisions: 'table',
    },
    upgrade: async (tx) => {
      await tx
        .table('annotations')
        .toCollection()
        .modify((row: OlderAnnotation, ref: { value: unknown }) => {
          ref.value = upgradeAnnotationFrom(4, row);
        });
    },
  },
  {
    // v6: tags as an observed-remove set (`tagSet`, `tags` kept, derived); what a delete saw (`deletedSeen`).
    version: 6,
    stores: {
      annotations: 'threadKey, site, updatedAt, maturity, reviewOn, *tags',
      settings: 'key',
      outbox: 'threadKey',
      revs: 'threadKey',
      syncState: 'key',
      revisions: 'table',
    },
    upgrade: async (tx) => {
      await tx
        .table('annotations')
        .toCollection()
        .modify((row: OlderAnnotation, ref: { value: unknown }) => {
          ref.value = upgradeAnnotationFrom(5, row);
        });
    },
  },
];

export const DB_NAME = 'doneness';

/** The typed database class; `openDatabase` gives the shared instance. */
export class DonenessDb extends Dexie {
  annotations!: Table<Annotation, string>;
  settings!: Table<SettingRow, string>;
  outbox!: Table<OutboxRow, string>;
  revs!: Table<RevRow, string>;
  syncState!: Table<SettingRow, string>;
  revisions!: Table<RevisionRow, string>;

  private readonly commitListeners = new Set<(commit: AnnotationsCommit) => void>();

  constructor(name = DB_NAME, versions = SCHEMA_VERSIONS) {
    super(name);
    for (const v of versions) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
    this.use(annotationsRevision((commit) => this.commitListeners.forEach((listener) => listener(commit))));
  }

  /**
   * Calls `listener` after each committed write of annotations made through this instance (not
   * those of other extension contexts: the revision tells of those). Returns the unsubscribe.
   */
  onAnnotationsCommitted(listener: (commit: AnnotationsCommit) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }
}

let shared: DonenessDb | null = null;

/** The one database instance of this extension context (created lazily). */
export function openDatabase(): DonenessDb {
  shared ??= new DonenessDb();
  return shared;
}

/** Asks the browser to keep our data under storage pressure; returns whether it is persisted. */
export async function requestPersistence(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}

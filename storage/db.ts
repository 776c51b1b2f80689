/**
 * The Dexie database. Opened only by the background and extension pages (never by content
 * scripts). Schema versions are append-only: add a new entry to SCHEMA_VERSIONS, never edit one;
 * tests/unit/storage/migrations.test.ts checks them against a golden snapshot.
 */
import Dexie, { type Table } from 'dexie';
import { upgradeAnnotationV1 } from './migrations';
import type { Annotation, AnnotationV1 } from './schema';

/** One settings record per key (`settings` holds the Settings object). */
export interface SettingRow {
  key: string;
  value: unknown;
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
];

export const DB_NAME = 'doneness';

/** The typed database class; `openDatabase` gives the shared instance. */
export class DonenessDb extends Dexie {
  annotations!: Table<Annotation, string>;
  settings!: Table<SettingRow, string>;

  constructor(name = DB_NAME, versions = SCHEMA_VERSIONS) {
    super(name);
    for (const v of versions) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
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

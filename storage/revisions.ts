/**
 * The revision of the annotations table: a number that every transaction writing annotations
 * raises, in that same transaction, whichever extension context writes (the background, an
 * import in a page's worker, a sync pass). A reader that keeps a copy of annotation data
 * (storage/badge-cache.ts) reads the revision to learn in one request whether its copy is still
 * current, and hears of each committed write made through its own database instance, so it can
 * keep its copy current without reading it again.
 *
 * Written as a Dexie DBCore middleware (https://dexie.org/docs/DBCore/DBCore), the layer every
 * Dexie write passes through: no code path can write annotations and forget the revision.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';

/** The store holding the revision; declared in storage/db.ts from schema version 4 on. */
export const REVISIONS_STORE = 'revisions';
const TRACKED = 'annotations';

/** One row of the revisions store. */
export interface RevisionRow {
  table: string;
  revision: number;
}

/**
 * What one committed write changed: the revision before and after it, and the rows it wrote by
 * key (undefined: deleted), or null when the rows are not known (a range delete, a failed row).
 */
export interface AnnotationsCommit {
  from: number;
  to: number;
  written: ReadonlyMap<string, unknown> | null;
}

/** Rows a mutate request writes, by key; null when a request does not say (a range delete). */
function writtenRows(request: DBCoreMutateRequest, table: DBCoreTable): Map<string, unknown> | null {
  const extractKey = table.schema.primaryKey.extractKey;
  switch (request.type) {
    case 'add':
    case 'put':
      if (!extractKey) return null;
      return new Map(request.values.map((value) => [extractKey(value) as string, value]));
    case 'delete':
      return new Map(request.keys.map((key) => [key as string, undefined]));
    case 'deleteRange':
      return null;
  }
}

/**
 * The middleware: adds the revisions store to every read-write transaction that includes
 * annotations, and after each write of annotations raises the revision in that transaction.
 * `onCommit` hears of each write once its transaction has committed. Databases declared without
 * the revisions store (older schema versions, in migration tests) pass through untouched.
 */
export function annotationsRevision(onCommit: (commit: AnnotationsCommit) => void): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'AnnotationsRevision',
    create(down) {
      if (!down.schema.tables.some((t) => t.name === REVISIONS_STORE)) return {};
      return {
        transaction(stores, mode, options) {
          const widened = mode === 'readwrite' && stores.includes(TRACKED) && !stores.includes(REVISIONS_STORE);
          return down.transaction(widened ? [...stores, REVISIONS_STORE] : stores, mode, options);
        },
        table(name) {
          const table = down.table(name);
          if (name !== TRACKED) return table;
          const revisions = down.table(REVISIONS_STORE);
          return {
            ...table,
            // Promise chains, not async/await: Dexie keeps its transaction zone through .then.
            mutate(request) {
              return table.mutate(request).then((result) => {
                const trans = request.trans as unknown as IDBTransaction;
                // An older version's upgrade, run before v4 creates the store: nobody holds a copy yet.
                if (!trans.objectStoreNames.contains(REVISIONS_STORE)) return result;
                return revisions.get({ trans: request.trans, key: TRACKED }).then((row?: RevisionRow) => {
                  const from = row?.revision ?? 0;
                  const next: RevisionRow = { table: TRACKED, revision: from + 1 };
                  return revisions.mutate({ trans: request.trans, type: 'put', values: [next] }).then(() => {
                    const written = result.numFailures === 0 ? writtenRows(request, table) : null;
                    trans.addEventListener('complete', () => onCommit({ from, to: next.revision, written }));
                    return result;
                  });
                });
              });
            },
          };
        },
      };
    },
  };
}

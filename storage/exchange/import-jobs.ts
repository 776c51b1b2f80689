/**
 * The heavy half of import and export, run in a worker beside the dashboard so that reading,
 * parsing, validating, merging and writing 100,000 annotations never blocks the page. Kept
 * separate from the worker's wiring so unit tests drive it with a fake IndexedDB.
 */
import { exportFileNameFor, exportMimeFor, renderExport, type ExportFormat } from './export-formats';
import { exportHead, exportItem, exportTail } from './export-json';
import type { ReportLabels } from './export-markdown';
import {
  IMPORT_LIMITS,
  parseImportBytes,
  planImport,
  type ImportFormat,
  type ImportPlan,
  type ImportProblem,
  type PlanEntry,
  type PlanKind,
  type RejectedItem,
} from './import';
import type { Repository } from '../repository';
import { EXPORT_FORMAT, EXPORT_VERSION, LIMITS, type Annotation } from '../schema';
import { readableError } from '../describe-error';

/** The page's requests; each carries an id that its answer repeats. */
export type JobRequest =
  | {
      id: number;
      type: 'export';
      format: ExportFormat;
      /** Thread keys of the dashboard's current filter; null exports everything. */
      keys: string[] | null;
      bom: boolean;
      clientVersion: string;
      now: number;
      labels: ReportLabels;
    }
  | { id: number; type: 'preview'; file: Blob }
  | { id: number; type: 'commit'; skipRejected: boolean }
  /** The keys the last commit added or updated, from `start` on, a lookup's worth at a time. */
  | { id: number; type: 'changed'; start: number }
  | { id: number; type: 'discard' };

/** An answer: the value of the request, or why it failed. */
export type JobResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** A finished export. */
export interface ExportResult {
  blob: Blob;
  fileName: string;
  count: number;
}

/** How many preview lines of each kind travel to the page (the counts are always complete). */
export const PREVIEW_ROWS = 200;

/** What the page shows before the user confirms an import. */
export type PreviewSummary =
  | { ok: false; problems: ImportProblem[] }
  | {
      ok: true;
      format: ImportFormat;
      total: number;
      counts: Record<PlanKind | 'rejected', number>;
      /** Up to PREVIEW_ROWS lines of each kind. */
      entries: PlanEntry[];
      /** Up to PREVIEW_ROWS × 5 rejected records, with all their problems. */
      rejected: RejectedItem[];
    };

/** What an import wrote. */
export interface CommitResult {
  added: string[];
  updated: string[];
  unchanged: number;
  skipped: number;
}

/**
 * What an import wrote, as the page hears it: counts only. The keys stay in the worker and the
 * page fetches them with `changed` requests: 100,000 keys in one message would block the page.
 */
export interface CommitSummary {
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

/** Annotations read (and, for JSON, serialised) per step of an export. */
const EXPORT_PAGE = 5000;

/** Reads the annotations an export covers: all of them, or those of the given keys. */
async function readForExport(repository: Repository, keys: string[] | null): Promise<Annotation[]> {
  if (keys === null) return repository.list();
  const found: Annotation[] = [];
  for (let start = 0; start < keys.length; start += EXPORT_PAGE) {
    found.push(...(await repository.getMany(keys.slice(start, start + EXPORT_PAGE))).values());
  }
  return found;
}

/**
 * The native JSON export, read a page at a time in thread-key order (the export's order) and
 * written into the Blob piece by piece: the bytes of `renderExport`, without ever holding every
 * annotation or the whole file as one string (100,000 annotations make a file of 200 MB).
 */
async function jsonExport(repository: Repository, keys: string[] | null, clientVersion: string, now: Date): Promise<ExportResult> {
  const parts: BlobPart[] = [exportHead({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), clientVersion })];
  let count = 0;
  const write = (page: Iterable<Annotation>) => {
    const pieces: string[] = [];
    for (const a of page) if (!a.deleted) pieces.push(exportItem(a, count++));
    // A Blob per page lets each page's strings go as soon as they are written.
    if (pieces.length) parts.push(new Blob(pieces));
  };
  if (keys === null) {
    for await (const page of repository.pages(EXPORT_PAGE)) write(page);
  } else {
    // Code-unit order, as IndexedDB and renderExport order thread keys.
    const sorted = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let start = 0; start < sorted.length; start += EXPORT_PAGE) {
      const part = sorted.slice(start, start + EXPORT_PAGE);
      const found = await repository.getMany(part);
      write(part.flatMap((key) => found.get(key) ?? []));
    }
  }
  parts.push(exportTail(count));
  return { blob: new Blob(parts, { type: exportMimeFor('json') }), fileName: exportFileNameFor('json', now), count };
}

function summarise(plan: ImportPlan): PreviewSummary {
  const shown: Record<PlanKind, number> = { new: 0, updated: 0, unchanged: 0 };
  const entries = plan.entries.filter((e) => ++shown[e.kind] <= PREVIEW_ROWS);
  return { ok: true, format: plan.format, total: plan.total, counts: plan.counts, entries, rejected: plan.rejected.slice(0, PREVIEW_ROWS * 5) };
}

/** The job handler of one worker (or test): remembers the previewed import until commit. */
export function createJobs(repository: Repository) {
  let pending: ImportPlan | null = null;
  let changed: string[] = [];

  /** Reads and checks a file, then plans its import against what is stored. */
  async function preview(file: Blob): Promise<PreviewSummary> {
    pending = null;
    if (file.size > IMPORT_LIMITS.bytes) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      return { ok: false, problems: [{ path: '(file)', reason: `the file is ${mb(file.size)}; the limit is ${mb(IMPORT_LIMITS.bytes)}` }] };
    }
    const parsed = parseImportBytes(new Uint8Array(await file.arrayBuffer()));
    if (!parsed.ok) return parsed;
    // Look up only keys that are stored: a first import of 100,000 has none to look up.
    const present = await repository.storedKeys();
    pending = await planImport(parsed, (keys) => repository.getRecords(keys.filter((key) => present.has(key))));
    return summarise(pending);
  }

  /**
   * Writes the previewed import in one transaction. A file with rejected records is imported
   * only when the user chose to skip them; otherwise nothing is written.
   */
  async function commit(skipRejected: boolean): Promise<CommitResult> {
    const plan = pending;
    if (!plan) throw new Error('nothing to import: choose a file first');
    if (plan.rejected.length && !skipRejected) {
      throw new Error(`${plan.rejected.length} records of the file were rejected; nothing was imported`);
    }
    const written = await repository.importMerged(plan.annotations);
    pending = null;
    return { ...written, skipped: plan.rejected.length };
  }

  /** Answers one request; never throws. */
  async function handle(request: JobRequest): Promise<JobResponse> {
    try {
      switch (request.type) {
        case 'export': {
          if (request.format === 'json') {
            const value = await jsonExport(repository, request.keys, request.clientVersion, new Date(request.now));
            return { id: request.id, ok: true, value };
          }
          const annotations = await readForExport(repository, request.keys);
          const file = renderExport(request.format, annotations, {
            now: new Date(request.now),
            clientVersion: request.clientVersion,
            labels: request.labels,
            bom: request.bom,
          });
          const value: ExportResult = { blob: new Blob([file.text], { type: file.mime }), fileName: file.fileName, count: file.count };
          return { id: request.id, ok: true, value };
        }
        case 'preview':
          return { id: request.id, ok: true, value: await preview(request.file) };
        case 'commit': {
          const written = await commit(request.skipRejected);
          changed = [...written.added, ...written.updated];
          const value: CommitSummary = { ...written, added: written.added.length, updated: written.updated.length };
          return { id: request.id, ok: true, value };
        }
        case 'changed':
          return { id: request.id, ok: true, value: changed.slice(request.start, request.start + LIMITS.keysPerLookup) };
        case 'discard':
          pending = null;
          return { id: request.id, ok: true, value: null };
      }
    } catch (error) {
      return { id: request.id, ok: false, error: readableError(error) };
    }
  }

  return { handle, preview, commit };
}

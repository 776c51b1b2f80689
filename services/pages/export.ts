/**
 * Export and import from extension pages. The work runs in a worker (storage/exchange/import-worker.ts)
 * that reads and writes the database itself, so the page only hands over a file or a list of
 * keys and receives a finished Blob or a short preview: the page never freezes, even for
 * 100,000 annotations. After an import the background is told, so open pages' badges update.
 */
import { browser } from 'wxt/browser';
import { t, uiLanguage } from '../../lib/i18n';
import type { ExportFormat } from '../../storage/exchange/export-formats';
import { reportLabels } from '../../storage/exchange/export-markdown';
import type { CommitSummary, ExportResult, JobRequest, JobResponse, PreviewSummary } from '../../storage/exchange/import-jobs';
import { toBackground } from './calls';
import { LIMITS } from '../../storage/schema';
// Vite bundles the worker into its own file; WXT rewrites import.meta.url, so `new URL(…)` cannot be used.
import ImportWorker from '../../storage/exchange/import-worker?worker';

type JobBody = JobRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

function jobsWorker(): Worker {
  if (worker) return worker;
  const started: Worker = new ImportWorker();
  started.onmessage = (event: MessageEvent<JobResponse>) => {
    const answer = event.data;
    const pending = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (!pending) return;
    if (answer.ok) pending.resolve(answer.value);
    else pending.reject(new Error(answer.error));
  };
  started.onerror = (event) => {
    event.preventDefault();
    for (const pending of waiting.values()) pending.reject(new Error(event.message || 'the import/export worker stopped'));
    waiting.clear();
    worker = null;
  };
  worker = started;
  return started;
}

function run<T>(body: JobBody): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
    jobsWorker().postMessage({ ...body, id });
  });
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** What to export: all annotations, or the rows the dashboard's filter shows. */
export interface ExportRequest {
  format: ExportFormat;
  /** Thread keys of the dashboard's filtered rows; absent: every annotation. */
  keys?: readonly string[];
  /** Start CSV files with a UTF-8 byte order mark. */
  bom?: boolean;
}

/** Builds an export file in the worker and downloads it; answers how many discussions it holds. */
export async function downloadExport(request: ExportRequest): Promise<number> {
  const result = await run<ExportResult>({
    type: 'export',
    format: request.format,
    keys: request.keys ? [...request.keys] : null,
    bom: request.bom ?? false,
    clientVersion: browser.runtime.getManifest().version,
    now: Date.now(),
    labels: reportLabels(t, uiLanguage()),
  });
  saveBlob(result.blob, result.fileName);
  return result.count;
}

/** Downloads every annotation as native JSON (`doneness-YYYY-MM-DD.json`); answers the count. */
export function downloadJsonExport(): Promise<number> {
  return downloadExport({ format: 'json' });
}

/** Reads, checks and plans the import of a file; nothing is written until `confirmImport`. */
export function previewImport(file: Blob): Promise<PreviewSummary> {
  return run<PreviewSummary>({ type: 'preview', file });
}

/** Forgets a previewed import. */
export async function discardImport(): Promise<void> {
  await run<null>({ type: 'discard' });
}

/**
 * Writes the previewed import in one transaction (skipping rejected records only when asked),
 * then has the background push the new badge states to open pages, passing it the changed keys
 * a lookup's worth at a time.
 */
export async function confirmImport(skipRejected: boolean): Promise<CommitSummary> {
  const result = await run<CommitSummary>({ type: 'commit', skipRejected });
  for (let start = 0; start < result.added + result.updated; start += LIMITS.keysPerLookup) {
    const keys = await run<string[]>({ type: 'changed', start });
    await toBackground({ type: 'annotationsChanged', keys }).catch((error: Error) => {
      console.warn('[doneness] badge update after import failed:', error.message);
    });
  }
  return result;
}

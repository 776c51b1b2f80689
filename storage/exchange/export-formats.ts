/**
 * One entry point for every export format, shared by the dashboard's worker and the command line
 * so a file made in either place has the same bytes.
 */
import { discussionsCsv, issuesCsv } from './export-csv';
import { buildExport, serializeExport } from './export-json';
import { markdownReport, type ReportLabels } from './export-markdown';
import { serializeW3c, w3cCollection } from './export-w3c';
import type { Annotation } from '../schema';

/** The export formats, as the dashboard offers them and `doneness convert --to` names them. */
export const EXPORT_FORMATS = ['json', 'csv', 'csv-issues', 'md', 'w3c'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export needs besides the annotations. */
export interface ExportOptions {
  now: Date;
  clientVersion: string;
  /** Words of the Markdown report and the W3C collection label, in the user's language. */
  labels: ReportLabels;
  /** UTF-8 byte order mark at the start of CSV files (for spreadsheet programs). */
  bom?: boolean;
}

/** A finished export file. */
export interface ExportFile {
  text: string;
  mime: string;
  fileName: string;
  count: number;
}

const SUFFIX: Record<ExportFormat, { ext: string; mime: string }> = {
  json: { ext: '.json', mime: 'application/json' },
  csv: { ext: '-discussions.csv', mime: 'text/csv;charset=utf-8' },
  'csv-issues': { ext: '-issues.csv', mime: 'text/csv;charset=utf-8' },
  md: { ext: '.md', mime: 'text/markdown;charset=utf-8' },
  w3c: { ext: '.jsonld', mime: 'application/ld+json' },
};

/** File name of an export made at `now`, e.g. `doneness-2026-11-26-issues.csv`. */
export function exportFileNameFor(format: ExportFormat, now: Date): string {
  return `doneness-${now.toISOString().slice(0, 10)}${SUFFIX[format].ext}`;
}

/** Media type of an export file in one format. */
export function exportMimeFor(format: ExportFormat): string {
  return SUFFIX[format].mime;
}

const byKey = (a: Annotation, b: Annotation) => (a.threadKey < b.threadKey ? -1 : a.threadKey > b.threadKey ? 1 : 0);

/**
 * Renders annotations in one format. Deleted discussions (tombstones kept for sync) are left
 * out; the rest is sorted by thread key so the same data always gives the same bytes.
 */
export function renderExport(format: ExportFormat, annotations: readonly Annotation[], options: ExportOptions): ExportFile {
  const live = annotations.filter((a) => !a.deleted).sort(byKey);
  const exportedAt = options.now.toISOString();
  let text: string;
  switch (format) {
    case 'json':
      text = serializeExport(buildExport(live, options.clientVersion, options.now));
      break;
    case 'csv':
      text = discussionsCsv(live, options.labels, { bom: options.bom });
      break;
    case 'csv-issues':
      text = issuesCsv(live, options.labels, { bom: options.bom });
      break;
    case 'md':
      text = markdownReport(live, options.labels, options.now);
      break;
    case 'w3c':
      text = serializeW3c(w3cCollection(live, { exportedAt, clientVersion: options.clientVersion, label: options.labels.title }));
      break;
  }
  return { text, mime: SUFFIX[format].mime, fileName: exportFileNameFor(format, options.now), count: live.length };
}

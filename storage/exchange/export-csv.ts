/**
 * CSV exports for spreadsheets (RFC 4180): one file with a row per discussion, one with a row per
 * issue, with human column names and values (band and site names, readable times) in the user's
 * language. Export only: CSV cannot carry the whole record, so it is never imported back.
 */
import { bandOf, visibleIssues } from '../model';
import type { Annotation } from '../schema';
import { EDITED, type ReportLabels } from './export-markdown';

/** The byte order mark that makes Excel read a CSV file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** Options of both CSV files. */
export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (for spreadsheet programs that guess the encoding). */
  bom?: boolean;
}

/** Where a spreadsheet may split a cell: the separators of CSV dialects (`;` in German or French settings) and lines. */
const SPLIT = /([;,\t\r\n])/;

/**
 * Text that a spreadsheet would run as a formula gets an apostrophe before it: titles come from
 * web pages, and a page must not plant formulas (OWASP "CSV injection"). Not only the first
 * character counts: a spreadsheet reading the file with another separator (Excel splits on `;`
 * in German or French settings) or misreading the quotes splits a cell at `;`, `,`, tab or a line
 * break, so every segment that starts (after spaces) with =, +, -, @ is defused, as is a cell
 * that starts with a tab or carriage return (spaces and quotes before the sign do not hide it). Numbers and dates we write ourselves are never touched.
 */
export function defuseFormula(text: string): string {
  const segments = text.split(SPLIT).map((part, i) => (i % 2 === 1 ? part : part.replace(/^((?:[^\S\t\r\n]|")*)([=+\-@])/, "$1'$2")));
  const joined = segments.join('');
  return /^[\t\r]/.test(joined) ? "'" + joined : joined;
}

/** A text cell: always quoted, whatever it holds (see `csvField`). */
interface TextCell {
  text: string;
}

/**
 * One field per RFC 4180: text cells always quoted, so no separator or line inside one can end
 * it; other values (our own numbers, dates and ids) quoted when they hold a quote, comma, CR or
 * LF; quotes doubled.
 */
export function csvField(value: string | number | null | TextCell): string {
  if (value === null) return '';
  if (typeof value === 'object') return `"${value.text.replaceAll('"', '""')}"`;
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record: fields joined by commas, ended by CRLF as RFC 4180 asks. */
function csvRecord(fields: ReadonlyArray<string | number | null | TextCell>): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/** A time as a spreadsheet reads it and a person too: "2026-11-26 10:00" (UTC, named in the column). */
const when = (ms: number | null): string => {
  if (ms === null) return '';
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString().slice(0, 16).replace('T', ' ');
};
const text = (s: string): TextCell => ({ text: defuseFormula(s) });

/** The fields people edit one by one (answer, note, tags, review-on, …): a column each. */
const EDITED_FIELDS = EDITED.map((f) => f.field);

/** Columns of the discussions file, in order: what people read first, the ids last. */
export const DISCUSSION_COLUMNS: readonly string[] = [
  'title',
  'site',
  'maturity',
  'band',
  'openIssues',
  'openIssueText',
  'resolvedIssues',
  ...EDITED_FIELDS,
  'url',
  'createdAt',
  'updatedAt',
  'threadKey',
];

/** Columns of the issues file, in order. */
export const ISSUE_COLUMNS = ['discussion', 'site', 'position', 'text', 'status', 'createdAt', 'resolvedAt', 'resolution', 'threadKey', 'issueId'] as const;

/** The header of a file: each column's human name in the labels' language. */
function header(columns: readonly string[], labels: ReportLabels): string[] {
  return columns.map((c) => labels.columns[c] ?? labels.fields[c] ?? c);
}

/** One edited field as a cell: text defused, a list joined (for reading, not re-import: a tag may hold "; "). */
function editedCell(value: unknown): string | number | null | TextCell {
  if (Array.isArray(value)) return text(value.join('; '));
  if (typeof value === 'string') return text(value);
  return value as number | null;
}

/** The discussions CSV: a header and one row per annotation, in the order given. */
export function discussionsCsv(annotations: readonly Annotation[], labels: ReportLabels, options: CsvOptions = {}): string {
  const parts = [options.bom ? UTF8_BOM : '', csvRecord(header(DISCUSSION_COLUMNS, labels))];
  for (const a of annotations) {
    const issues = visibleIssues(a);
    const open = issues.filter((i) => i.status === 'open');
    parts.push(
      csvRecord([
        text(a.title),
        text(labels.sites[a.site]),
        a.maturity,
        text(labels.bandNames[a.maturity === null ? 'unrated' : bandOf(a.maturity)]),
        open.length,
        // Every open issue in one cell, a line each (a spreadsheet shows them stacked).
        text(open.map((i) => i.text.replace(/\s+/g, ' ').trim()).join('\n')),
        issues.length - open.length,
        ...EDITED_FIELDS.map((f) => editedCell((a as Record<string, unknown>)[f])),
        text(a.url),
        when(a.createdAt),
        when(a.updatedAt),
        text(a.threadKey),
      ]),
    );
  }
  return parts.join('');
}

/** The issues CSV: a header and one row per issue, discussions in the order given. */
export function issuesCsv(annotations: readonly Annotation[], labels: ReportLabels, options: CsvOptions = {}): string {
  const parts = [options.bom ? UTF8_BOM : '', csvRecord(header(ISSUE_COLUMNS, labels))];
  for (const a of annotations) {
    visibleIssues(a).forEach((issue, position) => {
      parts.push(
        csvRecord([
          text(a.title),
          text(labels.sites[a.site]),
          position + 1,
          text(issue.text),
          text(labels.columns[`status_${issue.status}`] ?? issue.status),
          when(issue.createdAt),
          when(issue.resolvedAt),
          text(issue.resolution),
          text(a.threadKey),
          text(issue.id),
        ]),
      );
    });
  }
  return parts.join('');
}

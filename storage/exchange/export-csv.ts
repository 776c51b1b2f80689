/**
 * CSV exports for spreadsheets (RFC 4180): one file with a row per discussion, one with a row per
 * issue. Export only: CSV cannot carry the whole record, so it is never imported back.
 */
import { bandOf, visibleIssues } from '../model';
import { editedFields } from '../registers';
import { ANNOTATION_RECORD, type Annotation } from '../schema';

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

const iso = (ms: number | null): string => {
  if (ms === null) return '';
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
};
const text = (s: string): TextCell => ({ text: defuseFormula(s) });

/** The fields people edit one by one (answer, note, tags, review-on, …): a column each. */
const EDITED = editedFields(ANNOTATION_RECORD).map((f) => f.field);

/** Column names of the discussions file, in order. */
export const DISCUSSION_COLUMNS: readonly string[] = [
  'threadKey',
  'site',
  'title',
  'url',
  'maturity',
  'band',
  'openIssues',
  'resolvedIssues',
  ...EDITED,
  'createdAt',
  'updatedAt',
];

/** One edited field as a cell: text defused, a list joined (for reading, not re-import: a tag may hold "; "). */
function editedCell(value: unknown): string | number | null | TextCell {
  if (Array.isArray(value)) return text(value.join('; '));
  if (typeof value === 'string') return text(value);
  return value as number | null;
}

/** Column names of the issues file, in order. */
export const ISSUE_COLUMNS = [
  'threadKey',
  'discussion',
  'issueId',
  'position',
  'status',
  'text',
  'createdAt',
  'resolvedAt',
  'resolution',
] as const;

/** The discussions CSV: a header and one row per annotation, in the order given. */
export function discussionsCsv(annotations: readonly Annotation[], options: CsvOptions = {}): string {
  const parts = [options.bom ? UTF8_BOM : '', csvRecord(DISCUSSION_COLUMNS)];
  for (const a of annotations) {
    const issues = visibleIssues(a);
    const open = issues.filter((i) => i.status === 'open').length;
    parts.push(
      csvRecord([
        text(a.threadKey),
        a.site,
        text(a.title),
        text(a.url),
        a.maturity,
        a.maturity === null ? '' : bandOf(a.maturity),
        open,
        issues.length - open,
        ...EDITED.map((f) => editedCell((a as Record<string, unknown>)[f])),
        iso(a.createdAt),
        iso(a.updatedAt),
      ]),
    );
  }
  return parts.join('');
}

/** The issues CSV: a header and one row per issue, discussions in the order given. */
export function issuesCsv(annotations: readonly Annotation[], options: CsvOptions = {}): string {
  const parts = [options.bom ? UTF8_BOM : '', csvRecord(ISSUE_COLUMNS)];
  for (const a of annotations) {
    visibleIssues(a).forEach((issue, position) => {
      parts.push(
        csvRecord([
          text(a.threadKey),
          text(a.title),
          text(issue.id),
          position + 1,
          issue.status,
          text(issue.text),
          iso(issue.createdAt),
          iso(issue.resolvedAt),
          text(issue.resolution),
        ]),
      );
    });
  }
  return parts.join('');
}

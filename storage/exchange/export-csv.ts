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

/**
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a
 * leading apostrophe: titles come from web pages, and a page must not plant formulas (OWASP "CSV
 * injection"). Numbers and dates we write ourselves are never touched.
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
}

/** One field per RFC 4180: quoted when it holds a quote, comma, CR or LF; quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record: fields joined by commas, ended by CRLF as RFC 4180 asks. */
function csvRecord(fields: ReadonlyArray<string | number | null>): string {
  return fields.map(csvField).join(',') + '\r\n';
}

const iso = (ms: number | null): string => {
  if (ms === null) return '';
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
};
const text = (s: string) => defuseFormula(s);

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
function editedCell(value: unknown): string | number | null {
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

/**
 * The Markdown report: discussions grouped by site and band, open issues as task-list checkboxes,
 * ready to paste into a wiki or a community post. Everything from a page is escaped, so a title
 * can never become a link, an image, a heading or HTML in the pasted report.
 */
import { BANDS, bandOf, visibleIssues, type Band } from '../model';
import { editedFields } from '../registers';
import { ANNOTATION_RECORD, SITE_IDS, type Annotation } from '../schema';
import { isWebUrl } from '../web-url';

/** The words of the report (our own catalogue, not escaped), looked up by the caller so pages can pass their locale. */
export interface ReportLabels {
  title: string;
  /** `$1` export time, `$2` discussions, `$3` open issues. */
  summary: string;
  bands: Record<Band | 'unrated', string>;
  /** The name of each edited field (answer, note, tags, review-on, …). */
  fields: Record<string, string>;
  untitled: string;
}

/** Builds the labels from a message lookup such as components/i18n `t`. */
export function reportLabels(t: (key: string, ...subs: Array<string | number>) => string): ReportLabels {
  return {
    title: t('reportTitle'),
    summary: t('reportSummary', '$1', '$2', '$3'),
    bands: {
      raw: t('reportBand_raw'),
      mixing: t('reportBand_mixing'),
      baking: t('reportBand_baking'),
      nearly: t('reportBand_nearly'),
      baked: t('reportBand_baked'),
      unrated: t('notRated'),
    },
    fields: Object.fromEntries(EDITED.map((f) => [f.field, t(f.label)])),
    untitled: t('reportUntitled'),
  };
}

/** The fields people edit one by one, with their Markdown form (storage/schema.ts ANNOTATION_RECORD). */
const EDITED = editedFields(ANNOTATION_RECORD);

/** Escapes text for one line of Markdown: every character CommonMark could read as syntax. */
export function markdownInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()<>#+\-.!|~&=:]/g, (c) => '\\' + c);
}

/** Escapes multi-line text as a block quote, keeping its line breaks. */
function markdownQuote(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => (line.trim() === '' ? '>' : '> ' + markdownInline(line)))
    .join('\n');
}

/** A link target for `[…](<…>)`: only http(s), with the characters that could end it encoded. */
function linkTarget(url: string): string | null {
  if (!isWebUrl(url)) return null;
  // Percent-encoded as UTF-8 (U+2028 is %E2%80%A8, not %2028).
  return url.replace(/[<>\\\s]/g, (c) => encodeURIComponent(c));
}

function fill(template: string, ...subs: string[]): string {
  return subs.reduce((text, sub, i) => text.split('$' + (i + 1)).join(sub), template);
}

function section(a: Annotation, labels: ReportLabels): string {
  const title = markdownInline(a.title) || markdownInline(a.threadKey) || labels.untitled;
  const target = linkTarget(a.url);
  const heading = target ? `[${title}](<${target}>)` : title;
  const lines = [`#### ${heading}${a.maturity === null ? '' : ` — ${a.maturity} %`}`, ''];
  const issues = visibleIssues(a);
  if (issues.length) {
    for (const issue of issues) {
      const done = issue.status === 'resolved';
      const resolution = done && issue.resolution.trim() ? ` — ${markdownInline(issue.resolution)}` : '';
      lines.push(`- [${done ? 'x' : ' '}] ${markdownInline(issue.text)}${resolution}`);
    }
    lines.push('');
  }
  // Quoted fields (answer, note) as blocks, then the others on one line of facts.
  const facts: string[] = [];
  for (const { field, markdown } of EDITED) {
    const value = (a as Record<string, unknown>)[field];
    const label = labels.fields[field];
    if (markdown === 'quote' && typeof value === 'string' && value.trim()) lines.push(`**${label}**`, '', markdownQuote(value.trim()), '');
    else if (markdown === 'list' && Array.isArray(value) && value.length) facts.push(`${label}: ${value.map(String).map(markdownInline).join(', ')}`);
    // A date the schema checked (YYYY-MM-DD) holds nothing Markdown reads as syntax.
    else if (markdown === 'date' && typeof value === 'string' && value) facts.push(`${label}: ${value}`);
    else if (markdown === 'inline' && typeof value === 'string' && value.trim()) facts.push(`${label}: ${markdownInline(value)}`);
  }
  if (facts.length) lines.push(facts.join(' · '), '');
  return lines.join('\n');
}

/**
 * The report for a set of annotations: sites in registry order, bands from raw to baked with the
 * unrated last, discussions by maturity then title. Ends with one newline.
 */
export function markdownReport(annotations: readonly Annotation[], labels: ReportLabels, now: Date): string {
  const open = annotations.reduce((n, a) => n + visibleIssues(a).filter((i) => i.status === 'open').length, 0);
  const out = [
    `# ${labels.title}`,
    '',
    fill(labels.summary, now.toISOString().slice(0, 16).replace('T', ' ') + ' UTC', String(annotations.length), String(open)),
    '',
  ];
  const groups = [...BANDS, 'unrated'] as const;
  for (const site of SITE_IDS) {
    const ofSite = annotations.filter((a) => a.site === site);
    if (!ofSite.length) continue;
    out.push(`## ${site}`, '');
    for (const group of groups) {
      const inGroup = ofSite
        .filter((a) => (a.maturity === null ? 'unrated' : bandOf(a.maturity)) === group)
        .sort((x, y) => (y.maturity ?? -1) - (x.maturity ?? -1) || x.title.localeCompare(y.title) || (x.threadKey < y.threadKey ? -1 : 1));
      if (!inGroup.length) continue;
      out.push(`### ${labels.bands[group]} (${inGroup.length})`, '');
      for (const a of inGroup) out.push(section(a, labels));
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/**
 * The Markdown report, written as a status report a team lead pastes as is into a wiki or a
 * community post (issue 18): a title with the date, one line per band, then "Needs attention"
 * (due for review, or held up by open issues) with each open issue as a checkbox, then the rest
 * in compact rows grouped by the sites' human names. Page text is escaped only where Markdown
 * would read it as syntax, so the plain text shows no backslashes before ordinary punctuation.
 *
 * Stale "since new comments" is not in it: a stored annotation holds the activity it was rated
 * at, not the page's latest (that is only known while the page is open: the toolbar count).
 */
import { BANDS, bandOf, isDue, visibleIssues, type Band } from '../model';
import { editedFields } from '../registers';
import { ANNOTATION_RECORD, SITE_IDS, type Annotation, type SiteId } from '../schema';
import { isWebUrl } from '../web-url';

/** A counted phrase in every plural form of the language (`$1` is the count). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>>;

/**
 * The words of the report and the CSV files (our own catalogue, not escaped), looked up by the
 * caller so pages can pass their locale. Plain data: it is posted to the export worker.
 */
export interface ReportLabels {
  /** The language of the words, for plural rules and dates. */
  language: string;
  title: string;
  /** Band with its range, for the summary: "Baking (50–79 %)". */
  bands: Record<Band | 'unrated', string>;
  /** Band name alone, for rows and CSV cells: "Baking". */
  bandNames: Record<Band | 'unrated', string>;
  /** Human site names: "Viva Engage (Yammer)", not `yammer`. */
  sites: Record<SiteId, string>;
  /** The name of each edited field (answer, note, tags, review-on, …). */
  fields: Record<string, string>;
  untitled: string;
  needsAttention: string;
  /** `$1`: the review date. */
  dueSince: string;
  counts: Record<'discussions' | 'openIssues' | 'due', PluralForms>;
  /** Column names of the CSV files, by column id (storage/exchange/export-csv.ts). */
  columns: Record<string, string>;
}

/** The fields people edit one by one, with their Markdown form (storage/schema.ts ANNOTATION_RECORD). */
export const EDITED = editedFields(ANNOTATION_RECORD);

/** CSV columns named here rather than by an edited field (export-csv.ts). */
export const CSV_COLUMN_KEYS = {
  site: 'csvSite',
  title: 'csvTitle',
  url: 'csvUrl',
  maturity: 'csvMaturity',
  band: 'csvBand',
  openIssues: 'csvOpenIssues',
  resolvedIssues: 'csvResolvedIssues',
  openIssueText: 'csvOpenIssueText',
  createdAt: 'csvCreatedAt',
  updatedAt: 'csvUpdatedAt',
  threadKey: 'csvThreadKey',
  discussion: 'csvDiscussion',
  position: 'csvPosition',
  status: 'csvStatus',
  text: 'csvIssueText',
  resolvedAt: 'csvResolvedAt',
  resolution: 'csvResolution',
  issueId: 'csvIssueId',
  status_open: 'csvStatus_open',
  status_resolved: 'csvStatus_resolved',
} as const;

/**
 * Builds the labels from a message lookup such as lib/i18n `t`, in `language` (lib/i18n
 * `uiLanguage()` in the extension).
 */
export function reportLabels(t: (key: string, ...subs: Array<string | number>) => string, language = 'en'): ReportLabels {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const forms = (key: string): PluralForms => {
    const out: PluralForms = {};
    for (const c of categories) {
      const text = t(`${key}_${c}`, '$1');
      if (text !== `${key}_${c}`) out[c] = text;
    }
    return out;
  };
  const bandKeys = [...BANDS, 'unrated'] as const;
  return {
    language,
    title: t('reportTitle'),
    bands: Object.fromEntries(bandKeys.map((b) => [b, b === 'unrated' ? t('notRated') : t(`reportBand_${b}`)])) as ReportLabels['bands'],
    bandNames: Object.fromEntries(bandKeys.map((b) => [b, b === 'unrated' ? t('notRated') : t(`band_${b}`)])) as ReportLabels['bandNames'],
    sites: Object.fromEntries(SITE_IDS.map((s) => [s, t(`site_${s}`)])) as ReportLabels['sites'],
    fields: Object.fromEntries(EDITED.map((f) => [f.field, t(f.label)])),
    untitled: t('reportUntitled'),
    needsAttention: t('reportNeedsAttention'),
    dueSince: t('staleDue', '$1'),
    counts: { discussions: forms('reportDiscussions'), openIssues: forms('reportOpenIssues'), due: forms('reportDue') },
    columns: Object.fromEntries(Object.entries(CSV_COLUMN_KEYS).map(([id, key]) => [id, t(key)])),
  };
}

/** A counted phrase: the form the language's plural rules pick for `n`, else its "other" form. */
export function counted(labels: ReportLabels, which: keyof ReportLabels['counts'], n: number): string {
  const forms = labels.counts[which];
  const form = forms[new Intl.PluralRules(labels.language).select(n)] ?? forms.other ?? '$1';
  return form.split('$1').join(String(n));
}

/** A calendar day (YYYY-MM-DD) as people write it in the labels' language: "3 December 2026". */
export function humanDay(day: string, language: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Escapes page text for one line of Markdown (CommonMark with GitHub's extensions), only where
 * it would change the meaning: emphasis and strikethrough marks that could pair, code spans,
 * links and images, HTML tags, entities, a backslash that would escape what follows, a heading's
 * closing #s. Line breaks become spaces. Ordinary punctuation ("a - b", "Q&A", "[draft]",
 * "snake_case", "a | b") stays as it is, so the text reads the same where nothing is rendered.
 * Never placed at the start of a line by the report, so list, quote and heading starts need none.
 */
export function markdownInline(input: string): string {
  const text = input.replace(/\s+/g, ' ').trim();
  // Brackets matter only when they could close into a link ("](", "][") or are unbalanced
  // (then they could join a link of ours); balanced plain brackets stay.
  let depth = 0;
  let balanced = true;
  for (const c of text) {
    if (c === '[') depth += 1;
    else if (c === ']' && --depth < 0) balanced = false;
  }
  const escapeBrackets = !balanced || depth !== 0 || /\][([]/.test(text);
  const dollars = (text.match(/\$/g) ?? []).length >= 2; // GitHub math: $…$
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const before = text[i - 1];
    const after = text[i + 1];
    let escape = false;
    switch (c) {
      case '\\':
        escape = after === undefined || PUNCTUATION.test(after);
        break;
      case '`':
        escape = true;
        break;
      case '*':
      case '~':
        // Surrounded by spaces a mark can neither open nor close.
        escape = !(isSpace(before) && isSpace(after));
        break;
      case '_':
        // Inside a word (snake_case) an underscore never opens or closes emphasis.
        escape = !(isWordChar(before) && isWordChar(after)) && !(isSpace(before) && isSpace(after));
        break;
      case '[':
      case ']':
        escape = escapeBrackets;
        break;
      case '<':
        escape = after !== undefined && /[A-Za-z/!?]/.test(after);
        break;
      case '&':
        escape = /^&#?[A-Za-z0-9]+;/.test(text.slice(i));
        break;
      case '$':
        escape = dollars;
        break;
      case '#':
        // A run of #s at the end, after a space, would be a heading's closing sequence.
        escape = /^#+$/.test(text.slice(i)) && (isSpace(before) || before === '#');
        break;
    }
    out += escape ? '\\' + c : c;
  }
  return out;
}

/** A link target for `[…](<…>)`: only http(s), with the characters that could end it encoded. */
function linkTarget(url: string): string | null {
  if (!isWebUrl(url)) return null;
  // Percent-encoded as UTF-8 (U+2028 is %E2%80%A8, not %2028).
  return url.replace(/[<>\\\s]/g, (c) => encodeURIComponent(c));
}

const fill = (template: string, ...subs: string[]) => subs.reduce((text, sub, i) => text.split('$' + (i + 1)).join(sub), template);
const groupOf = (a: Annotation): Band | 'unrated' => (a.maturity === null ? 'unrated' : bandOf(a.maturity));
const openIssues = (a: Annotation) => visibleIssues(a).filter((i) => i.status === 'open');

/** The title as a link to the discussion where it has a web address. */
function titleLink(a: Annotation, labels: ReportLabels): string {
  const title = markdownInline(a.title) || markdownInline(a.threadKey) || labels.untitled;
  const target = linkTarget(a.url);
  return target ? `[${title}](<${target}>)` : title;
}

/** "Baking, 65 %" or "Not rated". */
function standing(a: Annotation, labels: ReportLabels): string {
  return a.maturity === null ? labels.bandNames.unrated : `${labels.bandNames[groupOf(a)]}, ${a.maturity} %`;
}

/** The edited fields as "Label: value" facts, each with its field: answer and note ('long') collapsed to one line. */
function facts(a: Annotation, labels: ReportLabels, kind: 'short' | 'long'): Array<{ field: string; text: string }> {
  const out: Array<{ field: string; text: string }> = [];
  for (const { field, markdown } of EDITED) {
    if ((markdown === 'quote') !== (kind === 'long')) continue;
    const value = (a as Record<string, unknown>)[field];
    const label = labels.fields[field];
    let text = '';
    if (markdown === 'list' && Array.isArray(value)) text = value.map(String).map(markdownInline).join(', ');
    // A date the schema checked (YYYY-MM-DD), written out in words: nothing Markdown reads as syntax.
    else if (markdown === 'date' && typeof value === 'string' && value) text = humanDay(value, labels.language);
    else if (typeof value === 'string') text = markdownInline(value);
    if (text) out.push({ field, text: `${label}: ${text}` });
  }
  return out;
}

const byStanding = (x: Annotation, y: Annotation) =>
  (y.maturity ?? -1) - (x.maturity ?? -1) || x.title.localeCompare(y.title) || (x.threadKey < y.threadKey ? -1 : 1);

/** One discussion that needs attention: a heading, its site, standing and why, its open issues. */
function attentionEntry(a: Annotation, labels: ReportLabels, now: number): string {
  const due = isDue(a, now) && a.reviewOn !== null;
  const line = [labels.sites[a.site], standing(a, labels)];
  // "due for review since …" says what the review-on fact would.
  if (due) line.push(fill(labels.dueSince, humanDay(a.reviewOn!, labels.language)));
  line.push(...facts(a, labels, 'short').filter((f) => !(due && f.field === 'reviewOn')).map((f) => f.text));
  const out = [`### ${titleLink(a, labels)}`, '', line.join(' · '), ''];
  const open = openIssues(a);
  if (open.length) out.push(...open.map((i) => `- [ ] ${markdownInline(i.text)}`), '');
  for (const fact of facts(a, labels, 'long')) out.push(fact.text, '');
  return out.join('\n');
}

/** One discussion in a compact row: standing, title, then its answer, note and other facts. */
function compactRow(a: Annotation, labels: ReportLabels): string {
  const extra = [...facts(a, labels, 'long'), ...facts(a, labels, 'short')].map((f) => ` · ${f.text}`).join('');
  return `- ${standing(a, labels)} · ${titleLink(a, labels)}${extra}`;
}

/**
 * The report for a set of annotations on the day of `now`: summary, "Needs attention" (due first,
 * then by maturity), then the rest by site in registry order, each by maturity then title. Ends
 * with one newline.
 */
export function markdownReport(annotations: readonly Annotation[], labels: ReportLabels, now: Date): string {
  const at = now.getTime();
  const needs = (a: Annotation) => isDue(a, at) || openIssues(a).length > 0;
  const attention = annotations
    .filter(needs)
    .sort((x, y) => Number(isDue(y, at)) - Number(isDue(x, at)) || byStanding(x, y));
  const rest = annotations.filter((a) => !needs(a));
  const totalOpen = annotations.reduce((n, a) => n + openIssues(a).length, 0);
  const due = annotations.filter((a) => isDue(a, at)).length;
  const summary = [counted(labels, 'discussions', annotations.length), counted(labels, 'openIssues', totalOpen)];
  if (due) summary.push(counted(labels, 'due', due));
  const out = [`# ${labels.title}, ${humanDay(now.toISOString().slice(0, 10), labels.language)}`, '', summary.join(' · '), ''];

  // One line per band, from baked down to raw (the unrated last), leaving out empty bands.
  for (const group of [...[...BANDS].reverse(), 'unrated'] as const) {
    const inGroup = annotations.filter((a) => groupOf(a) === group);
    if (!inGroup.length) continue;
    const open = inGroup.reduce((n, a) => n + openIssues(a).length, 0);
    out.push(`- ${labels.bands[group]}: ${counted(labels, 'discussions', inGroup.length)}${open ? ', ' + counted(labels, 'openIssues', open) : ''}`);
  }
  out.push('');

  if (attention.length) {
    out.push(`## ${labels.needsAttention} (${attention.length})`, '');
    for (const a of attention) out.push(attentionEntry(a, labels, at));
  }
  for (const site of SITE_IDS) {
    const ofSite = rest.filter((a) => a.site === site).sort(byStanding);
    if (!ofSite.length) continue;
    out.push(`## ${labels.sites[site]} (${ofSite.length})`, '', ...ofSite.map((a) => compactRow(a, labels)), '');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

// CSV read back by a real CSV parser (csv-parse) and the Markdown report's grouping and escaping.
import { parse } from 'csv-parse/sync';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { setFallbackCatalogue, t } from '../../../../lib/i18n';
import de from '../../../../public/_locales/de/messages.json';
import en from '../../../../public/_locales/en/messages.json';
import { DISCUSSION_COLUMNS, ISSUE_COLUMNS, defuseFormula, discussionsCsv, issuesCsv } from '../../../../storage/exchange/export-csv';
import { markdownInline, markdownReport, reportLabels } from '../../../../storage/exchange/export-markdown';
import { visibleIssues } from '../../../../storage/model';
import { TRICKY, annotate, ref, sampleSet } from './sample';

const labels = reportLabels(t);
const sorted = () => sampleSet().sort((a, b) => (a.threadKey < b.threadKey ? -1 : 1));

/** The header a person sees for each column id, in English. */
const HUMAN: Record<string, string> = {
  title: 'Discussion',
  site: 'Site',
  maturity: 'Maturity (%)',
  band: 'Band',
  openIssues: 'Open issues',
  openIssueText: 'Open issues (text)',
  resolvedIssues: 'Resolved issues',
  answer: 'Answer',
  note: 'Note',
  tags: 'Tags',
  reviewOn: 'Review on',
  url: 'Link',
  createdAt: 'Created (UTC)',
  updatedAt: 'Last changed (UTC)',
  threadKey: 'Thread key',
  discussion: 'Discussion',
  position: 'No.',
  text: 'Issue',
  status: 'Status',
  resolvedAt: 'Resolved (UTC)',
  resolution: 'How it was resolved',
  issueId: 'Issue id',
};

/** Rows of a CSV file keyed by column id, after checking its header is the human one. */
function rowsOf(text: string, columns: readonly string[]): Record<string, string>[] {
  const [head, ...rows] = parse(text, { bom: true }) as string[][];
  expect(head).toEqual(columns.map((c) => HUMAN[c]));
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
}

describe('CSV (RFC 4180)', () => {
  it('reads back every discussion field exactly, quotes, commas, newlines, RTL and emoji included', () => {
    const set = sorted();
    const text = discussionsCsv(set, labels);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = rowsOf(text, DISCUSSION_COLUMNS);
    expect(rows).toHaveLength(set.length);
    rows.forEach((row, i) => {
      const a = set[i];
      expect(row.threadKey).toBe(a.threadKey);
      expect(row.title).toBe(defuseFormula(a.title));
      expect(row.answer).toBe(defuseFormula(a.answer));
      expect(row.note).toBe(defuseFormula(a.note));
      expect(row.maturity).toBe(a.maturity === null ? '' : String(a.maturity));
      expect(row.tags.split('; ')).toEqual(a.tags.length ? a.tags : ['']);
    });
    const first = rows.find((r) => r.title === TRICKY[0])!;
    expect(first).toMatchObject({ openIssues: '1', resolvedIssues: '1', reviewOn: '2026-12-24' });
  });

  it('names sites and bands as people do, writes readable times, and puts the open issues\' text in one cell', () => {
    const rows = rowsOf(discussionsCsv(sorted(), labels), DISCUSSION_COLUMNS);
    const bySite = Object.fromEntries(rows.map((r) => [r.site, r]));
    expect(Object.keys(bySite).sort()).toEqual(['Discourse', 'GitHub', 'MediaWiki', 'Other pages', 'Viva Engage (Yammer)'].sort());
    expect(rows.map((r) => r.site)).not.toContain('yammer');
    expect(bySite.MediaWiki).toMatchObject({ band: 'Baking', openIssueText: 'line one line two line three' });
    expect(bySite.GitHub.band).toBe('Baked');
    expect(bySite.Discourse.band).toBe('Nearly baked');
    expect(bySite['Viva Engage (Yammer)'].band).toBe('Not rated');
    // 1_700_000_000_000 ms plus a few: 2023-11-14 22:13 UTC, to the minute.
    expect(bySite.MediaWiki.updatedAt).toBe('2023-11-14 22:13');
    expect(bySite.MediaWiki.createdAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    // Two open issues: a line each in the one cell.
    const two = discussionsCsv([annotate(ref(9), [{ kind: 'addIssue', id: 'a', text: 'First' }, { kind: 'addIssue', id: 'b', text: '=Second' }])], labels);
    expect(rowsOf(two, DISCUSSION_COLUMNS)[0].openIssueText).toBe("First\n'=Second");
  });

  it('writes one row per visible issue and keeps tricky text intact', () => {
    const set = sorted();
    const rows = rowsOf(issuesCsv(set, labels), ISSUE_COLUMNS);
    const expected = set.flatMap((a) => visibleIssues(a).map((i) => ({ key: a.threadKey, text: defuseFormula(i.text), resolution: defuseFormula(i.resolution) })));
    expect(rows.map((r) => ({ key: r.threadKey, text: r.text, resolution: r.resolution }))).toEqual(expected);
    expect(rows.map((r) => r.text)).toContain(TRICKY[1]);
    expect(rows.map((r) => r.text)).not.toContain('gone');
    expect(rows.map((r) => r.status).sort()).toEqual(['open', 'open', 'resolved']);
    expect(rows.find((r) => r.status === 'resolved')).toMatchObject({ site: 'MediaWiki', position: '2', resolvedAt: '2023-11-14 22:13' });
  });

  it('writes German headers and values with German labels', () => {
    setFallbackCatalogue(de, 'de');
    try {
      const [head, ...rows] = parse(discussionsCsv(sorted(), reportLabels(t, 'de')), {}) as string[][];
      expect(head.slice(0, 4)).toEqual(['Diskussion', 'Website', 'Reifegrad (%)', 'Stufe']);
      expect(rows.map((r) => r[3])).toContain('Im Ofen');
    } finally {
      setFallbackCatalogue(en);
    }
  });

  it('starts with a UTF-8 BOM only when asked, and the parser strips it', () => {
    const withBom = discussionsCsv(sorted(), labels, { bom: true });
    expect(withBom.charCodeAt(0)).toBe(0xfeff);
    expect(discussionsCsv(sorted(), labels).charCodeAt(0)).not.toBe(0xfeff);
    expect(rowsOf(withBom, DISCUSSION_COLUMNS)).toHaveLength(sorted().length);
  });

  it('defuses spreadsheet formulas from page text', () => {
    const rows = rowsOf(discussionsCsv(sorted(), labels), DISCUSSION_COLUMNS);
    expect(rows.map((r) => r.answer)).toContain("'" + TRICKY[4]);
    expect(defuseFormula('-1')).toBe("'-1");
    expect(defuseFormula('plain')).toBe('plain');
  });

  // Issue 20, item 6: Excel in German or French settings splits CSV on ";" (and the tags are
  // joined with "; "), so a formula after a separator would become a cell of its own.
  const HOSTILE = ["'=cmd|calc; x;=1+2", 'a,=SUM(A1)', 'ok\t@x', 'one\n+two', 'quoted;"=bad', 'spaced;  -1', 'x;\u00a0=y'];

  it('defuses every segment a spreadsheet could split off, not only the first', () => {
    expect(defuseFormula(HOSTILE[0])).toBe("'=cmd|calc; x;'=1+2");
    expect(defuseFormula(HOSTILE[1])).toBe("a,'=SUM(A1)");
    expect(defuseFormula(HOSTILE[2])).toBe("ok\t'@x");
    expect(defuseFormula(HOSTILE[3])).toBe("one\n'+two");
    expect(defuseFormula(HOSTILE[4])).toBe('quoted;"\'=bad');
    expect(defuseFormula(HOSTILE[5])).toBe("spaced;  '-1");
    expect(defuseFormula('a; b, c')).toBe('a; b, c');
  });

  it('quotes every text cell, and no piece split at ; , tab or a line break starts a formula', () => {
    const set = sorted();
    set[0] = { ...set[0], title: HOSTILE[0], note: HOSTILE.join(' '), tags: ['x', '=1+2', '@SUM(1)'] };
    set[1] = { ...set[1], answer: HOSTILE[1] };
    for (const text of [discussionsCsv(set, labels), issuesCsv(set, labels)]) {
      // A reader that splits on every separator and ignores quotes (the worst case).
      const pieces = text.split(/[;,\t\r\n]/);
      const formulas = pieces.filter((p) => /^(?:\s|")*[=+\-@]/.test(p));
      expect(formulas).toEqual([]);
      // A real CSV parser still reads every text cell back whole.
      const rows: Record<string, string>[] = parse(text, { columns: true });
      expect(rows.length).toBeGreaterThan(0);
    }
    const rows = rowsOf(discussionsCsv(set, labels), DISCUSSION_COLUMNS);
    expect(rows[0].title).toBe("'=cmd|calc; x;'=1+2");
    expect(rows[0].tags).toBe("x; '=1+2; '@SUM(1)");
    // Every text cell is quoted: the title column of each data line starts with a quote.
    const line = discussionsCsv([set[2]], labels).split('\r\n')[1];
    expect(line.startsWith(`"${set[2].title}","${labels.sites[set[2].site]}",`)).toBe(true);
  });
});

/** The report as a Markdown renderer (markdown-it: CommonMark with tables and strikethrough) shows it. */
function rendered(markdown: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = new MarkdownIt({ html: true, linkify: false }).render(markdown);
  return root;
}

/** Page titles that would break a naive report: each must show exactly as typed, in one heading link. */
const HOSTILE_TITLES = [
  'Pipes | in | a | title',
  '| a | b |',
  '# leading hash',
  'trailing hash #',
  '[bracketed](https://evil.example) link',
  '![image](https://evil.example/x.png)',
  'unbalanced ] bracket [',
  'use `code` here',
  'line one\nline two\n\n---',
  '*stars* and _underscores_ and ~~strike~~',
  '<script>alert(1)</script> & &amp; <b>bold</b>',
  '\\backslash\\ and \\*escaped\\*',
  '1. ordered? - list? > quote?',
  '$x$ and $y$',
];

/** Ordinary titles: they read the same as plain text, not one backslash added. */
const ORDINARY_TITLES = [
  'Q&A: 50% done - next steps (draft)',
  '[draft] Travel policy: rail first',
  'Rename snake_case_fields? Yes!',
  '3 * 4 = 12 and a ~ b',
  'C# vs. F# #general',
  'Costs $5 per seat',
  'a | b',
  'He said "no", then left — 100 %',
  'Is 2 < 3 and 5 > 4?',
  'path\\to\\file',
];

describe('Markdown report', () => {
  const report = markdownReport(sorted(), labels, new Date('2026-11-26T10:00:00Z'));

  it('reads as a status report: title and date, a line per band, needs attention, then the rest by site name', () => {
    const headings = report.split('\n').filter((l) => /^#{1,2} /.test(l));
    expect(headings).toEqual(['# Doneness report, November 26, 2026', '## Needs attention (2)', '## Discourse (1)', '## GitHub (1)', '## Other pages (1)']);
    const lines = report.split('\n');
    expect(lines[2]).toBe('5 discussions · 2 open issues');
    expect(lines.slice(4, 9)).toEqual([
      '- Baked (100 %): 1 discussion',
      '- Nearly baked (80–99 %): 1 discussion',
      '- Baking (50–79 %): 1 discussion, 1 open issue',
      '- Not rated: 2 discussions, 1 open issue',
      '',
    ]);
    // Each open issue as a box, resolved ones and deleted ones not listed.
    expect(report).toContain('- [ ] line one line two line three');
    expect(report).not.toContain('[x]');
    expect(report).not.toContain('gone');
    expect(report).toContain('MediaWiki · Baking, 60 % · Tags: a, b, policy, ünïcode · Review on: December 24, 2026');
    expect(report).toContain('Viva Engage (Yammer) · Not rated');
    expect(report).not.toMatch(/^## (yammer|mediawiki)/m);
    // The rest: a compact row each.
    expect(report).toContain('- Nearly baked, 85 % · [discourse:example/4](<https://en.wikipedia.org/wiki/Talk:Cake#T4>)');
  });

  it('lists a discussion due for review first, saying since when, and leaves out empty parts', () => {
    const a = sorted().find((x) => x.site === 'mediawiki')!;
    const due = { ...sorted().find((x) => x.site === 'github')!, reviewOn: '2026-11-20' };
    const md = markdownReport([a, due], labels, new Date('2026-11-26T10:00:00Z'));
    expect(md.split('\n')[2]).toBe('2 discussions · 1 open issue · 1 due for review');
    const entries = md.split('\n').filter((l) => l.startsWith('### '));
    expect(entries[0]).toContain(markdownInline(due.title));
    expect(md).toContain('due for review since November 20, 2026');
    expect(markdownReport([], labels, new Date('2026-11-26T10:00:00Z'))).toBe('# Doneness report, November 26, 2026\n\n0 discussions · 0 open issues\n');
  });

  it('in German: words, plurals and dates', () => {
    setFallbackCatalogue(de, 'de');
    try {
      const md = markdownReport(sorted(), reportLabels(t, 'de'), new Date('2026-11-26T10:00:00Z'));
      expect(md.split('\n').slice(0, 3)).toEqual(['# Doneness-Bericht, 26. November 2026', '', '5 Diskussionen · 2 offene Punkte']);
      expect(md).toContain('- Gar (100 %): 1 Diskussion');
      expect(md).toContain('- Im Ofen (50–79 %): 1 Diskussion, 1 offener Punkt');
      expect(md).toContain('## Braucht Aufmerksamkeit (2)');
    } finally {
      setFallbackCatalogue(en);
    }
  });

  it('shows hostile titles literally once rendered: no table, heading, link, image, code, emphasis or HTML of their own', () => {
    // A discussion with an open issue: its title is a heading in "Needs attention".
    const base = { ...sorted().find((x) => x.site === 'mediawiki')!, answer: '', note: '', tags: [] };
    for (const [i, title] of HOSTILE_TITLES.entries()) {
      const a = { ...base, title, threadKey: `mediawiki:x#${i}`, url: `https://example.com/${i}` };
      const html = rendered(markdownReport([a], labels, new Date('2026-11-26T10:00:00Z')));
      expect(html.querySelectorAll('table, img, code, em, strong, del, s, script, b, hr, ol, blockquote'), title).toHaveLength(0);
      expect(html.querySelectorAll('h1, h2, h3, h4, h5, h6'), title).toHaveLength(3);
      const links = [...html.querySelectorAll('a')];
      expect(links.map((l) => l.getAttribute('href')), title).toEqual([`https://example.com/${i}`]);
      expect(links[0].textContent, title).toBe(title.replace(/\s+/g, ' ').trim());
      // Its open issue shows as typed too.
      const issue = { ...base, title: 'T', threadKey: 'mediawiki:y', issues: [{ ...base.issues[0], text: title }] };
      const item = rendered(markdownReport([issue], labels, new Date('2026-11-26T10:00:00Z'))).querySelectorAll('li');
      expect([...item].at(-1)?.textContent?.replace(/^\[ \] /, ''), title).toBe(title.replace(/\s+/g, ' ').trim());
    }
  });

  it('adds no backslash to ordinary titles, and they still render as typed', () => {
    const base = { ...sorted().find((x) => x.site === 'mediawiki')!, answer: '', note: '', tags: [] };
    for (const title of ORDINARY_TITLES) {
      expect(markdownInline(title), title).toBe(title);
      const html = rendered(markdownReport([{ ...base, title }], labels, new Date('2026-11-26T10:00:00Z')));
      expect(html.querySelector('h3 a')?.textContent, title).toBe(title);
      expect(html.querySelectorAll('em, strong, code, del, s, table'), title).toHaveLength(0);
    }
    expect(markdownInline('# a <b> [c](d) *e*')).toBe('# a \\<b> \\[c\\](d) \\*e\\*');
  });

  it('links only to http(s) addresses, inside pointy brackets', () => {
    expect(report).toContain('](<https://en.wikipedia.org/wiki/Talk:Cake#T1>)');
    const hrefs = [...rendered(report).querySelectorAll('a')].map((l) => l.getAttribute('href'));
    expect(hrefs).toHaveLength(4); // the fifth has no web address
    for (const href of hrefs) expect(href).toMatch(/^https:\/\//);
    // The note's "[link](javascript:…)" shows as text.
    expect(rendered(report).textContent).toContain('[link](javascript:alert(1))');
  });

  it('percent-encodes a line or paragraph separator in a link as UTF-8 (issue 20, item 8)', () => {
    const [a] = sorted();
    const md = markdownReport([{ ...a, url: 'https://example.com/a\u2028b\u2029c d<e>' }], labels, new Date('2026-11-26T10:00:00Z'));
    expect(md).toContain('](<https://example.com/a%E2%80%A8b%E2%80%A9c%20d%3Ce%3E>)');
    expect(md).not.toContain('%2028');
  });
});

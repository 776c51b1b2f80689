// CSV read back by a real CSV parser (csv-parse) and the Markdown report's grouping and escaping.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { t } from '../../../../lib/i18n';
import { DISCUSSION_COLUMNS, ISSUE_COLUMNS, defuseFormula, discussionsCsv, issuesCsv } from '../../../../storage/exchange/export-csv';
import { markdownInline, markdownReport, reportLabels } from '../../../../storage/exchange/export-markdown';
import { visibleIssues } from '../../../../storage/model';
import { TRICKY, sampleSet } from './sample';

const sorted = () => sampleSet().sort((a, b) => (a.threadKey < b.threadKey ? -1 : 1));

describe('CSV (RFC 4180)', () => {
  it('reads back every discussion field exactly, quotes, commas, newlines, RTL and emoji included', () => {
    const set = sorted();
    const text = discussionsCsv(set);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows: Record<string, string>[] = parse(text, { columns: true, bom: true });
    expect(Object.keys(rows[0])).toEqual([...DISCUSSION_COLUMNS]);
    expect(rows).toHaveLength(set.length);
    rows.forEach((row, i) => {
      const a = set[i];
      expect(row.threadKey).toBe(a.threadKey);
      expect(row.title).toBe(defuseFormula(a.title));
      expect(row.answer).toBe(defuseFormula(a.answer));
      expect(row.note).toBe(defuseFormula(a.note));
      expect(row.maturity).toBe(a.maturity === null ? '' : String(a.maturity));
      expect(row.tags.split('; ')).toEqual(a.tags.length ? a.tags : ['']);
      expect(row.updatedAt).toBe(new Date(a.updatedAt).toISOString());
    });
    const first = rows.find((r) => r.title === TRICKY[0])!;
    expect(first).toMatchObject({ band: 'baking', openIssues: '1', resolvedIssues: '1', reviewOn: '2026-12-24' });
  });

  it('writes one row per visible issue and keeps tricky text intact', () => {
    const set = sorted();
    const rows: Record<string, string>[] = parse(issuesCsv(set), { columns: true });
    expect(Object.keys(rows[0])).toEqual([...ISSUE_COLUMNS]);
    const expected = set.flatMap((a) => visibleIssues(a).map((i) => ({ key: a.threadKey, text: defuseFormula(i.text), resolution: defuseFormula(i.resolution) })));
    expect(rows.map((r) => ({ key: r.threadKey, text: r.text, resolution: r.resolution }))).toEqual(expected);
    expect(rows.map((r) => r.text)).toContain(TRICKY[1]);
    expect(rows.map((r) => r.text)).not.toContain('gone');
  });

  it('starts with a UTF-8 BOM only when asked, and the parser strips it', () => {
    const withBom = discussionsCsv(sorted(), { bom: true });
    expect(withBom.charCodeAt(0)).toBe(0xfeff);
    expect(discussionsCsv(sorted()).charCodeAt(0)).not.toBe(0xfeff);
    const rows: Record<string, string>[] = parse(withBom, { columns: true, bom: true });
    expect(Object.keys(rows[0])[0]).toBe('threadKey');
  });

  it('defuses spreadsheet formulas from page text', () => {
    const rows: Record<string, string>[] = parse(discussionsCsv(sorted()), { columns: true });
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
    for (const text of [discussionsCsv(set), issuesCsv(set)]) {
      // A reader that splits on every separator and ignores quotes (the worst case).
      const pieces = text.split(/[;,\t\r\n]/);
      const formulas = pieces.filter((p) => /^(?:\s|")*[=+\-@]/.test(p));
      expect(formulas).toEqual([]);
      // A real CSV parser still reads every text cell back whole.
      const rows: Record<string, string>[] = parse(text, { columns: true });
      expect(rows.length).toBeGreaterThan(0);
    }
    const rows: Record<string, string>[] = parse(discussionsCsv(set), { columns: true });
    expect(rows[0].title).toBe("'=cmd|calc; x;'=1+2");
    expect(rows[0].tags).toBe("x; '=1+2; '@SUM(1)");
    // Every text cell is quoted: the title column of each data line starts with a quote.
    const line = discussionsCsv([set[2]]).split('\r\n')[1];
    expect(line.startsWith('"' + set[2].threadKey + '","' + set[2].site)).toBe(false);
    expect(line.startsWith('"' + set[2].threadKey + '",' + set[2].site + ',"')).toBe(true);
  });
});

describe('Markdown report', () => {
  const report = markdownReport(sorted(), reportLabels(t), new Date('2026-11-26T10:00:00Z'));

  it('groups by site, then band, with open issues as unchecked boxes', () => {
    const headings = report.split('\n').filter((l) => /^#{1,3} /.test(l));
    expect(headings).toEqual([
      '# Doneness report',
      '## mediawiki',
      '### Baking (50–79 %) (1)',
      '## yammer',
      '### Not rated (1)',
      '## discourse',
      '### Nearly baked (80–99 %) (1)',
      '## github',
      '### Baked (100 %) (1)',
      '## generic',
      '### Not rated (1)',
    ]);
    expect(report).toContain('- [ ] line one line two line three');
    expect(report).toMatch(/- \[x\] .+ — Cake 🎂/);
    expect(report).not.toContain('gone');
  });

  it('escapes page text so it cannot become HTML, links or headings', () => {
    expect(report).not.toMatch(/<script>/);
    expect(report).not.toContain('[link](javascript');
    expect(markdownInline('# a <b> [c](d) *e*')).toBe('\\# a \\<b\\> \\[c\\]\\(d\\) \\*e\\*');
    // Links only to http(s) addresses, inside pointy brackets.
    expect(report).toContain('](<https://en.wikipedia.org/wiki/Talk:Cake#T1>)');
  });

  it('percent-encodes a line or paragraph separator in a link as UTF-8 (issue 20, item 8)', () => {
    const [a] = sorted();
    const md = markdownReport([{ ...a, url: 'https://example.com/a\u2028b\u2029c d<e>' }], reportLabels(t), new Date('2026-11-26T10:00:00Z'));
    expect(md).toContain('](<https://example.com/a%E2%80%A8b%E2%80%A9c%20d%3Ce%3E>)');
    expect(md).not.toContain('%2028');
  });
});

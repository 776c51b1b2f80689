// Across renderings: a section picked on a talk page in one markup (the classic parser, today's
// DiscussionTools markup, Parsoid) is found on the same page in the others. The real pages live
// outside the project (../shared/real-pages/, not in every clone): they are read at test time
// when present; the project's own wiki page is checked in every run.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe as group, expect, it } from 'vitest';
import { Anchorer, describe } from '../../../../sites/anchoring/anchor';
import { blockText, indexText } from '../../../../sites/anchoring/text';
import { pageHtml, parse } from './pages';

const REAL = path.resolve(__dirname, '../../../../../shared/real-pages/mediawiki');
const RENDERINGS = ['pl-big-oldparser.html', 'pl-big-oldparser-formatted-desktop.html', 'pl-big-parsoid.html'];
const present = RENDERINGS.every((f) => existsSync(path.join(REAL, f)));

/** The level-2 section headings of a talk page, by anchor (the table of contents left out). */
function headings(doc: Document): Map<string, Element> {
  const out = new Map<string, Element>();
  for (const h of Array.from(doc.querySelectorAll('#mw-content-text h2'))) {
    const id = h.id || h.querySelector('.mw-headline')?.id;
    if (id) out.set(id, h);
  }
  return out;
}

/** The heading's element as a reader sees it: the DiscussionTools wrapper when there is one. */
const outer = (h: Element): Element => (h.parentElement?.classList.contains('mw-heading') ? h.parentElement : h);

/** The first paragraph after a heading: a comment of the section. */
function firstComment(h: Element): Element | null {
  const start = outer(h);
  for (let el = start.nextElementSibling; el && !/^h[1-6]$/.test(el.localName) && !el.classList.contains('mw-heading'); el = el.nextElementSibling) {
    if (el.localName === 'p' && blockText(el, 200).length > 60) return el;
  }
  return null;
}

group('across renderings of one talk page', () => {
  if (!present) {
    it.skip(`real pages not found at ${REAL} (they are outside the project; CI clones may lack them)`, () => {});
  }

  for (const from of present ? RENDERINGS : []) {
    for (const to of RENDERINGS.filter((r) => r !== from)) {
      it(`sections and comments picked in ${from} are found in ${to}`, () => {
        const a = parse(readFileSync(path.join(REAL, from), 'utf8'));
        const b = parse(readFileSync(path.join(REAL, to), 'utf8'));
        const inA = headings(a);
        const inB = headings(b);
        const ids = [...inA.keys()].filter((id) => inB.has(id));
        expect(ids.length).toBeGreaterThan(20);
        const anchorer = new Anchorer(b);
        const indexA = indexText(a);
        let sections = 0;
        let comments = 0;
        const missed: string[] = [];
        for (const id of ids) {
          const sel = describe(inA.get(id)!, a, indexA);
          const found = sel && anchorer.find(sel);
          // Found means: the same section's heading, never another one.
          if (found) expect(found.element.contains(inB.get(id)!) || inB.get(id)!.contains(found.element), id).toBe(true);
          if (found) sections++;
          else missed.push(id);
          const comment = firstComment(inA.get(id)!);
          const commentB = firstComment(inB.get(id)!);
          if (comment && commentB) {
            const c = anchorer.find(describe(comment, a, indexA)!);
            if (c) expect(c.element.localName, id).toBe('p');
            if (c) expect(blockText(c.element, 60), id).toBe(blockText(commentB, 60));
            if (c) comments++;
          }
        }
        expect(missed, `${sections} of ${ids.length} sections found`).toEqual([]);
        expect(comments).toBeGreaterThan(ids.length / 2);
      });
    }
  }
});

group('across renderings of the project wiki page', () => {
  it('a section heading picked in the classic markup is found in the DiscussionTools and Parsoid forms', () => {
    const classic = parse(pageHtml('wiki-sections.html'));
    const sel = describe(classic.getElementById('Cleaning_schedule')!.parentElement!, classic)!;
    // Today's DiscussionTools markup: the heading in a wrapper with its edit link beside it.
    const dt = parse(
      pageHtml('wiki-sections.html').replace(
        /<h2><span class="mw-headline" id="([^"]+)">([^<]+)<\/span><\/h2>/g,
        '<div class="mw-heading mw-heading2"><h2 id="$1">$2</h2><span class="mw-editsection"><a href="?action=edit">edit</a></span></div>',
      ),
    );
    expect(new Anchorer(dt).find(sel)?.element).toBe(dt.getElementById('Cleaning_schedule'));
    // Parsoid: sections wrap their heading and comments.
    const parsoid = parse(
      pageHtml('wiki-sections.html')
        .replace(/<h2><span class="mw-headline" id="([^"]+)">([^<]+)<\/span><\/h2>/g, '</section><section><h2 id="$1">$2</h2>')
        .replace('<div class="mw-parser-output">', '<div class="mw-parser-output"><section>')
        .replace('</div></div></div>', '</section></div></div></div>'),
    );
    expect(parsoid.querySelectorAll('section').length).toBe(4);
    expect(new Anchorer(parsoid).find(sel)?.element).toBe(parsoid.getElementById('Cleaning_schedule'));
  });
});

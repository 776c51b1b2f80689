// The CSS paths of a pass are followed from the top down with each parent's children read once
// (sites/anchoring/css-path.ts, CssResolver): the same elements, in the same order, as the
// browser's querySelectorAll, for every path `cssPath` writes and for any other selector.
import { describe, expect, it } from 'vitest';
import { CssResolver, cssPath, lastTag, queryCss } from '../../../../sites/anchoring/css-path';
import { loadFixtures } from '../fixtures';
import { pageHtml, parse } from './pages';

const same = (root: Document | Element, resolver: CssResolver, value: string, max = 50) =>
  expect(resolver.query(value, max)).toEqual(queryCss(root, value, max));

describe('CssResolver', () => {
  it('names the same elements as querySelectorAll for the path of every element of real-shaped pages', () => {
    const pages = [pageHtml('team-forum.html'), pageHtml('wiki-sections.html'), ...loadFixtures().map((f) => f.html).filter((_, i) => i % 4 === 0)];
    let paths = 0;
    for (const html of pages) {
      const doc = parse(html);
      const resolver = new CssResolver(doc);
      const all = [...doc.querySelectorAll('body *')];
      for (let i = 0; i < all.length; i += Math.max(1, Math.floor(all.length / 150))) {
        const path = cssPath(all[i], doc);
        same(doc, resolver, path);
        // The element itself is among what its path names.
        expect(resolver.query(path, Infinity)).toContain(all[i]);
        paths++;
      }
    }
    expect(paths).toBeGreaterThan(500);
  });

  it('follows :scope paths below an element root', () => {
    const doc = parse(pageHtml('team-forum.html'));
    const root = doc.querySelector('main') ?? doc.body;
    const resolver = new CssResolver(root);
    for (const el of [...root.querySelectorAll('*')].slice(0, 80)) same(root, resolver, cssPath(el, root));
  });

  it('leaves other selectors, wrong counts and missing steps to the same answer', () => {
    const doc = parse(pageHtml('wiki-sections.html'));
    const resolver = new CssResolver(doc);
    for (const value of ['div > div > p', 'div > p', 'h2 ~ p', 'div p', 'body > div:nth-of-type(99) > h2', 'html > body > nosuch', 'DIV > P', 'div > p:first-child', '#x\\31 > p', ':scope > div', '', '>>', 'div.a.b:nth-of-type(0)']) {
      same(doc, resolver, value);
    }
  });

  it('leaves quirks-mode pages to the browser (ids and classes match there without regard to case)', () => {
    const doc = parse('<html><body><div id="Main"><p class="Post">one</p></div></body></html>');
    // happy-dom has no quirks mode: the page says it is in one, as a browser's would.
    Object.defineProperty(doc, 'compatMode', { value: 'BackCompat', configurable: true });
    const asked: string[] = [];
    const query = doc.querySelectorAll.bind(doc);
    doc.querySelectorAll = ((value: string) => (asked.push(value), query(value))) as typeof doc.querySelectorAll;
    new CssResolver(doc).query('html > body > div#Main > p.Post');
    expect(asked).toEqual(['html > body > div#Main > p.Post']);
    // In standards mode only the first step goes to the browser.
    asked.length = 0;
    Object.defineProperty(doc, 'compatMode', { value: 'CSS1Compat' });
    expect(new CssResolver(doc).query('html > body > div#Main > p.Post').map((el) => el.textContent)).toEqual(['one']);
    expect(asked).toEqual(['html']);
  });
});

describe('lastTag', () => {
  it('names the tag of a path\'s last step, lower case, or nothing when the step names none', () => {
    expect(lastTag('div#a > ul.feed > li.post:nth-of-type(3)')).toBe('li');
    expect(lastTag('H2')).toBe('h2');
    expect(lastTag('div > h2#x')).toBe('h2');
    expect(lastTag('div >   my-el.x')).toBe('my-el');
    expect(lastTag('div > .x')).toBeNull();
    expect(lastTag('div > 2x')).toBeNull();
    expect(lastTag('')).toBeNull();
  });
});

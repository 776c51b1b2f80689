// Hostile pages: the quote repeated 5,000 times, 5 MB of text, a page that rewrites itself every
// 100 ms. Re-anchoring answers the picked block or nothing, never another block, never throws, and
// costs a bounded time.
import { describe as group, expect, it } from 'vitest';
import { Anchorer, FIND_LIMITS, GramIndex, describe } from '../../../../sites/anchoring/anchor';
import { TEXT_LIMITS } from '../../../../sites/anchoring/text';
import { selectorOf, type AnchorSelector } from '../../../../sites/anchoring/selectors';
import { pageHtml, parse, post } from './pages';

const FORUM = pageHtml('team-forum.html');

function picked(id: string): AnchorSelector[] {
  const doc = parse(FORUM);
  return describe(post(doc, id), doc)!;
}

/**
 * Finds the selectors in `doc` and checks the work stayed within the bounds: text read, exact
 * occurrences, fuzzy characters and candidates. The time limit is loose (happy-dom on a shared
 * machine: its CSS engine and DOM are far slower than a browser's); the bench measures the real one.
 */
function bounded(sel: AnchorSelector[], doc: Document) {
  const anchorer = new Anchorer(doc);
  const t = performance.now();
  const found = anchorer.find(sel);
  expect(performance.now() - t).toBeLessThan(10_000);
  expect(anchorer.index.text.length).toBeLessThanOrEqual(TEXT_LIMITS.maxChars);
  expect(anchorer.work.occurrences).toBeLessThanOrEqual(FIND_LIMITS.occurrences);
  expect(anchorer.work.fuzzyChars).toBeLessThanOrEqual(FIND_LIMITS.fuzzyChars);
  expect(anchorer.work.screenedChars).toBeLessThanOrEqual(FIND_LIMITS.fuzzyChars);
  expect(anchorer.work.candidates).toBeLessThanOrEqual(FIND_LIMITS.candidates * 2);
  return { found, work: anchorer.work };
}

group('hostile pages', () => {
  it('the quote repeated 5,000 times in posts of the same kind: the picked post, or nothing', () => {
    const sel = picked('4413');
    const quote = selectorOf(sel, 'TextQuoteSelector')!.exact;
    const doc = parse(FORUM);
    const list = doc.querySelector('ul.feed')!;
    const copies = Array.from({ length: 5000 }, () => `<li class="post"><p>${quote}</p></li>`).join('');
    list.insertAdjacentHTML('afterbegin', copies);
    expect(bounded(sel, doc).found?.element).toBe(post(doc, '4413'));
    post(doc, '4413').remove();
    const gone = bounded(sel, doc);
    expect(gone.found).toBeNull();
    // It looked at as many copies as it may, and no more.
    expect(gone.work.occurrences).toBe(FIND_LIMITS.occurrences);
  });

  it('the quote repeated 5,000 times in one block: never that block', () => {
    const sel = picked('4412');
    const quote = selectorOf(sel, 'TextQuoteSelector')!.exact;
    const doc = parse(FORUM);
    post(doc, '4412').remove();
    const wall = doc.createElement('li');
    wall.className = 'post';
    wall.textContent = Array.from({ length: 5000 }, () => quote).join(' ');
    doc.querySelector('ul.feed')!.append(wall);
    expect(bounded(sel, doc).found).toBeNull();
  });

  it('5 MB of text: read up to a bound, found before it, an orphan past it, in bounded time', () => {
    const sel = picked('4411');
    const doc = parse(FORUM);
    const filler = 'crumb '.repeat(5 * 1024 * 1024 / 6);
    const big = doc.createElement('div');
    big.textContent = filler;
    doc.querySelector('main')!.append(big);
    expect(bounded(sel, doc).found?.element).toBe(post(doc, '4411'));
    // The same text before the post: the post lies past what is read, so it is not found.
    doc.querySelector('main')!.prepend(big);
    for (const el of Array.from(doc.querySelectorAll('[class]'))) el.removeAttribute('class');
    const past = bounded(sel, doc);
    expect(past.found).toBeNull();
    // The fuzzy fallback ran (its filter read the windows; none could hold the quote).
    expect(past.work.screenedChars).toBeGreaterThan(0);
    // And in 20,000 small nodes.
    big.remove();
    const many = doc.createElement('div');
    many.innerHTML = Array.from({ length: 20_000 }, (_, i) => `<span>word${i % 97} </span>`).join('');
    doc.querySelector('main')!.prepend(many);
    expect(bounded(sel, doc).found?.element).toBe(post(doc, '4411'));
  });

  it('a page that rewrites itself every 100 ms: the picked post or nothing, never another, nothing thrown', async () => {
    const all = ['4411', '4412', '4413', '4414'].map((id) => [id, picked(id)] as const);
    const doc = parse(FORUM);
    const list = doc.querySelector('ul.feed')!;
    const original = Array.from(list.children).map((li) => li.outerHTML);
    let rewrites = 0;
    let tick: () => void = () => {};
    const timer = setInterval(() => {
      rewrites++;
      // Shuffle, drop one, rename every class, as a framework re-render might.
      const order = original.map((html, i) => ({ html, key: (i * 7 + rewrites * 3) % 5 })).sort((a, b) => a.key - b.key);
      list.innerHTML = order
        .filter((_, i) => i !== rewrites % 4)
        .map((x) => x.html.replace(/class="[^"]*"/g, `class="r${rewrites}-item"`))
        .join('');
      tick();
    }, 100);
    try {
      let found = 0;
      while (rewrites < 8) {
        await new Promise<void>((resolve) => (tick = resolve));
        const anchorer = new Anchorer(doc);
        for (const [id, sel] of all) {
          const hit = anchorer.find(sel);
          const there = list.querySelector(`a[href$="/posts/${id}"]`)?.closest('li') ?? null;
          // Found means: that very post; not found only when it is not on the page.
          if (hit) expect(hit.element, id).toBe(there);
          else expect(there, id).toBeNull();
          if (hit) found++;
        }
      }
      expect(found).toBeGreaterThan(8 * 2);
    } finally {
      clearInterval(timer);
    }
  });
});

group('the shared trigram index of a pass', () => {
  it('finds every occurrence of a piece in page order, as a scan of the text would', () => {
    const text = 'the oven rota; the oven rota moved; THE OVEN. oven rot, ovenovenoven rota '.repeat(300) + 'zz';
    const index = new GramIndex(text);
    for (const piece of ['oven', 'the oven rota', 'ovenoven', 'rota ', 'zz', 'absent piece', 'n r']) {
      const scanned: number[] = [];
      for (let at = text.indexOf(piece); at >= 0 && scanned.length < 50; at = text.indexOf(piece, at + 1)) scanned.push(at);
      expect(index.find(piece, 50)).toEqual(scanned);
    }
  });
});

// Re-anchoring's two shortcuts (a CSS match checked by the text from its block on, and the screen
// that proves a quote is nowhere on the page) answer exactly what the full search answers, on
// generated pages full of near-duplicates, edits, controls inside text and blocks glued without
// whitespace; and they are what a pass of found and deleted discussions runs on.
import { describe as group, expect, it } from 'vitest';
import search from 'approx-string-match';
import { Anchorer, FIND_LIMITS, describe } from '../../../../sites/anchoring/anchor';
import { SCREEN_LIMITS, isSpace, mayHold, rarestWindows, screenText } from '../../../../sites/anchoring/screen';
import { selectorOf, type AnchorSelector } from '../../../../sites/anchoring/selectors';
import { seededRandom } from '../../../support/seeded-random';
import { runToEnd } from '../../../../sites/steps';
import { parse } from './pages';
import { BADGE_HOST_ATTRIBUTE } from '../../../../sites/observer';
import { SKIPPED_SELECTOR, indexText, readFrom, textStartOf } from '../../../../sites/anchoring/text';

const WORDS = 'oven rota proofing baskets rye spelt crumb crust starter flour the and of to we a is it that schedule batch'.split(' ');
const SPACES = [' ', ' ', ' ', '\n  ', '\u00a0', '\t'];

type Random = () => number;
const pick = <T,>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

function words(random: Random, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += (i ? pick(random, SPACES) : '') + pick(random, WORDS);
  return out;
}

/** One post: an author line and paragraphs, now and then a control or an inline element inside the text. */
function postHtml(random: Random, id: number): string {
  const glue = random() < 0.3 ? '' : '\n';
  let body = '';
  for (let p = 0; p < 1 + Math.floor(random() * 3); p++) {
    const before = words(random, 3 + Math.floor(random() * 8));
    const after = words(random, 3 + Math.floor(random() * 12));
    const middle = pick(random, [' ', ' <b>' + words(random, 2) + '</b> ', '<button>Reply</button>', ' <span role="button">Like 3</span> ', '<script>var x = 1</script>', '<!-- note -->']);
    body += `<p>${before}${middle}${after}</p>${glue}`;
  }
  const author = pick(random, ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
  return `<li class="post p${id}"><div class="head"><span class="author">${author}</span> <time>${id} Jan</time></div>${glue}${body}</li>${glue}`;
}

function pageOf(random: Random, posts: number): string {
  let items = '';
  for (let i = 0; i < posts; i++) items += postHtml(random, i);
  return `<!DOCTYPE html><html><head><title>Board</title><style>.post{margin:0}</style></head><body><main><h1>Board</h1><ul class="feed">${items}</ul>${random() < 0.5 ? words(random, 2) : ''}</main>${random() < 0.5 ? words(random, 3) : ''}<footer>Footer text</footer></body></html>`;
}

/** Up to `max` random character edits (insertions, deletions, substitutions, spaces included). */
function edit(random: Random, text: string, max: number): string {
  let out = text;
  for (let e = Math.floor(random() * (max + 1)); e > 0; e--) {
    const at = Math.floor(random() * (out.length + 1));
    const ch = pick(random, ['x', 'e', ' ', 'r', 'o']);
    const kind = random();
    out = kind < 0.33 ? out.slice(0, at) + ch + out.slice(at) : kind < 0.66 ? out.slice(0, at) + out.slice(at + 1) : out.slice(0, at) + ch + out.slice(at + 1);
  }
  return out;
}

/** Changes the page the way pages change between visits. */
function change(random: Random, doc: Document, post: Element): void {
  const feed = doc.querySelector('main > ul')!;
  const what = random();
  if (what < 0.25) post.remove();
  else if (what < 0.4) feed.prepend(parse(`<ul>${postHtml(random, 900)}</ul>`).querySelector('li')!);
  else if (what < 0.55) for (const el of Array.from(doc.querySelectorAll('[class]'))) el.setAttribute('class', `c${Math.floor(random() * 1e6)}`);
  else if (what < 0.7) {
    // Its first words kept, the rest and the text before it rewritten (another post now).
    for (const p of Array.from(post.querySelectorAll('p')).slice(1)) p.textContent = words(random, 12);
    const last = post.querySelector('p:last-child');
    if (last) last.append(' ' + words(random, 8));
    const before = post.previousElementSibling;
    if (before) before.textContent = words(random, 10);
  } else if (what < 0.85) {
    const p = post.querySelector('p');
    if (p?.firstChild?.nodeType === 3) {
      const t = p.firstChild as Text;
      t.data = edit(random, t.data, 3);
    }
    const head = post.querySelector('.author');
    if (head && random() < 0.5) head.textContent = edit(random, head.textContent ?? '', 2);
  } else {
    // Deleted, and a near copy of its first words left in another post.
    const copy = post.cloneNode(true) as Element;
    post.remove();
    const p = copy.querySelector('p');
    if (p) p.append(' ' + words(random, 3));
    feed.append(copy);
  }
}

/** Sometimes only the quote is kept (an imported annotation, the bench's orphans). */
function variant(random: Random, sel: AnchorSelector[]): AnchorSelector[] {
  const r = random();
  if (r < 0.2) return sel.filter((s) => s.type === 'TextQuoteSelector');
  if (r < 0.3) return sel.filter((s) => s.type !== 'CssSelector');
  return sel;
}

group('the shortcuts answer what the full search answers', () => {
  it('on 150 generated pages, each found or orphaned alike, one by one and all at once', () => {
    let viaShortcut = 0;
    let screenedOut = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const random = seededRandom(seed);
      const html = pageOf(random, 6 + Math.floor(random() * 10));
      const original = parse(html);
      const posts = Array.from(original.querySelectorAll('li.post'));
      const chosen = posts.filter(() => random() < 0.4);
      // Posts, and now and then one paragraph of a post (its text runs on past its end).
      const blocks = chosen.map((p) => (random() < 0.3 ? (Array.from(p.querySelectorAll('p')).pop() ?? p) : p));
      const selectors = blocks.map((b) => variant(random, describe(b, original)!));
      const doc = parse(html);
      const live = Array.from(doc.querySelectorAll('li.post'));
      for (const p of chosen) if (random() < 0.6) change(random, doc, live[posts.indexOf(p)]);
      const full = new Anchorer(doc, FIND_LIMITS, { shortcuts: false });
      const expected = selectors.map((s) => full.find(s));
      const one = selectors.map((s) => new Anchorer(doc).find(s));
      const fast = new Anchorer(doc);
      const all = runToEnd(fast.findAll(selectors));
      expect(one, `seed ${seed}`).toEqual(expected);
      expect(all, `seed ${seed}`).toEqual(expected);
      viaShortcut += fast.work.byCss;
      screenedOut += fast.work.screened - (fast.work.indexed ? 1 : 0);
    }
    // The cases exercise both shortcuts, not only the full search.
    expect(viaShortcut).toBeGreaterThan(50);
    expect(screenedOut).toBeGreaterThan(10);
  });

  it('the screen never rules out a quote that is within its edits somewhere on the page', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed * 7919);
      const doc = parse(pageOf(random, 4));
      const text = screenText(doc)!;
      // The page's own collapsed text, as anchoring reads it, with a stretch of it edited.
      const index = new Anchorer(doc, FIND_LIMITS, { shortcuts: false }).index.text;
      const at = Math.floor(random() * (index.length - 60));
      const exact = index.slice(at, at + 20 + Math.floor(random() * 60)).trim();
      if (exact.length < 10) continue;
      const k = Math.max(1, Math.ceil(exact.length * FIND_LIMITS.editShare));
      const edited = edit(random, exact, k).trim();
      expect(mayHold(text, [{ exact: edited, k }]), `seed ${seed}: ${JSON.stringify(edited)}`).toEqual([true]);
    }
  });

  it('the text read from a block on is the indexed text from its start, for every element of a page', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed * 104729);
      const doc = parse(pageOf(random, 5));
      const index = indexText(doc);
      for (const el of Array.from(doc.body.querySelectorAll('*'))) {
        const start = textStartOf(index, el);
        const { text, first } = readFrom(el, doc, 90);
        if (start === null || el.closest(SKIPPED_SELECTOR)) continue;
        expect(first, `seed ${seed} ${el.outerHTML.slice(0, 60)}`).not.toBeNull();
        expect(text, `seed ${seed} ${el.outerHTML.slice(0, 60)}`).toBe(index.text.slice(start, start + 90));
      }
    }
  });

  it('takes for whitespace exactly what the index collapses (JavaScript\'s \\s), every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpace(c), `U+${c.toString(16)}`).toBe(/\s/.test(String.fromCharCode(c)));
  });

  it('quotes sharing pieces are each judged on their own: every one within its edits of the page may be there', () => {
    const random = seededRandom(5);
    const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    // 32 quotes of 40 letters (k = 4, five pieces of 8): piece s of quote j is one of two texts, by
    // bit s of j, so every piece is held by 16 quotes and any two quotes differ in some pieces.
    const texts = Array.from({ length: 5 }, () => [letters(8), letters(8)]);
    const quotes = Array.from({ length: 32 }, (_, j) => texts.map((pair, s) => pair[(j >> s) & 1]).join(''));
    const doc = parse(`<!DOCTYPE html><html><body><p>${words(random, 40)}</p><p>${edit(random, quotes[31], 2)} ${words(random, 30)}</p></body></html>`);
    const text = screenText(doc)!;
    const answer = mayHold(text, quotes.map((q) => ({ exact: q, k: 4 })));
    const page = text.replace(/\s+/g, '');
    quotes.forEach((q, i) => {
      if (search(page, q, 4).length > 0) expect(answer[i], `quote ${i}`).toBe(true);
    });
    expect(answer[31]).toBe(true);
    expect(answer.filter((a) => !a).length).toBeGreaterThan(20);
  });

  it('finds quotes made of the characters regular expressions treat as special, and rules out the missing ones', () => {
    const doc = parse('<!DOCTYPE html><html><body><p>Sum: a+b+c+d+e+f+g+h+i+j+k+l+m+n. Costs (a+b of [c ^d $e |f \\g? {h. /i/ Then more words.</p></body></html>');
    const text = screenText(doc);
    const plus = 'a+b+c+d+e+f+g+h+i+j+k+l+m+n';
    const brackets = 'Costs (a+b of [c ^d $e |f \\g? {h.';
    const absent = 'Prices (x+y of [z ^q $r |s \\t? {u.';
    expect(mayHold(text, [{ exact: plus, k: 2 }, { exact: brackets.replace('^d', '^D'), k: 3 }, { exact: absent, k: 3 }])).toEqual([true, true, false]);
  });

  it('screens more pieces than one pattern holds: a quote in a later pattern is found, the others ruled out', () => {
    const random = seededRandom(77);
    // 80 quotes of 18 made-up words (11 pieces each, some 880 different in all) and the page holds
    // only the last, edited.
    const word = () => Array.from({ length: 3 + Math.floor(random() * 6) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    const quotes = Array.from({ length: 80 }, () => Array.from({ length: 18 }, word).join(' '));
    const k = (q: string) => Math.max(1, Math.ceil(q.length * FIND_LIMITS.editShare));
    const last = quotes[quotes.length - 1];
    const doc = parse(`<!DOCTYPE html><html><body><p>Intro.</p><p>${last.replace(/ /, '  ').slice(0, -2)}</p></body></html>`);
    const answer = mayHold(screenText(doc), quotes.map((q) => ({ exact: q, k: k(q) })));
    expect(answer[answer.length - 1]).toBe(true);
    expect(answer.slice(0, -1).filter(Boolean).length).toBe(0);
  });

  it('tells apart characters that share their low seven bits (the pass packs only those)', () => {
    const doc = parse('<!DOCTYPE html><html><body><p>Crème brûlée café für Жюль and 中文 text, a quote nobody would expect.</p></body></html>');
    const text = screenText(doc);
    const present = 'Crème brûlée café für Жюль and 中文 text';
    // Each character past ASCII replaced by the one of its low seven bits (é by i, 中 by -).
    const lookalike = Array.from(present, (ch) => String.fromCharCode(ch.charCodeAt(0) & 0x7f)).join('');
    expect(lookalike).not.toBe(present);
    expect(lookalike.replace(/\S/g, '')).toBe(present.replace(/\S/g, ''));
    expect(mayHold(text, [{ exact: present, k: 1 }, { exact: lookalike, k: 1 }])).toEqual([true, false]);
  });

  it('chooses the disjoint windows of four found least often, as trying every choice would', () => {
    const random = seededRandom(31);
    /** The least sum of `count` disjoint windows, by trying every choice. */
    const least = (hits: number[], count: number, from = 0): number => {
      if (count === 0) return 0;
      let best = Infinity;
      for (let p = from; p < hits.length; p++) best = Math.min(best, hits[p] + least(hits, count - 1, p + 4));
      return best;
    };
    for (let round = 0; round < 300; round++) {
      const length = 4 + Math.floor(random() * 14);
      const hits = Array.from({ length: length - 3 }, () => Math.floor(random() * 6));
      const count = 1 + Math.floor(random() * 4);
      const chosen = rarestWindows(hits, count);
      expect(chosen.hits, `round ${round}`).toBe(least(hits, count));
      if (chosen.hits === Infinity) {
        expect(chosen.at).toEqual([]);
        continue;
      }
      expect(chosen.at).toHaveLength(count);
      chosen.at.forEach((p, i) => i > 0 && expect(p - chosen.at[i - 1]).toBeGreaterThanOrEqual(4));
      expect(chosen.at.reduce((sum, p) => sum + hits[p], 0)).toBe(chosen.hits);
    }
  });

  it('cuts a quote where the page is quiet: its words repeated everywhere do not stop the screen', () => {
    // The page says every word of the quote hundreds of times, never two of them in a row; with at
    // most 40 places to check, pieces inside words would each pass that bound, pieces across them do not.
    const quote = 'the proofing baskets and the oven rota that nobody wrote here';
    const wordsOf = quote.split(' ');
    const random = seededRandom(9);
    const filler = Array.from({ length: 3000 }, () => `${pick(random, wordsOf)} crumb`).join(' ');
    const k = Math.ceil(quote.length * FIND_LIMITS.editShare);
    const limits = { ...SCREEN_LIMITS, pieceHits: 40 };
    const page = (extra: string) => screenText(parse(`<!DOCTYPE html><html><body><p>${filler}</p>${extra}</body></html>`));
    expect(mayHold(page(''), [{ exact: quote, k }], limits)).toEqual([false]);
    // And where it is, edited within its edits, it may be there.
    expect(mayHold(page(`<p>${edit(random, quote, k)}</p>`), [{ exact: quote, k }], limits)).toEqual([true]);
  });

  it('reads the text indexing reads: no script, control or badge text, nothing of other documents', () => {
    const doc = parse(
      '<!DOCTYPE html><html><head><title>T</title></head><body><h2>Hello <b>big</b> world</h2><!-- c --><script>var x</script>' +
        `<p>After <button>Reply</button> text<span role="button">Like</span><span ${BADGE_HOST_ATTRIBUTE}="">70%</span></p>end</body></html>`,
    );
    expect(screenText(doc)).toBe('Hello big worldAfter  textend');
    expect(screenText(doc.querySelector('p')!)).toBe('After  text');
  });
});

group('what a pass of found and deleted discussions costs', () => {
  it('blocks found by their CSS path and deleted ones are settled without indexing the page', () => {
    const random = seededRandom(42);
    const html = pageOf(random, 30);
    const original = parse(html);
    const posts = Array.from(original.querySelectorAll('li.post'));
    const found = posts.slice(0, 20).map((p) => describe(p, original)!);
    const gone = [0, 1, 2].map((i): AnchorSelector[] => [
      { type: 'TextQuoteSelector', exact: `A deleted post ${i} about the proofing baskets that nobody wrote here`, prefix: '', suffix: '' },
    ]);
    const anchorer = new Anchorer(parse(html));
    const answers = runToEnd(anchorer.findAll([...found, ...gone]));
    expect(answers.slice(0, 20).map((a) => a?.via)).toEqual(Array(20).fill('css'));
    expect(answers.slice(20)).toEqual([null, null, null]);
    expect(anchorer.work).toMatchObject({ byCss: 20, screened: 3, indexed: 0 });
  });

  it('a quote the screen cannot rule out goes to the full search, which still finds no look-alike', () => {
    const random = seededRandom(43);
    const html = pageOf(random, 10);
    const doc = parse(html);
    const post = doc.querySelectorAll('li.post')[4];
    const sel = describe(post, doc)!;
    const quote = selectorOf(sel, 'TextQuoteSelector')!;
    post.remove();
    // A copy of its first words elsewhere with other words around: the screen says "maybe".
    doc.querySelector('footer')!.textContent = 'Quoted: ' + quote.exact + ' and more';
    const anchorer = new Anchorer(doc);
    expect(anchorer.find(sel)).toBeNull();
    expect(anchorer.work.indexed).toBe(1);
  });
});

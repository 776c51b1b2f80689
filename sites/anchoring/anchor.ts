/**
 * Describing a picked block as W3C selectors and finding it again (PRODUCT.md §2, "Picked
 * discussions"). Finding tries the CSS path first (verified against the quote), then the exact
 * quote, then a fuzzy quote that tolerates about 10 % edits, and maps a text match back to the
 * block whose text starts there. It never pins a discussion to a look-alike: a candidate is taken
 * only when its quote and the text around it agree, and two equally good candidates are no answer
 * at all. Every step is bounded (text read, occurrences, fuzzy windows), so hostile pages cost a
 * bounded time and never throw. A pass over many discussions first takes two shortcuts that answer
 * the same (see `Anchorer`): most are settled without indexing the page's text at all.
 *
 * Fuzzy matching uses `approx-string-match` (Myers' bit-parallel algorithm), the library the
 * Hypothesis client anchors with: one 11 KB function with no dependencies. `@apache-annotator/dom`
 * was judged too: its text-quote matcher is exact only and it pulls in `@babel/runtime-corejs3`,
 * far over the content script's size budget.
 */
import search from 'approx-string-match';
import { SKIPPED_SELECTOR, blockText, indexText, nodeAt, readFrom, textStartOf, type TextIndex } from './text';
import { isBlockCandidate, looksLikePost } from './blocks';
import { mayHold, screenText } from './screen';
import { runToEnd } from '../steps';
import { CssResolver, cssPath, lastTag } from './css-path';
import {
  SELECTOR_LIMITS,
  selectorOf,
  type AnchorSelector,
  type CssSelector,
  type TextPositionSelector,
  type TextQuoteSelector,
} from './selectors';

/** Bounds on the search for one discussion. */
export const FIND_LIMITS = {
  /** Share of the quote's characters that may differ (typo fixes, a changed word). */
  editShare: 0.1,
  /** Exact occurrences of a quote looked at. */
  occurrences: 500,
  /** CSS matches looked at. */
  cssMatches: 5,
  /** Characters either side of the quote's old position searched fuzzily. */
  hintWindow: 20_000,
  /** Occurrences of each piece of the quote that open a fuzzy window elsewhere. */
  pieceHits: 40,
  /** Characters searched fuzzily in all, per discussion. */
  fuzzyChars: 300_000,
  /** Candidate positions judged, per discussion. */
  candidates: 200,
} as const;

/** Blocks `blockAt` looks at, from the text up (a bound against hostile nesting). */
const MAX_CHAIN = 40;

/** How much of its context must agree for a match to count (0..1, per side). */
const CONTEXT_AGREES = 0.5;
/**
 * An exact quote this long that starts one block only is found even with new neighbours (a
 * section whose page gained a table of contents, a post moved to another feed); shorter ones
 * (a heading) only when that block is of the picked block's kind too.
 */
const UNIQUE_QUOTE = 32;
const UNIQUE_TAGGED_QUOTE = 8;

/** A block found again, and how. */
export interface Anchored {
  element: Element;
  via: 'css' | 'quote' | 'fuzzy';
}

/** Cuts text at a word boundary to at most `max` characters. */
function firstWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd();
}

/** Edit distance of two short strings (context is at most 32 characters each). */
function distance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** How alike two context strings are, 0..1 (1 for equal). */
function likeness(stored: string, seen: string): number {
  if (stored.length === 0) return 1;
  return 1 - distance(stored, seen) / Math.max(stored.length, seen.length);
}

/** The selectors of a block: its first words with context, their position, and a CSS path. */
export function describe(element: Element, root: Document | Element, index: TextIndex = indexText(root)): AnchorSelector[] | null {
  const start = textStartOf(index, element);
  if (start === null) return null;
  const own = firstWords(blockText(element, SELECTOR_LIMITS.exact + 1), SELECTOR_LIMITS.exact);
  // The page text and the block's own text are collapsed alike; where they differ (a block edge
  // inside the quote), the page text is what the quote is matched against.
  const exact = index.text.startsWith(own, start) ? own : firstWords(index.text.slice(start, start + own.length), SELECTOR_LIMITS.exact);
  if (exact.trim() === '') return null;
  const end = start + exact.length;
  const quote: TextQuoteSelector = {
    type: 'TextQuoteSelector',
    exact,
    prefix: index.text.slice(Math.max(0, start - SELECTOR_LIMITS.context), start),
    suffix: index.text.slice(end, end + SELECTOR_LIMITS.context),
  };
  const position: TextPositionSelector = { type: 'TextPositionSelector', start, end };
  const out: AnchorSelector[] = [quote, position];
  const css = cssPath(element, root);
  if (css && css.length <= SELECTOR_LIMITS.css) out.push({ type: 'CssSelector', value: css } satisfies CssSelector);
  return out;
}

/** A place in the page text where the quote may start, with what is known about it. */
interface Candidate {
  start: number;
  end: number;
  errors: number;
  via: Anchored['via'];
  /** How alike the text before and after is to the stored prefix and suffix (0..2). */
  context: number;
  contextOk: boolean;
}

/** Length of the pieces the fuzzy search's filter compares (trigrams). */
const GRAM = 3;

/**
 * The q-gram filter in front of the fuzzy search (Jokinen and Ukkonen's lemma): a text within
 * `k` edits of the quote (length m) holds at least m − q + 1 − k·q of the quote's q-grams in any
 * stretch of m + k characters that contains it. So only stretches where that many of the text's
 * trigrams are the quote's can hold a match; the rest is never searched (an orphan's windows on a
 * big page are mostly that). A filter only: it never drops a match the search would find. Null
 * when the quote is too short for it to exclude anything.
 */
function gramFilter(quote: string, k: number) {
  const m = quote.length;
  const need = m - GRAM + 1 - k * GRAM;
  if (need <= 0) return null;
  // The quote's trigrams by their buckets in the page's GramIndex: a page trigram in a bucket of
  // the quote's counts as one of its own, which can only let more through (still a filter).
  const mine = new Uint8Array(BUCKETS);
  for (let i = 0; i + GRAM <= m; i++) mine[bucketAt(quote, i)] = 1;
  /** Grams a match's stretch can hold: one per start in m + k characters. */
  const span = m + k - GRAM + 1;
  return {
    /** The parts of text[a, b) that may hold a match, each widened to hold it whole (`buckets`: the text's GramIndex). */
    stretches(buckets: Uint16Array, a: number, b: number): [number, number][] {
      const out: [number, number][] = [];
      const last = Math.min(b - GRAM, buckets.length - 1); // the last gram start inside the window
      if (last < a) return out;
      const hit = new Uint8Array(last - a + 1);
      for (let i = a; i <= last; i++) hit[i - a] = mine[buckets[i]];
      // Sliding count of hits over `span` gram starts beginning at s.
      let count = 0;
      for (let i = 0; i < Math.min(span, hit.length); i++) count += hit[i];
      for (let s = 0; s < hit.length; s++) {
        if (count >= need) {
          const from = a + s;
          const to = Math.min(b, from + m + k);
          const prev = out[out.length - 1];
          if (prev && from <= prev[1]) prev[1] = Math.max(prev[1], to);
          else out.push([from, to]);
        }
        count -= hit[s];
        if (s + span < hit.length) count += hit[s + span];
      }
      return out;
    },
  };
}

/** Buckets of the trigram index (a 16-bit hash). */
const BUCKETS = 1 << 16;
const bucketAt = (text: string, i: number): number =>
  (Math.imul(text.charCodeAt(i), 0x9e3779b1) ^ Math.imul(text.charCodeAt(i + 1), 0x85ebca77) ^ Math.imul(text.charCodeAt(i + 2), 0xc2b2ae3d)) >>> 16;

/**
 * Every trigram start of a page's text, bucketed by hash, built once per pass and shared by all
 * its discussions: a piece of a quote is looked up through its rarest trigram's bucket instead of
 * scanning the whole page text once per piece and discussion (what made orphans expensive).
 */
export class GramIndex {
  private readonly starts = new Uint32Array(BUCKETS + 1);
  private readonly positions: Uint32Array;
  /** The bucket of the trigram at each start (the fuzzy search's filter reads them). */
  readonly buckets: Uint16Array;

  constructor(private readonly text: string) {
    const n = Math.max(0, text.length - GRAM + 1);
    const hashes = (this.buckets = new Uint16Array(n));
    for (let i = 0; i < n; i++) {
      const h = bucketAt(text, i);
      hashes[i] = h;
      this.starts[h + 1]++;
    }
    for (let b = 0; b < BUCKETS; b++) this.starts[b + 1] += this.starts[b];
    const fill = this.starts.slice(0, BUCKETS);
    this.positions = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.positions[fill[hashes[i]]++] = i;
  }

  /** The first `max` places `piece` occurs at, in page order. */
  find(piece: string, max: number): number[] {
    let best = 0;
    let bestSize = Infinity;
    for (let j = 0; j + GRAM <= piece.length; j++) {
      const b = bucketAt(piece, j);
      const size = this.starts[b + 1] - this.starts[b];
      if (size < bestSize) [best, bestSize] = [j, size];
    }
    const out: number[] = [];
    if (bestSize === Infinity) {
      // Shorter than a trigram: a scan.
      for (let at = this.text.indexOf(piece); at >= 0 && out.length < max; at = this.text.indexOf(piece, at + 1)) out.push(at);
      return out;
    }
    const b = bucketAt(piece, best);
    for (let x = this.starts[b]; x < this.starts[b + 1] && out.length < max; x++) {
      const at = this.positions[x] - best;
      if (at >= 0 && this.text.startsWith(piece, at)) out.push(at);
    }
    return out;
  }
}

/** What finding one discussion needs from its selectors. */
interface Plan {
  quote: TextQuoteSelector;
  css: CssSelector | null;
  hint: number | null;
  tag: string | null;
  /** Edits the quote may have. */
  k: number;
}

/**
 * Finds picked discussions in one page. Most are found by their CSS path, checked against the
 * page's text read from the block on (no index); the rest are screened all at once for whether
 * their quote can be on the page at all (sites/anchoring/screen.ts), and only those that may be
 * are searched in the page's text, indexed once for all of them. Both shortcuts answer exactly
 * what the full search answers (`{ shortcuts: false }` runs it alone, for the tests that hold them
 * to it), but for one thing: the CSS check also finds a block past the index's bound (a page of
 * more than a million characters), whose own words it read. Where they cannot tell, the full
 * search decides.
 */
export class Anchorer {
  private indexCache: TextIndex | null = null;
  private gramCache: GramIndex | null = null;
  private screenCache: string | null | undefined;
  /** The CSS paths of all the discussions, followed through one shared reading of the page. */
  private readonly css: CssResolver;
  /** What the searches so far have cost: the bounds' evidence in tests and the bench. */
  readonly work = { occurrences: 0, fuzzyChars: 0, screenedChars: 0, candidates: 0, indexed: 0, screened: 0, byCss: 0 };

  constructor(
    private readonly root: Document | Element,
    private readonly limits = FIND_LIMITS,
    private readonly options = { shortcuts: true },
  ) {
    this.css = new CssResolver(root);
  }

  /** Where each trigram of the page text is, built on first use (the fuzzy search's pieces). */
  get grams(): GramIndex {
    this.gramCache ??= new GramIndex(this.index.text);
    return this.gramCache;
  }

  /** The page text, read on first use. */
  get index(): TextIndex {
    if (!this.indexCache) {
      this.work.indexed++;
      this.indexCache = indexText(this.root);
    }
    return this.indexCache;
  }

  /** The block the selectors name on this page, or null (an orphan). Never throws. */
  find(selectors: readonly AnchorSelector[]): Anchored | null {
    return runToEnd(this.findAll([selectors]))[0];
  }

  /**
   * The blocks of many discussions (null for an orphan or unreadable selectors), as steps of
   * about one discussion each, so a caller can yield to the page between them. Never throws.
   */
  *findAll(list: readonly (readonly AnchorSelector[] | null)[]): Generator<void, (Anchored | null)[]> {
    const out: (Anchored | null)[] = list.map(() => null);
    const plans = list.map((selectors) => (selectors ? planOf(selectors, this.limits) : null));
    const planned = plans.flatMap((plan, i) => (plan ? [i] : []));
    /** Those the full search decides, in their order. */
    const full: number[] = [];
    if (!this.options.shortcuts) full.push(...planned);
    else {
      // 1. Each CSS path, checked by the text from its block on.
      const screen: number[] = [];
      for (const i of planned) {
        const hit = this.attempt(() => this.viaCss(plans[i]!), 'unsure');
        if (hit === 'unsure') full.push(i);
        else if (hit) {
          out[i] = hit;
          this.work.byCss++;
        } else screen.push(i);
        yield;
      }
      // 2. The rest screened at once: a quote that cannot be on the page is an orphan.
      if (screen.length > 0) {
        if (this.screenCache === undefined) this.screenCache = screenText(this.root);
        this.work.screened += screen.length;
        const quotes = screen.map((i) => ({ exact: plans[i]!.quote.exact, k: plans[i]!.k }));
        const maybe = this.attempt(() => mayHold(this.screenCache ?? null, quotes), null);
        screen.forEach((i, j) => {
          if (!maybe || maybe[j]) full.push(i);
        });
        full.sort((a, b) => a - b);
        yield;
      }
    }
    // 3. The full search, in the page's indexed text.
    for (const i of full) {
      out[i] = this.attempt(() => this.search(plans[i]!), null);
      yield;
    }
    return out;
  }

  /** `f`'s answer, or `otherwise` when it throws (hostile markup never stops a pass). */
  private attempt<T, U>(f: () => T, otherwise: U): T | U {
    try {
      return f();
    } catch {
      return otherwise;
    }
  }

  /**
   * The CSS path's block checked without the index, as the full search's first step checks it:
   * its block when it still starts with the quote and the text after agrees; null when no match
   * can be it; 'unsure' when only the text before it could tell.
   */
  private viaCss(plan: Plan): Anchored | null | 'unsure' {
    const { quote, css, k } = plan;
    if (!css) return null;
    const prefix = quote.prefix ?? '';
    const suffix = quote.suffix ?? '';
    for (const el of this.css.query(css.value, this.limits.cssMatches)) {
      // Text the index never reads (as `textStartOf` finds nothing there, the full search passes on).
      if (el.closest(SKIPPED_SELECTOR)) continue;
      const { text, first } = readFrom(el, this.root, quote.exact.length + k + suffix.length);
      if (!first) continue;
      const m = quoteAtStart(text, quote.exact, k);
      if (!m) continue;
      // A fuzzy match that starts later would be mapped back from a later text node.
      if (m.start !== 0) return 'unsure';
      const after = likeness(suffix, text.slice(m.end, m.end + suffix.length));
      if (!((prefix === '' && suffix === '') || after >= CONTEXT_AGREES)) return 'unsure';
      if (!isBlockCandidate(el)) continue;
      // `blockAt` looks at most MAX_CHAIN blocks up from the text: past them it would not reach `el`.
      if (candidatesBetween(first, el) >= MAX_CHAIN - 1) return 'unsure';
      return { element: el, via: 'css' };
    }
    return null;
  }

  /** The full search: the CSS path, the exact quote, the fuzzy quote, in the indexed text. */
  private search(plan: Plan): Anchored | null {
    const { quote, css, hint, tag, k } = plan;

    // 1. The CSS path, when the block it names still starts with the quote.
    if (css) {
      for (const el of this.css.query(css.value, this.limits.cssMatches)) {
        const start = textStartOf(this.index, el);
        if (start === null) continue;
        const c = this.judge(quote, start, k, 'css');
        if (c && c.contextOk && this.blockAt(c.start, k, tag, el) === el) return { element: el, via: 'css' };
      }
    }

    // 2. The exact quote: with its whole context first (one hit settles it), then alone.
    const exactHits: number[] = [];
    const whole = (quote.prefix ?? '') + quote.exact + (quote.suffix ?? '');
    const wholeHits = this.occurrences(whole, 2);
    if (wholeHits.length === 1) {
      const start = wholeHits[0] + (quote.prefix ?? '').length;
      const el = this.blockAt(start, k, tag);
      if (el) return { element: el, via: 'quote' };
    }
    exactHits.push(...this.occurrences(quote.exact, this.limits.occurrences));
    this.work.occurrences += exactHits.length;
    const exact = exactHits.map((start) => this.context(quote, { start, end: start + quote.exact.length, errors: 0, via: 'quote' }));
    const byExact = this.choose(exact, hint, k, tag, quote, true);
    if (byExact !== undefined) return byExact;

    // 3. The fuzzy quote, in bounded windows: around its old position and where pieces of it are.
    return this.choose(this.fuzzy(quote, hint, k), hint, k, tag, quote, false) ?? null;
  }

  /** The first `max` places `s` occurs at in the page text, in order. */
  private occurrences(s: string, max: number): number[] {
    return this.grams.find(s, max);
  }

  /** The quote judged at `start`: its errors there and how its context agrees; null when it does not match. */
  private judge(quote: TextQuoteSelector, start: number, k: number, via: Anchored['via']): Candidate | null {
    const best = quoteAtStart(this.index.text.slice(start, start + quote.exact.length + k), quote.exact, k);
    if (!best) return null;
    return this.context(quote, { start: start + best.start, end: start + best.end, errors: best.errors, via });
  }

  /** Adds how well the text around a match agrees with the stored prefix and suffix. */
  private context(quote: TextQuoteSelector, m: Omit<Candidate, 'context' | 'contextOk'>): Candidate {
    const { text } = this.index;
    const prefix = quote.prefix ?? '';
    const suffix = quote.suffix ?? '';
    const before = likeness(prefix, text.slice(Math.max(0, m.start - prefix.length), m.start));
    const after = likeness(suffix, text.slice(m.end, m.end + suffix.length));
    const contextOk = (prefix === '' && suffix === '') || before >= CONTEXT_AGREES || after >= CONTEXT_AGREES;
    return { ...m, context: before + after, contextOk };
  }

  /**
   * The best candidate's block; null when none is good enough or two different blocks are equally
   * good (an orphan rather than a guess); undefined when there were no candidates at all.
   */
  private choose(
    candidates: Candidate[],
    hint: number | null,
    k: number,
    tag: string | null,
    quote: TextQuoteSelector,
    exact: boolean,
  ): Anchored | null | undefined {
    if (candidates.length === 0) return undefined;
    this.work.candidates += Math.min(candidates.length, this.limits.candidates);
    const blocks = candidates
      .slice(0, this.limits.candidates)
      .map((c) => ({ c, el: this.blockAt(c.start, k, tag) }))
      .filter((x): x is { c: Candidate; el: Element } => x.el !== null);
    // A long exact quote that starts one block only is that block, whatever its new neighbours.
    const unique =
      exact &&
      blocks.length === 1 &&
      candidates.length < this.limits.occurrences &&
      quote.exact.length >= (tag ? UNIQUE_TAGGED_QUOTE : UNIQUE_QUOTE);
    const good = blocks.filter((x) => x.c.errors <= k && (x.c.contextOk || unique));
    if (good.length === 0) return null;
    const far = (c: Candidate) => (hint === null ? 0 : Math.abs(c.start - hint));
    good.sort((a, b) => a.c.errors - b.c.errors || b.c.context - a.c.context || far(a.c) - far(b.c));
    const best = good[0];
    const rival = good.find((x) => x.el !== best.el && !x.el.contains(best.el) && !best.el.contains(x.el));
    if (rival && rival.c.errors === best.c.errors && Math.abs(rival.c.context - best.c.context) < 1e-9) return null;
    return { element: best.el, via: best.c.via };
  }

  /** Fuzzy matches of the quote in bounded windows of the page text. */
  private fuzzy(quote: TextQuoteSelector, hint: number | null, k: number): Candidate[] {
    const { text } = this.index;
    const m = quote.exact.length;
    const windows: [number, number][] = [];
    if (hint !== null) windows.push([hint - this.limits.hintWindow, hint + m + this.limits.hintWindow]);
    // With at most k edits, one of k + 1 pieces of the quote is intact (pigeonhole): each hit of a
    // piece is a place the quote may start.
    const pieces = k + 1;
    const size = Math.floor(m / pieces);
    if (size >= 4) {
      for (let p = 0; p < pieces; p++) {
        const piece = quote.exact.slice(p * size, p * size + size);
        for (const at of this.grams.find(piece, this.limits.pieceHits)) windows.push([at - p * size - k, at - p * size + m + k]);
      }
    }
    // Merge overlapping windows and search them, within the budget.
    const merged: [number, number][] = [];
    for (const [a, b] of windows.map(([a, b]) => [Math.max(0, a), Math.min(text.length, b)] as [number, number]).sort((x, y) => x[0] - y[0])) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else if (b > a) merged.push([a, b]);
    }
    const out: Candidate[] = [];
    const seen = new Set<number>();
    let budget = this.limits.fuzzyChars;
    let screening = this.limits.fuzzyChars;
    const grams = gramFilter(quote.exact, k);
    for (const [wa, b0] of merged) {
      if (screening <= 0) break;
      // The filter reads each window once, within the same bound as the search.
      const wb = Math.min(b0, wa + screening);
      screening -= wb - wa;
      this.work.screenedChars += wb - wa;
      // Only the stretches that share enough of the quote's trigrams can hold a match.
      for (const [a, b] of grams ? grams.stretches(this.grams.buckets, wa, wb) : [[wa, wb] as [number, number]]) {
        if (budget <= 0) return out;
        const end = Math.min(b, a + budget);
        budget -= end - a;
        this.work.fuzzyChars += end - a;
        for (const match of search(text.slice(a, end), quote.exact, k)) {
          const start = a + match.start;
          if (seen.has(start) || out.length >= this.limits.candidates) continue;
          seen.add(start);
          out.push(this.context(quote, { start, end: a + match.end, errors: match.errors, via: 'fuzzy' }));
        }
      }
    }
    return out;
  }

  /**
   * The block whose text starts at `start` (within k characters): of the elements holding that
   * text, the one with the picked block's tag, else the smallest that looks like a post, else the
   * smallest block. With `only`, answers that element or null.
   */
  private blockAt(start: number, k: number, tag: string | null, only?: Element): Element | null {
    const node = nodeAt(this.index, start);
    if (!node || !node.isConnected) return null;
    const chain: Element[] = [];
    for (let el = node.parentElement; el && el !== this.root && chain.length < MAX_CHAIN; el = el.parentElement) {
      if (el.localName === 'body' || el.localName === 'html') break;
      const at = textStartOf(this.index, el, 200);
      if (at === null || start - at > k) break;
      if (isBlockCandidate(el)) chain.push(el);
    }
    if (only) return chain.includes(only) ? only : null;
    // A block of another kind where the picked one began (a copy of its words in a sidebar, a
    // quote in a reply) is not it: with a CSS path stored, the tag must agree.
    if (tag) return chain.find((el) => el.localName === tag) ?? null;
    return chain.find(looksLikePost) ?? chain[0] ?? null;
  }
}

/** The quote matched where `text` begins (within k characters of it), fewest errors first; null when it is not there. */
function quoteAtStart(text: string, exact: string, k: number): { start: number; end: number; errors: number } | null {
  // The quote unchanged where it was (most blocks on most visits): no fuzzy search needed.
  if (text.startsWith(exact)) return { start: 0, end: exact.length, errors: 0 };
  let best: { start: number; end: number; errors: number } | null = null;
  for (const m of search(text.slice(0, exact.length + k), exact, k)) {
    if (m.start <= k && (!best || m.errors < best.errors)) best = m;
  }
  return best;
}

/** Elements that could be blocks from `node`'s parent up to `el`, not counting `el`. */
function candidatesBetween(node: Node, el: Element): number {
  let n = 0;
  for (let p = node.parentElement; p && p !== el; p = p.parentElement) if (isBlockCandidate(p)) n++;
  return n;
}

/** What finding needs from a discussion's selectors; null without a quote to find. */
function planOf(selectors: readonly AnchorSelector[], limits: typeof FIND_LIMITS): Plan | null {
  const quote = selectorOf(selectors, 'TextQuoteSelector');
  if (!quote || quote.exact.trim() === '') return null;
  const css = selectorOf(selectors, 'CssSelector') ?? null;
  return {
    quote,
    css,
    hint: selectorOf(selectors, 'TextPositionSelector')?.start ?? null,
    tag: css ? lastTag(css.value) : null,
    k: Math.max(1, Math.ceil(quote.exact.length * limits.editShare)),
  };
}

/** The block the selectors name under `root`, or null: `Anchorer.find` for one discussion. */
export function find(selectors: readonly AnchorSelector[], root: Document | Element): Anchored | null {
  return new Anchorer(root).find(selectors);
}

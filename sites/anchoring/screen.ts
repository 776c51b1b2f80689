/**
 * A cheap proof that a quote is nowhere on the page, before the page's text is indexed. Indexing
 * (text.ts) visits every node from script, one binding call at a time; most of a re-anchoring
 * pass on a big page went there even when every discussion was found by its CSS path and the rest
 * had simply been deleted. The screen reads the same text nodes natively instead (`textContent`
 * of every subtree without a skipped element in it; one query finds the skipped ones) and, for all
 * the quotes asked about at once, answers "may be here" or "cannot be here".
 *
 * Why "cannot" is safe: the indexed text is these text nodes in the same order with whitespace
 * collapsed and spaces at block edges. With all whitespace removed from both, a stretch of the
 * index within k edits of the quote becomes a stretch of the screen's text within k edits of the
 * quote without whitespace (removing a character class never lengthens an edit script). Of k + 1
 * pieces of that quote, one survives k edits intact (pigeonhole), so the quote can only be where
 * one of its pieces is; around every such place a bit-parallel search (Myers, as the fuzzy search
 * uses) settles it. Anything the screen cannot afford (a page past its bounds, a quote too short
 * to cut into pieces, a piece found too often) is answered "may be here", and the full search runs.
 */
import search from 'approx-string-match';
import { SKIPPED_SELECTOR, isSkipped } from './text';

/** Bounds on the screen; past them it answers "may be here". */
export const SCREEN_LIMITS = {
  /** Characters of raw text read (whitespace included). */
  maxChars: 4_000_000,
  /** Skipped elements cut out of the text (each costs a few native calls). */
  maxSkipped: 20_000,
  /** Places a quote's pieces are found at before the screen gives up on it. */
  pieceHits: 400,
} as const;

/** Pieces shorter than this say too little (they are found everywhere). */
const MIN_PIECE = 4;
/** Quotes longer than this (none the picker writes; an imported file's) are not screened. */
const MAX_QUOTE = 4000;

/** Runs of ASCII whitespace, and of the rest of JavaScript's `\s` (what `Collapser` collapses). */
const ASCII_SPACES = /[\t\n\v\f\r ]+/g;
const OTHER_SPACES = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
const HAS_OTHER_SPACE = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/**
 * `s` without its whitespace (JavaScript's `\s`). In two steps: on a page's text, one pattern of
 * the ASCII spaces, then the others only where there are any, runs several times faster in V8
 * than one pattern of all of them.
 */
export function strip(s: string): string {
  const ascii = s.replace(ASCII_SPACES, '');
  return HAS_OTHER_SPACE.test(ascii) ? ascii.replace(OTHER_SPACES, '') : ascii;
}

/**
 * The text of every text node under `root` that indexing reads, in document order, with nothing
 * of the skipped elements (scripts, controls, our badges); null when it cannot be had cheaply or
 * exactly (past the bounds, or an XML document, whose CDATA sections would be read as text).
 * Natively where it can: a subtree with no skipped element in it is one `textContent`; only the
 * elements on the way down to a skipped one are taken apart.
 */
export function screenText(root: Document | Element, limits = SCREEN_LIMITS): string | null {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument;
  if (!doc || doc.contentType !== 'text/html') return null;
  // A document's text is all inside its root element.
  const top = root.nodeType === 9 ? doc.documentElement : (root as Element);
  if (!top) return '';
  if (top !== root && isSkipped(top)) return '';
  const found = top.querySelectorAll(SKIPPED_SELECTOR);
  if (found.length > limits.maxSkipped) return null;
  // The skipped elements (as walkText decides), and every element above one, up to `top`.
  const skipped = new Set<Node>();
  const above = new Set<Node>();
  for (const el of found) {
    if (!isSkipped(el)) continue;
    skipped.add(el);
    for (let p = el.parentNode; p && p !== top && !above.has(p); p = p.parentNode) above.add(p);
  }
  const parts: string[] = [];
  let length = 0;
  // Depth first through the elements above a skipped one; the rest is read whole.
  const stack: (Node | null)[] = [top.firstChild];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) continue;
    stack.push(node.nextSibling);
    if (skipped.has(node)) continue;
    if (above.has(node)) {
      stack.push(node.firstChild);
      continue;
    }
    const type = node.nodeType;
    if (type !== 1 && type !== 3) continue; // comments, processing instructions
    const text = node.textContent ?? '';
    length += text.length;
    if (length > limits.maxChars) return null;
    parts.push(text);
  }
  return parts.join('');
}

/** One quote to screen: its exact words and the edits a match may have. */
export interface ScreenQuote {
  exact: string;
  k: number;
}

interface Piece {
  quote: number;
  /** Which piece of the quote (0..k). */
  index: number;
  text: string;
}

/** Pieces looked for by one regular expression (a pattern grows with its alternatives). */
const PIECES_PER_PATTERN = 500;

/**
 * For each quote, whether the page's text may hold it within its edits (true) or certainly does
 * not (false). `text` is `screenText`'s answer; null answers true for all.
 */
export function mayHold(text: string | null, quotes: readonly ScreenQuote[], limits = SCREEN_LIMITS): boolean[] {
  const maybe = quotes.map(() => text === null);
  if (text === null) return maybe;
  const stripped = quotes.map((q) => strip(q.exact));
  const pieces: Piece[] = [];
  stripped.forEach((s, quote) => {
    const k = quotes[quote].k;
    const each = Math.floor(s.length / (k + 1));
    if (each < MIN_PIECE || s.length > MAX_QUOTE) {
      maybe[quote] = true;
      return;
    }
    for (let index = 0; index <= k; index++) pieces.push({ quote, index, text: s.slice(index * each, index * each + each) });
  });
  if (pieces.length === 0) return maybe;
  // Pieces of the same text (quotes often share words) are looked for and compared once, and
  // found by their first characters: the groups that begin alike.
  const groups = new Map<string, Group>();
  const byStart = new Map<string, Group[]>();
  for (const p of pieces) {
    let group = groups.get(p.text);
    if (!group) {
      groups.set(p.text, (group = { text: p.text, holders: [], back: 0, ahead: 0 }));
      const head = p.text.slice(0, MIN_PIECE);
      const alike = byStart.get(head);
      if (alike) alike.push(group);
      else byStart.set(head, [group]);
    }
    group.holders.push(p);
    // What any holder's match may reach before and after the piece.
    const k = quotes[p.quote].k;
    group.back = Math.max(group.back, p.index * p.text.length + k);
    group.ahead = Math.max(group.ahead, stripped[p.quote].length + 2 * k);
  }
  const visible = strip(text);
  const hits = new Uint32Array(quotes.length);
  const grams: (Uint8Array | undefined)[] = [];
  let open = maybe.filter((m) => !m).length;
  for (const start of placesOf(visible, [...groups.keys()])) {
    if (open === 0) break;
    for (const group of byStart.get(visible.slice(start, start + MIN_PIECE)) ?? []) {
      if (!visible.startsWith(group.text, start)) continue;
      // Every quote holding this piece, judged on one reading of the text around it.
      const from = Math.max(0, start - group.back);
      const n = readInto(visible, from, group.back + group.ahead);
      for (const p of group.holders) {
        if (maybe[p.quote]) continue;
        const quote = stripped[p.quote];
        const k = quotes[p.quote].k;
        grams[p.quote] ??= gramsOf(quote);
        // The match starts within k of where the piece puts it and is at most k longer than the quote.
        const a = Math.max(0, start - from - p.index * p.text.length - k);
        if (++hits[p.quote] > limits.pieceHits || holds(a, Math.min(n, a + quote.length + 3 * k), quote, k, grams[p.quote]!)) {
          maybe[p.quote] = true;
          open--;
        }
      }
    }
  }
  return maybe;
}

/** Pieces of the same text, of one quote or several, and how far around them their matches reach. */
interface Group {
  text: string;
  holders: Piece[];
  back: number;
  ahead: number;
}

const escaped = (piece: string) => piece.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Every place in `text` where one of `pieces` begins, found natively: one regular expression of
 * the pieces as alternatives in a lookahead, so places where pieces overlap are all found (a pass
 * over a page's text in script, a character at a time, cost several times as much cold).
 */
function* placesOf(text: string, pieces: readonly string[]): Generator<number> {
  for (let first = 0; first < pieces.length; first += PIECES_PER_PATTERN) {
    const pattern = new RegExp(`(?=${pieces.slice(first, first + PIECES_PER_PATTERN).map(escaped).join('|')})`, 'g');
    for (let found = pattern.exec(text); found; found = pattern.exec(text)) {
      yield found.index;
      pattern.lastIndex = found.index + 1;
    }
  }
}

/** The characters read by `readInto`, and the bucket of the trigram at each, reused by every check. */
let VISIBLE = new Uint16Array(1024);
let HASHES = new Uint16Array(1024);

/** Reads up to `count` characters of `text` from `from` into VISIBLE; answers how many. */
function readInto(text: string, from: number, count: number): number {
  const n = Math.max(0, Math.min(count, text.length - from));
  if (VISIBLE.length < n) {
    VISIBLE = new Uint16Array(n);
    HASHES = new Uint16Array(n);
  }
  for (let i = 0; i < n; i++) VISIBLE[i] = text.charCodeAt(from + i);
  for (let i = 0; i + 3 <= n; i++) HASHES[i] = gramHash(VISIBLE[i], VISIBLE[i + 1], VISIBLE[i + 2]);
  return n;
}

/**
 * Whether the quote (without whitespace) lies within k edits in `VISIBLE[a, b)`. A count of the
 * quote's trigrams there rules most places out first (a match keeps at least m − 2 − 3k of them,
 * Jokinen and Ukkonen's lemma); the search settles the rest.
 */
function holds(a: number, b: number, quote: string, k: number, grams: Uint8Array): boolean {
  const need = quote.length - 2 - 3 * k;
  // Stops as soon as the trigrams left cannot make up the count.
  let missing = Math.max(0, b - a - 2) - need;
  for (let i = a; i + 3 <= b; i++) if (grams[HASHES[i]] === 0 && --missing < 0) return false;
  if (missing < 0) return false;
  return search(String.fromCharCode(...VISIBLE.subarray(a, b)), quote, k).length > 0;
}

/** A trigram's bucket: trigrams of one bucket count alike, which only lets more places through. */
const gramHash = (a: number, b: number, c: number) =>
  (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 20;

/** The trigram buckets of `s`. */
function gramsOf(s: string): Uint8Array {
  const out = new Uint8Array(1 << 12);
  for (let i = 0; i + 3 <= s.length; i++) out[gramHash(s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2))] = 1;
  return out;
}

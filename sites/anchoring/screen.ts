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

const strip = (s: string) => s.replace(/\s+/g, '');

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
  const hits = new Uint32Array(quotes.length);
  const grams: (Uint8Array | undefined)[] = [];
  let open = maybe.filter((m) => !m).length;
  for (const start of placesOf(text, [...groups.keys()])) {
    if (open === 0) break;
    for (const group of byStart.get(visibleHead(text, start)) ?? []) {
      if (!startsVisible(text, start, group.text)) continue;
      // Every quote holding this piece, judged on one reading of the text around it.
      const from = backOver(text, start, group.back);
      const at = visibleBetween(text, from, start);
      const n = visibleInto(text, from, group.back + group.ahead);
      for (const p of group.holders) {
        if (maybe[p.quote]) continue;
        const quote = stripped[p.quote];
        const k = quotes[p.quote].k;
        grams[p.quote] ??= gramsOf(quote);
        // The match starts within k of where the piece puts it and is at most k longer than the quote.
        const a = Math.max(0, at - p.index * p.text.length - k);
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

const escaped = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Every place in `text` where one of `pieces` begins with any whitespace between its characters,
 * found natively: one regular expression of the pieces as alternatives in a lookahead, so places
 * where pieces overlap are all found. On the bench page (310,000 characters) it costs about as
 * much as stripping the whitespace alone would (a replace with one match a word: 7-8 ms), and
 * about half of a cold pass in script a character at a time.
 */
function* placesOf(text: string, pieces: readonly string[]): Generator<number> {
  for (let first = 0; first < pieces.length; first += PIECES_PER_PATTERN) {
    const alternatives = pieces.slice(first, first + PIECES_PER_PATTERN).map((piece) => piece.split('').map(escaped).join('\\s*'));
    const pattern = new RegExp(`(?=${alternatives.join('|')})`, 'g');
    for (let found = pattern.exec(text); found; found = pattern.exec(text)) {
      yield found.index;
      pattern.lastIndex = found.index + 1;
    }
  }
}

/** The visible characters read by `visibleInto`, and the bucket of the trigram at each, reused by every check. */
let VISIBLE = new Uint16Array(1024);
let HASHES = new Uint16Array(1024);

/** JavaScript's `\s`, by character code: the whitespace `Collapser` collapses and `\s*` lets through. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Reads up to `count` visible characters of `text` from `from` into VISIBLE; answers how many. */
function visibleInto(text: string, from: number, count: number): number {
  if (VISIBLE.length < count) {
    VISIBLE = new Uint16Array(count);
    HASHES = new Uint16Array(count);
  }
  let n = 0;
  for (let i = from; i < text.length && n < count; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c)) VISIBLE[n++] = c;
  }
  for (let i = 0; i + 3 <= n; i++) HASHES[i] = gramHash(VISIBLE[i], VISIBLE[i + 1], VISIBLE[i + 2]);
  return n;
}

/** The first MIN_PIECE visible characters of `text` from `start`. */
function visibleHead(text: string, start: number): string {
  let head = '';
  for (let i = start; i < text.length && head.length < MIN_PIECE; i++) if (!isSpace(text.charCodeAt(i))) head += text[i];
  return head;
}

/** Visible characters in `text[from, to)`. */
function visibleBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let j = from; j < to; j++) if (!isSpace(text.charCodeAt(j))) n++;
  return n;
}

/** The place `count` visible characters before `i` in `text`. */
function backOver(text: string, i: number, count: number): number {
  let at = i;
  for (let left = count; left > 0 && at > 0; ) {
    at--;
    if (!isSpace(text.charCodeAt(at))) left--;
  }
  return at;
}

/** Whether `text`'s visible characters from `start` on begin with `piece`. */
function startsVisible(text: string, start: number, piece: string): boolean {
  let j = 0;
  for (let i = start; i < text.length && j < piece.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c !== piece.charCodeAt(j)) return false;
    j++;
  }
  return j === piece.length;
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

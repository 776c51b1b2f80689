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

/** JavaScript's `\s`, the whitespace `Collapser` collapses, by character code (exported for its test). */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

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
  // Every piece is looked for by its first four characters (packed into one number, the low byte
  // of each: a collision only costs a comparison), then compared whole. Quotes often share words:
  // a piece is compared once however many quotes hold it.
  const table = new Map<number, Group[]>();
  const filter = new Uint8Array(1 << 16);
  for (const p of pieces) {
    const key = packed(p.text.charCodeAt(0), p.text.charCodeAt(1), p.text.charCodeAt(2), p.text.charCodeAt(3));
    filter[fold(key)] = 1;
    let groups = table.get(key);
    if (!groups) table.set(key, (groups = []));
    let group = groups.find((g) => g.text === p.text);
    if (!group) groups.push((group = { text: p.text, holders: [], back: 0, ahead: 0 }));
    group.holders.push(p);
    // What any holder's match may reach before and after the piece.
    const k = quotes[p.quote].k;
    group.back = Math.max(group.back, p.index * p.text.length + k);
    group.ahead = Math.max(group.ahead, stripped[p.quote].length + 2 * k);
  }
  const hits = new Uint32Array(quotes.length);
  const grams: (Uint8Array | undefined)[] = [];
  let open = maybe.filter((m) => !m).length;
  const places = placesOf(text, filter, table);
  for (let x = 0; x < places.length && open > 0; x += 2) {
    const start = backOver(text, places[x], 3); // where the four characters began
    for (const group of table.get(places[x + 1])!) {
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

/** Where the keys of `table` end in `text`'s visible characters: pairs of the index of each's fourth and the key. */
function placesOf(text: string, filter: Uint8Array, table: Map<number, unknown>): number[] {
  const out: number[] = [];
  // The last four visible characters, packed as `packed` packs them.
  let key = 0;
  let seen = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) continue;
    key = (key << 8) | (code & 0xff);
    if (++seen >= 4 && filter[fold(key)] === 1 && table.has(key)) out.push(i, key);
  }
  return out;
}

/** The visible characters read by `visibleInto`, and the bucket of the trigram at each, reused by every check. */
let VISIBLE = new Uint16Array(1024);
let HASHES = new Uint16Array(1024);

/** Reads up to `count` visible characters of `text` from `from` into VISIBLE; answers how many. */
function visibleInto(text: string, from: number, count: number): number {
  if (VISIBLE.length < count) VISIBLE = new Uint16Array(count);
  let n = 0;
  for (let i = from; i < text.length && n < count; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c)) VISIBLE[n++] = c;
  }
  if (HASHES.length < n) HASHES = new Uint16Array(VISIBLE.length);
  for (let i = 0; i + 3 <= n; i++) HASHES[i] = gramHash(VISIBLE[i], VISIBLE[i + 1], VISIBLE[i + 2]);
  return n;
}

/** Visible characters in `text[from, to)`. */
function visibleBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let j = from; j < to; j++) if (!isSpace(text.charCodeAt(j))) n++;
  return n;
}

const packed = (a: number, b: number, c: number, d: number) => ((a & 0xff) << 24) | ((b & 0xff) << 16) | ((c & 0xff) << 8) | (d & 0xff);
const fold = (key: number) => (key ^ (key >>> 16)) & 0xffff;

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

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
  /** Places a quote's chosen pieces are found at, all told, before the screen gives up on it. */
  pieceHits: 400,
} as const;

/** Bounds of the screen's shape, any values (tests pass smaller ones). */
export type ScreenLimits = { readonly [K in keyof typeof SCREEN_LIMITS]: number };

/** Characters of a piece: the pass over the page finds four at a time (one packed key). */
const WINDOW = 4;
/**
 * Quotes longer than this are not screened (selectors hold 160 characters; the choice of a
 * quote's pieces costs its length times its edits).
 */
const MAX_QUOTE = 1000;

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
export function screenText(root: Document | Element, limits: ScreenLimits = SCREEN_LIMITS): string | null {
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

/**
 * For each quote, whether the page's text may hold it within its edits (true) or certainly does
 * not (false). `text` is `screenText`'s answer; null answers true for all.
 *
 * The pieces are windows of four characters, chosen after the page has been read: one pass over
 * the text counts where every four characters of every quote occur, then each quote takes the
 * k + 1 disjoint windows found least often on this page (`rarestWindows`). Words a page repeats
 * ("proofing" on a bakery's talk page) would otherwise put a piece inside them and send the
 * checks to every place they occur; four characters across a word boundary of the quote are
 * rarely anywhere.
 */
export function mayHold(text: string | null, quotes: readonly ScreenQuote[], limits: ScreenLimits = SCREEN_LIMITS): boolean[] {
  const maybe = quotes.map(() => text === null);
  if (text === null) return maybe;
  const stripped = quotes.map((q) => strip(q.exact));
  // Every window of every quote screened is a key, packed as the pass packs what it reads.
  const ids = new Map<number, number>();
  const filter = new Uint8Array(1 << 16);
  const screened: number[] = [];
  /** Each screened quote's windows, by offset: the id of each one's key. */
  const windowIds: number[][] = [];
  stripped.forEach((s, quote) => {
    if (s.length > MAX_QUOTE || s.length < WINDOW * (quotes[quote].k + 1)) {
      maybe[quote] = true;
      return;
    }
    screened.push(quote);
    const windows: number[] = [];
    for (let p = 0; p + WINDOW <= s.length; p++) {
      const key = packed(s.charCodeAt(p), s.charCodeAt(p + 1), s.charCodeAt(p + 2), s.charCodeAt(p + 3));
      let id = ids.get(key);
      if (id === undefined) {
        ids.set(key, (id = ids.size));
        filter[fold(key)] = 1;
      }
      windows.push(id);
    }
    windowIds[quote] = windows;
  });
  if (screened.length === 0) return maybe;
  // A window found more often than this cannot be chosen (its count alone passes the bound).
  const cap = limits.pieceHits;
  const { counts, places } = placesOf(text, filter, ids, cap);
  // Each quote's rarest windows; the same four characters are compared once however many quotes hold them.
  const groups = new Map<string, Group>();
  const byId: Group[][] = [];
  for (const quote of screened) {
    const s = stripped[quote];
    const k = quotes[quote].k;
    const windows = windowIds[quote];
    const hits = windows.map((id) => Math.min(counts[id], cap + 1));
    const chosen = rarestWindows(hits, k + 1);
    if (chosen.hits > cap) {
      maybe[quote] = true;
      continue;
    }
    for (const offset of chosen.at) {
      const piece = s.slice(offset, offset + WINDOW);
      let group = groups.get(piece);
      if (!group) {
        groups.set(piece, (group = { text: piece, holders: [], back: 0, ahead: 0 }));
        (byId[windows[offset]] ??= []).push(group);
      }
      group.holders.push({ quote, offset });
      // What any holder's match may reach before and after the window.
      group.back = Math.max(group.back, offset + k);
      group.ahead = Math.max(group.ahead, s.length + 2 * k);
    }
  }
  const grams: (Uint8Array | undefined)[] = [];
  let open = maybe.filter((m) => !m).length;
  for (let x = 0; x < places.length && open > 0; x += 2) {
    const found = byId[places[x + 1]];
    if (!found) continue;
    const start = backOver(text, places[x], WINDOW - 1); // where the four characters began
    for (const group of found) {
      if (!startsVisible(text, start, group.text)) continue;
      // Every quote holding this window, judged on one reading of the text around it.
      const from = backOver(text, start, group.back);
      const at = visibleBetween(text, from, start);
      const n = visibleInto(text, from, group.back + group.ahead);
      for (const { quote, offset } of group.holders) {
        if (maybe[quote]) continue;
        const s = stripped[quote];
        const k = quotes[quote].k;
        grams[quote] ??= gramsOf(s);
        // The match starts within k of where the window puts it and is at most k longer than the quote.
        const a = Math.max(0, at - offset - k);
        if (holds(a, Math.min(n, a + s.length + 3 * k), s, k, grams[quote]!)) {
          maybe[quote] = true;
          open--;
        }
      }
    }
  }
  return maybe;
}

/** Windows of the same four characters, of one quote or several, and how far around them their matches reach. */
interface Group {
  text: string;
  holders: { quote: number; offset: number }[];
  back: number;
  ahead: number;
}

/**
 * `count` disjoint windows of a quote whose occurrences on the page add up to the least (their
 * offsets, in order, and that sum); `hits[p]` counts the window at offset p. Any k + 1 disjoint
 * pieces serve the pigeonhole, so the choice is free: by dynamic programming over the quote, with
 * `best[j][i]` the least sum of j windows inside its first i characters.
 */
export function rarestWindows(hits: readonly number[], count: number): { at: number[]; hits: number } {
  const length = hits.length + WINDOW - 1;
  // Fewer than `count` windows fit: none chosen.
  if (count * WINDOW > length) return { at: [], hits: Infinity };
  const cols = length + 1;
  const best = new Float64Array((count + 1) * cols);
  const took = new Uint8Array((count + 1) * cols);
  for (let j = 1; j <= count; j++) {
    const row = j * cols;
    // Only where j windows fit before and the other count - j after.
    const last = length - (count - j) * WINDOW;
    best[row + j * WINDOW - 1] = Infinity;
    for (let i = j * WINDOW; i <= last; i++) {
      // Without a window ending at i; then with one.
      let least = best[row + i - 1];
      const sum = best[row - cols + i - WINDOW] + hits[i - WINDOW];
      if (sum < least) {
        least = sum;
        took[row + i] = 1;
      }
      best[row + i] = least;
    }
  }
  const least = best[count * cols + length];
  const at: number[] = [];
  for (let j = count, i = length; j > 0; ) {
    // Cannot happen; were it to, no choice (the quote is not screened) rather than fewer windows.
    if (i < j * WINDOW) return { at: [], hits: Infinity };
    if (took[j * cols + i] === 1) {
      at.push(i - WINDOW);
      i -= WINDOW;
      j--;
    } else i--;
  }
  return { at: at.reverse(), hits: least };
}

/**
 * One pass over `text`'s visible characters: how often each key of `ids` ends there (its count,
 * by id), and where (pairs of the index of its fourth character and its id; at most `cap` places
 * of each key are kept, as a key found more often is never chosen).
 */
function placesOf(text: string, filter: Uint8Array, ids: Map<number, number>, cap: number): { counts: Uint32Array; places: number[] } {
  const counts = new Uint32Array(ids.size);
  const places: number[] = [];
  // The last four visible characters, packed as `packed` packs them.
  let key = 0;
  let seen = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    // isSpace and fold written out: this loop runs once a pass, mostly before V8 optimizes it,
    // where two calls a character show (cold, on the bench page: 7-10 ms against 9-12).
    if (code <= 32 ? code === 32 || (code >= 9 && code <= 13) : code >= 0xa0 && isSpace(code)) continue;
    key = ((key << 7) | (code & 0x7f)) & KEY_MASK;
    if (++seen < WINDOW || filter[(key ^ (key >>> 14)) & 0xffff] !== 1) continue;
    const id = ids.get(key);
    if (id !== undefined && ++counts[id] <= cap) places.push(i, id);
  }
  return { counts, places };
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

/**
 * Four characters' low seven bits: 28 bits, so a key is always a small integer. Wider keys (a
 * byte each) leave that range, and then the scan's loop, which runs once per pass and so mostly
 * in V8's unoptimized tiers, allocated a heap number per character read: 2.4 MB and several young
 * collections per pass on the bench page.
 */
const KEY_MASK = 0xfffffff;
const packed = (a: number, b: number, c: number, d: number) => ((a & 0x7f) << 21) | ((b & 0x7f) << 14) | ((c & 0x7f) << 7) | (d & 0x7f);
const fold = (key: number) => (key ^ (key >>> 14)) & 0xffff;

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

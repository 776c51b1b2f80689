/**
 * The text anchoring reads: the visible words of a subtree with whitespace collapsed, and for a
 * whole page an index from text offsets back to text nodes. Selectors are written and matched
 * against this text, not raw `textContent`, so that markup changes that do not change what a
 * reader sees (indentation, a wrapper, another parser's whitespace) do not move a quote. Reading is
 * bounded: a 5 MB page costs what its first `maxChars` characters cost.
 */
import { BADGE_HOST_ATTRIBUTE } from '../observer';

/** Elements whose text is never read: code, styles, controls, our own badges. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'select', 'textarea', 'input', 'head', 'iframe', 'object']);

/** Elements that end a line for a reader: their edges read as a space, so words never glue. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'img',
]);

/** How much anchoring reads of one page: past these it sees no more text. */
export const TEXT_LIMITS = {
  /** Characters of collapsed text indexed per page (a 5 MB page is read up to here). */
  maxChars: 1_000_000,
  /** Nodes visited per page while indexing. */
  maxNodes: 250_000,
} as const;

/**
 * The elements `isSkipped` answers true for, as one selector: the page-text screen
 * (sites/anchoring/screen.ts) finds them natively instead of asking every element.
 */
export const SKIPPED_SELECTOR = [...SKIPPED, `[${BADGE_HOST_ATTRIBUTE}]`, '[role="button"]'].join(',');

/** Whether anchoring skips this element's subtree. */
export function isSkipped(el: Element): boolean {
  // Controls drawn as links ("Reply", "Subscribe", "Like 3") are chrome that comes and goes.
  return SKIPPED.has(el.localName) || el.hasAttribute(BADGE_HOST_ATTRIBUTE) || el.getAttribute('role') === 'button';
}

/** Whether an element's edges read as a line break. */
export function isBlockTag(el: Element): boolean {
  return BLOCK_TAGS.has(el.localName);
}

/**
 * Walks `root`'s text in document order, calling `onText` with each text node and `onBreak` at
 * block edges; stops when a callback answers false or after `maxNodes` nodes. Iterative (an
 * explicit stack of open elements), so a hostile nesting depth cannot overflow the call stack.
 */
export function walkText(
  root: Node,
  onText: (node: Text) => boolean,
  onBreak: () => void,
  maxNodes: number = TEXT_LIMITS.maxNodes,
): void {
  walkSiblings(root.firstChild, onText, onBreak, { left: maxNodes });
}

/**
 * `walkText` over `first`, its following siblings and their subtrees, spending `budget.left`
 * nodes; answers false when it stopped early (a callback said so or the budget ran out).
 */
function walkSiblings(
  first: Node | null,
  onText: (node: Text) => boolean,
  onBreak: () => void,
  budget: { left: number },
  onWhole: ((text: string, el: Element) => boolean) | null = null,
): boolean {
  // Sibling links, not child lists: a NodeList read by index costs a lookup per node.
  const open: { el: Element; block: boolean }[] = [];
  let node: Node | null = first;
  for (;;) {
    if (node === null) {
      const top = open.pop();
      if (!top) return true;
      if (top.block) onBreak();
      node = top.el.nextSibling;
      continue;
    }
    if (--budget.left < 0) return false;
    const type = node.nodeType;
    if (type === 3) {
      if (!onText(node as Text)) return false;
    } else if (type === 1) {
      const el = node as Element;
      // isSkipped and isBlockTag, reading the name once (this loop visits every node of a page).
      const name = el.localName;
      if (!SKIPPED.has(name) && !el.hasAttribute(BADGE_HOST_ATTRIBUTE) && el.getAttribute('role') !== 'button') {
        const block = BLOCK_TAGS.has(name);
        if (block) onBreak();
        const first = el.firstChild;
        if (first && onWhole && el.firstElementChild === null) {
          // Text only inside (most headings, labels, short paragraphs): read in one call.
          if (!onWhole(el.textContent ?? '', el)) return false;
          if (block) onBreak();
        } else if (first) {
          open.push({ el, block });
          node = first;
          continue;
        }
      }
    }
    node = node.nextSibling;
  }
}

/** Whitespace that collapsing changes: any but a lone space. */
const COLLAPSIBLE = /[^\S ]|  /;

/** Appends `data` to collapsed text: whitespace runs become one space, none at the start. */
class Collapser {
  parts: string[] = [];
  length = 0;
  private space = true;

  /** Adds text; answers the offset of its first visible character, or -1 when it has none. */
  add(data: string, max: number): number {
    const room = max - this.length;
    if (room <= 0) return -1;
    // Collapsing only shrinks text: a huge node is cut first so it costs what can be kept.
    let s = data.length > room * 2 + 64 ? data.slice(0, room * 2 + 64) : data;
    // Most text has nothing to collapse: no new string for it.
    if (COLLAPSIBLE.test(s)) s = s.replace(/\s+/g, ' ');
    if (this.space && s.startsWith(' ')) s = s.slice(1);
    if (s.length > room) s = s.slice(0, room);
    if (s === '') return -1;
    this.parts.push(s);
    this.length += s.length;
    this.space = s.endsWith(' ');
    return s === ' ' ? -1 : this.length - s.length + (s.startsWith(' ') ? 1 : 0);
  }

  brk(): void {
    if (!this.space) {
      this.parts.push(' ');
      this.length += 1;
      this.space = true;
    }
  }
}

/** The collapsed visible text of `el`, at most `max` characters (cheap for huge posts). */
export function blockText(el: Element, max: number): string {
  const out = new Collapser();
  walkText(
    el,
    (node) => {
      out.add(node.data, max);
      return out.length < max;
    },
    () => out.brk(),
    Math.max(2000, max * 4),
  );
  return out.parts.join('').trimEnd();
}

/** A page's collapsed text with the way back from an offset to the text node that holds it. */
export interface TextIndex {
  /** The collapsed text (capped at `TEXT_LIMITS.maxChars`). */
  text: string;
  /** Indexed text nodes in document order (whitespace-only nodes left out). */
  nodes: Text[];
  /** Offset in `text` of each node's first visible character. */
  starts: number[];
  /** Each indexed node's position in `nodes`. */
  position: Map<Text, number>;
  /** Whether the page had more text than was read. */
  truncated: boolean;
}

/** Indexes the text under `root` (bounded by `limits`). */
export function indexText(root: Node, limits: { maxChars: number; maxNodes: number } = TEXT_LIMITS): TextIndex {
  const out = new Collapser();
  const nodes: Text[] = [];
  const starts: number[] = [];
  let truncated = false;
  let count = 0;
  walkText(
    root,
    (node) => {
      count++;
      const at = out.add(node.data, limits.maxChars);
      if (at >= 0) {
        nodes.push(node);
        starts.push(at);
      }
      if (out.length >= limits.maxChars) {
        truncated = true;
        return false;
      }
      return true;
    },
    () => out.brk(),
    limits.maxNodes,
  );
  if (count >= limits.maxNodes) truncated = true;
  const position = new Map<Text, number>();
  nodes.forEach((n, i) => position.set(n, i));
  return { text: out.parts.join(''), nodes, starts, position, truncated };
}

/** The indexed text node holding `offset` (the last one starting at or before it). */
export function nodeAt(index: TextIndex, offset: number): Text | null {
  const { starts } = index;
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || offset < starts[0]) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return index.nodes[lo];
}

/**
 * Where `el`'s text starts in the index: the offset of its first indexed text node, or null when
 * it holds none (or only text past the index's end). Looks at most `maxSteps` nodes into it.
 */
export function textStartOf(index: TextIndex, el: Element, maxSteps = 5000): number | null {
  let found: number | null = null;
  walkText(
    el,
    (node) => {
      const i = index.position.get(node);
      if (i !== undefined) {
        found = index.starts[i];
        return false;
      }
      return true;
    },
    () => {},
    maxSteps,
  );
  return found;
}

/**
 * The page text from `el`'s first visible character on, read from the page itself rather than an
 * index: `el`'s own text and then what follows it under `root`, at most `max` characters, collapsed
 * exactly as `indexText` collapses it (so it equals the index's text from `el`'s start). Empty when
 * `el` holds no visible text within `maxNodes` nodes; `first` is the text node it starts in.
 * Re-anchoring checks a CSS match with it without reading the whole page.
 */
export function readFrom(el: Element, root: Node, max: number, maxNodes = 5000): { text: string; first: Text | null } {
  const out = new Collapser();
  let first: Text | null = null;
  const budget = { left: maxNodes };
  const onText = (node: Text) => {
    if (out.add(node.data, max) >= 0) first ??= node;
    return out.length < max;
  };
  // An element with text only inside is read in one call.
  const onWhole = (text: string, whole: Element) => {
    if (out.add(text, max) >= 0) first ??= firstVisibleText(whole);
    return out.length < max;
  };
  const onBreak = () => out.brk();
  // Its own text, then its following siblings' at each level up to `root`, as walkText meets them.
  let done: boolean;
  if (el.firstChild && el.firstElementChild === null) done = !onWhole(el.textContent ?? '', el);
  else done = !walkSiblings(el.firstChild, onText, onBreak, budget, onWhole);
  if (first === null) return { text: '', first };
  if (!done && isBlockTag(el)) onBreak();
  for (let cur: Node = el; !done; ) {
    done = !walkSiblings(cur.nextSibling, onText, onBreak, budget, onWhole);
    const parent: Node | null = cur.parentNode;
    if (done || !parent || parent === root) break;
    if (parent.nodeType === 1 && isBlockTag(parent as Element)) onBreak();
    cur = parent;
  }
  return { text: out.parts.join(''), first };
}

/** The first text node under `el` with a visible character. */
function firstVisibleText(el: Element): Text | null {
  const walker = (el.ownerDocument ?? (el as unknown as Document)).createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (/\S/.test((node as Text).data)) return node as Text;
  return null;
}

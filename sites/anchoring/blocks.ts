/**
 * What a "block" is, for the picker and for re-anchoring alike: the smallest element around a
 * point that looks like one post or thread — a heading or author line plus text, an article or
 * comment by its role or schema.org type, or one of several siblings built the same way (an item
 * of a feed). The picker offers the blocks around the pointer from small to large; re-anchoring
 * maps a text match back to the same kind of block.
 */
import { blockText, isSkipped } from './text';

/** Containers that are one post or thread by their own markup. */
const POST_ROLE = /^(?:article|comment|listitem|feed)$/;
const POST_TYPE = /schema\.org\/(?:DiscussionForumPosting|SocialMediaPosting|Comment|Answer|Question|BlogPosting|Message)/i;
/** Elements that are never a block: inline text, media, controls, the page itself. */
const NOT_BLOCK = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'img', 'ins', 'kbd', 'label',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'svg', 'picture',
  'video', 'audio', 'canvas', 'html', 'body', 'head', 'option', 'button', 'input', 'select', 'textarea', 'tbody',
  'thead', 'tfoot', 'colgroup', 'col', 'ul', 'ol', 'dl', 'table',
]);
const HEADING = 'h1, h2, h3, h4, h5, h6, [role="heading"]';
/** Where an author line or date lives: bylines, avatars, user names, times. */
const AUTHOR = 'time, address, [rel~="author"], [itemprop="author"], [class*="author" i], [class*="byline" i], [class*="username" i], [class*="user-name" i], [class*="avatar" i]';

/** Text shorter than this is a label, not a post. */
const MIN_TEXT = 20;
/** Siblings compared when looking for a repeated structure. */
const MAX_SIBLINGS = 60;

/** Whether an element could be a block at all (not inline, not a control, not the page). */
export function isBlockCandidate(el: Element): boolean {
  return !NOT_BLOCK.has(el.localName) && !isSkipped(el) && !el.closest('[data-doneness-badge]');
}

/** A cheap outline of an element's structure: its tag and its children's tags. */
function shape(el: Element): string {
  let out = el.localName + ':';
  let n = 0;
  for (let c = el.firstElementChild; c && n < 6; c = c.nextElementSibling, n++) out += c.localName + ',';
  return out;
}

/** Whether `el` is one of at least two siblings built the same way (a feed's items). */
export function isRepeated(el: Element): boolean {
  const parent = el.parentElement;
  if (!parent || parent.localName === 'body') return false;
  const mine = shape(el);
  let seen = 0;
  for (let s = parent.firstElementChild; s && seen < MAX_SIBLINGS; s = s.nextElementSibling, seen++) {
    if (s !== el && s.localName === el.localName && shape(s) === mine) return true;
  }
  return false;
}

/**
 * Whether an element looks like one post or thread: marked as one (article, comment role,
 * schema.org posting), or text headed by a heading or an author line, or an item of a repeated
 * structure with text of its own.
 */
export function looksLikePost(el: Element): boolean {
  if (!isBlockCandidate(el)) return false;
  const role = el.getAttribute('role') ?? '';
  const text = blockText(el, 200);
  if (text.length < MIN_TEXT) return false;
  if (el.localName === 'article' || POST_ROLE.test(role) || POST_TYPE.test(el.getAttribute('itemtype') ?? '')) return true;
  const head = el.querySelector(HEADING) ?? el.querySelector(AUTHOR);
  if (head) {
    // The heading or author line is a part of it, and there is text besides.
    const headText = blockText(head, 200);
    if (text.length > headText.length + MIN_TEXT / 2) return true;
  }
  return el.localName !== 'p' && isRepeated(el);
}

/** Whether `parent` only wraps `child`: no other element or text to read beside it. */
function onlyWraps(parent: Element, child: Element): boolean {
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c === child) continue;
    if (c.nodeType === 3 && (c as Text).data.trim() !== '') return false;
    if (c.nodeType === 1 && !isSkipped(c as Element)) return false;
  }
  return true;
}

/**
 * The chain of blocks around `target`, smallest first. A wrapper that adds nothing to read is the
 * same block as what it wraps: the innermost of them stands for all.
 */
export function blocksAround(target: Node, root: Element | Document): Element[] {
  const chain: Element[] = [];
  let el: Element | null = target.nodeType === 1 ? (target as Element) : target.parentElement;
  // Whether everything from the last block up to `el` only wraps it.
  let sameAsLast = false;
  let below: Element | null = null;
  for (; el && el !== root && chain.length < 30; below = el, el = el.parentElement) {
    if (el.localName === 'body' || el.localName === 'html') break;
    sameAsLast = sameAsLast && below !== null && onlyWraps(el, below);
    if (sameAsLast || !isBlockCandidate(el) || blockText(el, 1).length === 0) continue;
    chain.push(el);
    sameAsLast = true;
  }
  return chain;
}

/** The picker's default among `chain`: the smallest that looks like a post, else the smallest. */
export function defaultBlock(chain: readonly Element[]): number {
  const i = chain.findIndex(looksLikePost);
  return i >= 0 ? i : 0;
}

/** The block a point in the page falls in: what the picker highlights first (null when none). */
export function blockAt(target: Node, root: Element | Document): Element | null {
  const chain = blocksAround(target, root);
  return chain.length ? chain[defaultBlock(chain)] : null;
}

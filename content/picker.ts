/**
 * The picker (issue 15): the person points at a discussion on any page. It highlights the block
 * under the pointer — the smallest that looks like one post or thread (sites/anchoring/blocks.ts)
 * — in a closed shadow root drawn over the page; ↑/↓ or the wheel widen and narrow it; Tab and
 * Shift+Tab move between blocks that look like posts (keyboard-only picking); Enter or a click
 * chooses; Esc leaves. A live region says what is highlighted. It only reads the page and sends
 * nothing: the chosen block goes back to the caller as a thread reference with its W3C selectors.
 */
import { describe } from '../sites/anchoring/anchor';
import { blockAt, blocksAround, defaultBlock, isRepeated, looksLikePost } from '../sites/anchoring/blocks';
import { pickedIdentity } from '../sites/anchoring/identity';
import { selectorOf } from '../sites/anchoring/selectors';
import { blockText } from '../sites/anchoring/text';
import { normaliseGenericUrl } from '../sites/generic.urls';
import { BADGE_HOST_ATTRIBUTE } from '../sites/observer';
import { siteOfKey } from '../storage/limits';
import type { ThreadRef } from '../storage/schema';
import { t } from '../lib/i18n';

/** How a picking session starts and ends. */
export interface PickOptions {
  /** Start on the block around this node (the right-clicked element or the selection). */
  start?: Node | null;
  /** Re-point this discussion: the chosen block keeps its key (and so its history). */
  repointKey?: string;
  /** The chosen block as a thread; null when the person left or the block cannot be named. */
  done(thread: ThreadRef | null): void;
}

/** Text nodes looked at per Tab press at most. */
const STEP_TEXTS = 5000;

const CSS = `
:host { all: initial; }
.box { position: fixed; box-sizing: border-box; border: 3px solid #1a5fb4; background: rgba(26, 95, 180, 0.08);
  border-radius: 4px; pointer-events: none; z-index: 2147483647; display: none; }
.bar { position: fixed; left: 50%; bottom: 16px; transform: translateX(-50%); max-width: min(720px, 92vw);
  background: #fff; color: #1d1d1d; font: 14px/1.4 system-ui, sans-serif; padding: 8px 12px; border-radius: 8px;
  box-shadow: 0 2px 12px rgba(0, 0, 0, 0.3); z-index: 2147483647; pointer-events: none; }
.bar p { margin: 0; }
.what { font-weight: 600; }
`;

/** Whether `block` is, or is inside, one of several items built alike below `container`. */
function inListWithin(block: Element, container: Element): boolean {
  for (let el: Element | null = block; el && el !== container; el = el.parentElement) if (isRepeated(el)) return true;
  return false;
}

/** Starts picking in `doc`; answers a function that ends it (as if Esc was pressed). */
export function startPicker(doc: Document, options: PickOptions): () => void {
  const view = doc.defaultView!;
  const host = doc.createElement('div');
  // Marked like a badge host: scans and the mutation observer ignore it.
  host.setAttribute(BADGE_HOST_ATTRIBUTE, 'picker');
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const box = doc.createElement('div');
  box.className = 'box';
  const bar = doc.createElement('div');
  bar.className = 'bar';
  bar.setAttribute('role', 'dialog');
  bar.setAttribute('aria-label', t('pickerLabel'));
  const help = doc.createElement('p');
  help.textContent = t('pickerHelp');
  const live = doc.createElement('p');
  live.className = 'what';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  bar.append(help, live);
  root.append(style, box, bar);
  doc.documentElement.append(host);

  let chain: Element[] = [];
  let at = 0;
  let finished = false;

  const current = (): Element | null => chain[at] ?? null;

  function draw(): void {
    const el = current();
    if (!el || !el.isConnected) {
      box.style.display = 'none';
      live.textContent = t('pickerNothing');
      return;
    }
    const r = el.getBoundingClientRect();
    Object.assign(box.style, { display: 'block', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
    // Plain text only (textContent): nothing from the page is ever rendered as HTML.
    live.textContent = t('pickerHighlighted', blockText(el, 80), at + 1, chain.length);
  }

  function highlight(target: Node | null): void {
    if (!target) return;
    chain = blocksAround(target, doc);
    at = defaultBlock(chain);
    draw();
  }

  /**
   * Tab and Shift+Tab: the next (or previous) block in page order that the pointer would highlight
   * and that looks like a post — the default block at each piece of text after (or before) the
   * current block. Forward, a block holding the current one is not "next" (the page's wrapper
   * after its last post); a post or reply listed inside the current block is. Bounded: a page of endless text
   * costs `STEP_TEXTS` text nodes per key press.
   */
  function step(forward: boolean): void {
    const from = current();
    const walker = doc.createTreeWalker(doc.body, 4 /* SHOW_TEXT */);
    // Forward from a block starts at its first text (a reply inside it is next); backward, before it.
    if (from) walker.currentNode = from;
    else if (!forward) {
      let last: Node = doc.body;
      while (last.lastChild) last = last.lastChild;
      walker.currentNode = last;
    }
    const seen = new Map<Element, Element | null>();
    for (let n = 0; n < STEP_TEXTS; n++) {
      const text = (forward ? walker.nextNode() : walker.previousNode()) as Text | null;
      if (!text) return;
      const parent = text.parentElement;
      if (!parent || text.data.trim() === '' || host.contains(text)) continue;
      if (!seen.has(parent)) seen.set(parent, blockAt(text, doc));
      const block = seen.get(parent)!;
      if (!block || block === from || !looksLikePost(block)) continue;
      if (from && forward && block.contains(from)) continue;
      // Inside the current block, only items of a list in it (its posts, its replies) are next,
      // not the parts of one post (its header, its author line).
      if (from?.contains(block) && !inListWithin(block, from)) continue;
      chain = blocksAround(block, doc);
      at = Math.max(0, chain.indexOf(block));
      block.scrollIntoView?.({ block: 'nearest' });
      draw();
      return;
    }
  }

  function end(thread: ThreadRef | null): void {
    if (finished) return;
    finished = true;
    controller.abort();
    host.remove();
    options.done(thread);
  }

  function choose(): void {
    const el = current();
    if (!el) return;
    const selector = describe(el, doc);
    const quote = selector ? selectorOf(selector, 'TextQuoteSelector') : undefined;
    const page = new URL(view.location.href);
    const identity = quote ? pickedIdentity(el, page, quote.exact) : null;
    if (!selector || !identity) {
      live.textContent = t('pickerCannot');
      return;
    }
    const key = options.repointKey ?? identity.key;
    const site = siteOfKey(key);
    if (!site) return;
    end({
      key,
      site,
      title: identity.title,
      url: identity.url,
      native: { state: null, replies: null, participants: null, lastActivity: null },
      target: { source: normaliseGenericUrl(page), selector },
    });
  }

  const controller = new AbortController();
  const on = { capture: true, signal: controller.signal };
  doc.addEventListener('mousemove', (e) => {
    const target = e.target as Node;
    if (!current()?.contains(target) || chain.length === 0) highlight(target);
  }, on);
  // The click that chooses is the picker's, not the page's (no link followed, no menu opened).
  const swallow = (e: Event) => {
    e.preventDefault();
    e.stopPropagation();
  };
  doc.addEventListener('mousedown', swallow, on);
  doc.addEventListener('mouseup', swallow, on);
  doc.addEventListener('click', (e) => {
    swallow(e);
    if (!current()?.contains(e.target as Node)) highlight(e.target as Node);
    choose();
  }, on);
  view.addEventListener('wheel', (e) => {
    if (chain.length === 0) return;
    e.preventDefault();
    at = Math.max(0, Math.min(chain.length - 1, at + (e.deltaY < 0 ? 1 : -1)));
    draw();
  }, { ...on, passive: false });
  view.addEventListener('keydown', (e) => {
    const key = e.key;
    if (key === 'Escape') end(null);
    else if (key === 'Enter') choose();
    else if (key === 'ArrowUp') at = Math.min(chain.length - 1, at + 1);
    else if (key === 'ArrowDown') at = Math.max(0, at - 1);
    else if (key === 'Tab') step(!e.shiftKey);
    else return;
    swallow(e);
    if (!finished) draw();
  }, on);
  view.addEventListener('scroll', () => draw(), { capture: true, passive: true, signal: controller.signal });

  const selection = view.getSelection?.();
  const start = options.start ?? (selection && !selection.isCollapsed ? selection.anchorNode : null);
  if (start?.isConnected) highlight(start);
  else live.textContent = t('pickerStart');
  return () => end(null);
}

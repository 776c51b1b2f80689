/**
 * Small DOM readers the feed and forum adapters share: plain text of an element with some
 * subtrees left out, times from attributes, counts from labels. They read `textContent` and
 * attributes only (never HTML), so a title can never carry markup, and they run alike in the
 * browser and in happy-dom.
 */
import { LIMITS } from '../storage/limits';
import { BADGE_HOST_ATTRIBUTE } from './observer';

/** Elements whose text is never part of a title or body. */
const NEVER_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'textarea', 'input']);

/** Whitespace collapsed, trimmed and capped at `max` characters (a whole word where it can). */
export function clip(text: string, max: number = LIMITS.title): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut) + '…';
}

/**
 * The visible text of `el` without scripts, buttons, our badges and any subtree `skip` names,
 * collapsed and capped. Stops collecting once it has enough, so huge posts stay cheap.
 */
export function plainText(el: Element | null | undefined, max: number = LIMITS.title, skip?: (el: Element) => boolean): string {
  if (!el) return '';
  const parts: string[] = [];
  let length = 0;
  const budget = max * 4 + 200;
  const walk = (node: Node, depth: number): void => {
    if (depth > 200) return;
    for (let c = node.firstChild; c && length < budget; c = c.nextSibling) {
      if (c.nodeType === 3) {
        const data = (c as Text).data;
        parts.push(data);
        length += data.length;
      } else if (c.nodeType === 1) {
        const child = c as Element;
        if (NEVER_TEXT.has(child.localName) || child.hasAttribute(BADGE_HOST_ATTRIBUTE)) continue;
        if (child.getAttribute('aria-hidden') === 'true' && child.localName !== 'span') continue;
        if (skip?.(child)) continue;
        // Block boundaries read as spaces, so "Title</div><div>Body" does not glue words.
        parts.push(' ');
        walk(child, depth + 1);
      }
    }
  };
  walk(el, 0);
  return clip(parts.join(''), max);
}

/**
 * An ISO time from an ISO 8601 attribute value or milliseconds since 1970; null otherwise.
 * Display strings ("Jan 05, 2026") are refused: how they parse depends on the machine's zone.
 */
export function isoTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  let ms: number;
  if (/^\d{10,13}$/.test(v)) ms = Number(v.length === 10 ? v + '000' : v);
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(v)) ms = Date.parse(v);
  else return null;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The latest of some ISO times (null when none). */
export function latest(times: Iterable<string | null>): string | null {
  let best: string | null = null;
  for (const t of times) if (t && (!best || t > best)) best = t;
  return best;
}

/** A count written as "1,234", "1.2K", "12" at the start of a label; null when there is none. */
export function leadingCount(label: string | null | undefined): number | null {
  if (!label) return null;
  const m = /^\s*(\d[\d,.\u00a0\u202f ]*)\s*([kKmM])?/.exec(label);
  if (!m) return null;
  const raw = m[1].replace(/[\s\u00a0\u202f]/g, '');
  let n: number;
  if (m[2]) n = Number(raw.replace(',', '.')) * (/k/i.test(m[2]) ? 1000 : 1_000_000);
  else n = Number(raw.replace(/[,.]/g, ''));
  return Number.isFinite(n) && n >= 0 && n < 1e9 ? Math.round(n) : null;
}

/** `JSON.parse` that answers null instead of throwing. */
export function parseJson(text: string | null | undefined): unknown {
  if (!text || text.length > 1_000_000) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A URL resolved against the page, or null when it is not an http(s) URL. */
export function resolveUrl(href: string | null | undefined, base: URL): URL | null {
  if (!href) return null;
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/**
 * The elements matching `selector` that are `roots`, inside them or around them, each once and
 * in no particular order: what an incremental scan of added or changed nodes looks at.
 */
export function containersAround(roots: readonly Element[], selector: string): Set<Element> {
  const found = new Set<Element>();
  for (const root of roots) {
    const around = root.closest(selector);
    if (around) found.add(around);
    for (const el of Array.from(root.querySelectorAll(selector))) found.add(el);
  }
  return found;
}

/** Elements of `list` with no ancestor in the list (outermost first-level containers). */
export function outermost(list: Iterable<Element>): Element[] {
  const all = new Set(list);
  const out: Element[] = [];
  for (const el of all) {
    let inside = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (all.has(p)) {
        inside = true;
        break;
      }
    }
    if (!inside) out.push(el);
  }
  return out;
}

/**
 * Sorts threads into page order by their badge anchors. Lists come mostly in page order already,
 * which one pass of neighbours confirms; otherwise positions come from one walk of the document.
 * `compareDocumentPosition` alone is slow here: between two siblings Chromium walks back from one
 * to the other, so a sort that asks "is this later one before that earlier one" walks the whole
 * list each time (1.5 s for the 2,000 headings of a flat archive, against 2 ms the other way).
 */
export function inPageOrder<T extends { badgeAnchor: Element }>(items: T[]): T[] {
  // FOLLOWING (4) and not DISCONNECTED (1): two trees have no order, whatever the bit says.
  const follows = (a: Element, b: Element) => (a.compareDocumentPosition(b) & 5) === 4;
  let ordered = true;
  for (let i = 0; ordered && i + 1 < items.length; i++) {
    const a = items[i].badgeAnchor;
    const b = items[i + 1].badgeAnchor;
    if (a !== b && !follows(a, b)) ordered = false;
  }
  if (ordered) return items;
  const wanted = new Set(items.map((item) => item.badgeAnchor));
  const position = new Map<Element, number>();
  const all = items[0].badgeAnchor.ownerDocument.getElementsByTagName('*');
  for (let i = 0; i < all.length && position.size < wanted.size; i++) if (wanted.has(all[i])) position.set(all[i], i);
  // Anchors outside the document's own tree (in a shadow root, detached) have no page order:
  // they go last, in the order they came (the sort is stable).
  const rank = (el: Element) => position.get(el) ?? Number.MAX_SAFE_INTEGER;
  return items.sort((a, b) => rank(a.badgeAnchor) - rank(b.badgeAnchor));
}

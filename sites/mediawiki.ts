/**
 * MediaWiki talk pages (Wikipedia and self-hosted wikis): every level-2 section that is a
 * discussion becomes a thread. Reads today's DiscussionTools markup, its 2021 form, Parsoid output
 * and plain parser output without DiscussionTools (signatures read from the text), using only
 * `textContent` and attributes so it runs alike in the browser and in happy-dom. Facts: SITES.md.
 */
import type { NativeSignal } from '../storage/schema';
import { LIMITS } from '../storage/schema';
import { reportAdapterError } from './errors';
import { findTimestamps, userFromHref } from './mediawiki.signatures';
import {
  isMediawikiUrl,
  mediawikiPageKey,
  mediawikiPageUrl,
  mediawikiThreadKey,
  sectionPermalink,
} from './mediawiki.urls';
import type { FoundThread, PageContext, SiteAdapter } from './types';

type NativeState = NativeSignal['state'];

/** One level-2 section while the page is walked. */
interface Section {
  heading: Element;
  /** The element that starts the section in document order: the `div.mw-heading` wrapper or the h2. */
  start: Element;
  /** The heading's own id (the HTML5 anchor): the stable part of the key. */
  keyAnchor: string;
  /** The first id in the heading (the legacy `.C4.85` form where the wiki still emits it first). */
  urlAnchor: string;
  dt: boolean;
  comments: number;
  authors: Set<string>;
  latest: string | null;
  state: NativeState;
}

const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template']);
const SKIP_CLASSES = ['toc', 'toctitle', 'mw-notalk', 'mw-editsection'];

/**
 * Subtrees that never hold comments of a section: tables of contents, suppressed talk
 * (`.mw-notalk`), edit links, our own badges. Checked by hand: `matches()` per element is slow.
 */
function isSkipped(el: Element, tag: string): boolean {
  if (SKIP_TAGS.has(tag)) return true;
  if (el.id === 'toc' || el.id === 'mw-toc-heading') return true;
  if (el.hasAttribute('data-doneness-badge')) return true;
  const cl = el.classList;
  if (cl.length === 0) return false;
  for (const c of SKIP_CLASSES) if (cl.contains(c)) return true;
  return false;
}

const TOC_SELECTOR = '#toc, .toc, .toctitle, #mw-toc-heading, .vector-toc, #vector-toc';

/** Elements that start a new line of text: a signature never reaches back across one. */
const BLOCKS = new Set([
  'p', 'li', 'dd', 'dt', 'div', 'ul', 'ol', 'dl', 'table', 'tr', 'td', 'th', 'blockquote', 'pre',
  'section', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'br', 'center',
]);

/** DiscussionTools comment ids: `c-<author>-<ISO time>-<parent>` (CommentParser.php). */
const DT_COMMENT_ID = /^c-(.+?)-(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{3})?)?Z)/;

/** Where the parsed page lives; everything outside (skin, sidebars) is ignored. */
function contentRoot(doc: Document): Element | null {
  return (
    doc.getElementById('mw-content-text') ??
    doc.querySelector('.mw-parser-output') ??
    doc.body ??
    doc.documentElement
  );
}

/** The page part of the key and the permalink base: from the URL, else the canonical link. */
function pageIdentity(url: URL, doc: Document): { pageKey: string; pageUrl: string } | null {
  const candidates: URL[] = [url];
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
  if (canonical) {
    try {
      candidates.push(new URL(canonical, url));
    } catch {
      /* a broken canonical link is just not used */
    }
  }
  for (const u of candidates) {
    const pageKey = mediawikiPageKey(u);
    const pageUrl = mediawikiPageUrl(u);
    if (pageKey && pageUrl) return { pageKey, pageUrl };
  }
  // Wikis with a root article path (`https://wiki.example/Page`): the path is the title.
  const path = url.pathname.replace(/^\/+/, '');
  if (!path) return null;
  const title = decodeSafe(path).replace(/[\s_]+/g, '_');
  return { pageKey: `mediawiki:${url.host.toLowerCase()}/${title}`, pageUrl: `${url.origin}${url.pathname}` };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** True when an h2 is a section heading of the page (not the TOC, not suppressed, not nested). */
function isSectionHeading(h2: Element): boolean {
  if (h2.id === 'mw-toc-heading' || h2.closest(TOC_SELECTOR)) return false;
  if (h2.closest('.mw-notalk')) return false;
  if (h2.parentElement?.closest('h1, h2, h3, h4, h5, h6')) return false;
  return true;
}

/** The heading's anchors: its own id for the key, and the first id inside it for the permalink. */
function headingAnchors(h2: Element): { keyAnchor: string; urlAnchor: string } | null {
  const headline = h2.querySelector('.mw-headline');
  const own = h2.id || headline?.id || '';
  let first = h2.id || '';
  if (!first) {
    for (const el of Array.from(h2.querySelectorAll('[id]'))) {
      if (el.hasAttribute('data-mw-comment-start') || el.closest('[data-doneness-badge]')) continue;
      first = el.id;
      break;
    }
  }
  const keyAnchor = own || first;
  if (!keyAnchor) return null;
  return { keyAnchor, urlAnchor: first || keyAnchor };
}

/** Whether a heading carries DiscussionTools' thread markup (today's or the 2021 form). */
function hasDtMarkup(h2: Element): boolean {
  if (h2.hasAttribute('data-mw-thread-id')) return true;
  if (h2.classList.contains('ext-discussiontools-init-section')) return true;
  if (h2.parentElement?.classList.contains('ext-discussiontools-init-section')) return true;
  return h2.querySelector('[data-mw-thread-id], [data-mw-comment]') !== null;
}

/** Plain heading text: no edit-section links, no badges, whitespace collapsed, length capped. */
function headingTitle(h2: Element, fallback: string): string {
  const parts: string[] = [];
  const collect = (node: Node): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) parts.push((c as Text).data);
      else if (c.nodeType === 1) {
        const el = c as Element;
        if (el.matches('.mw-editsection, [data-doneness-badge], script, style, .mw-headline-number')) continue;
        collect(el);
      }
    }
  };
  collect(h2);
  const text = parts.join('').replace(/\s+/g, ' ').trim();
  return (text || fallback.replace(/_/g, ' ')).slice(0, LIMITS.title);
}

/** The closed marker an element is, if any (SITES.md "Closed / resolved"). */
function markerState(el: Element): NativeState {
  const cl = el.classList;
  if (cl.length === 0) return null;
  if (cl.contains('mw-archivedtalk')) return 'archived';
  if (cl.contains('xfd-closed')) return 'closed';
  if (cl.contains('boilerplate') && cl.contains('archived')) return 'closed';
  return null;
}

/** {{resolved}}: a Yes_check image followed by the word "Resolved". ({{done}} is weaker: ignored.) */
function isResolvedCheck(img: Element): boolean {
  const src = (img.getAttribute('src') ?? '') + ' ' + (img.getAttribute('srcset') ?? '');
  if (!/Yes_check/i.test(src)) return false;
  let anchor: Element = img;
  for (let i = 0; i < 3; i++) {
    const parent: Element | null = anchor.parentElement;
    if (!parent || !/^(a|span|figure)$/.test(parent.localName) || (parent.textContent ?? '').trim() !== '') break;
    anchor = parent;
  }
  let following = '';
  for (let n = anchor.nextSibling; n && following.length < 40; n = n.nextSibling) following += n.textContent ?? '';
  return /^[\s\u00a0:–—-]*resolved\b/i.test(following);
}

function bodyIsTalk(doc: Document): boolean {
  const body = doc.body;
  if (!body) return false;
  if (body.classList.contains('ns-talk')) return true;
  const ns = /(?:^|\s)ns-(\d+)(?:\s|$)/.exec(body.className);
  return ns ? Number(ns[1]) % 2 === 1 : false;
}

/** Find every discussion section; may throw on hostile DOM (the adapter wraps it). */
export function scanMediawikiThreads(page: PageContext): FoundThread[] {
  const doc = page.document;
  const root = contentRoot(doc);
  if (!root) return [];
  const identity = pageIdentity(page.url, doc);
  if (!identity) return [];

  // Pass 1: the section headings, in page order.
  const sections: Section[] = [];
  const byStart = new Map<Element, Section>();
  const headingEls = new Set<Element>();
  for (const h2 of Array.from(root.querySelectorAll('h2'))) {
    headingEls.add(h2);
    if (!isSectionHeading(h2)) continue;
    const anchors = headingAnchors(h2);
    if (!anchors) continue;
    const parent = h2.parentElement;
    const start = parent && parent !== root && parent.classList.contains('mw-heading') ? parent : h2;
    const s: Section = {
      heading: h2, start, ...anchors, dt: hasDtMarkup(h2),
      comments: 0, authors: new Set(), latest: null, state: null,
    };
    sections.push(s);
    byStart.set(start, s);
  }
  if (sections.length === 0) return [];
  const dtComments = root.querySelector('[data-mw-comment-start][id^="c-"]') !== null;

  // Pass 2: one walk in document order; comments and markers belong to the section they follow.
  let current: Section | null = null;
  let pendingAuthor: string | null = null;
  // DiscussionTools reads a second signature of the same author on the same line as part of one
  // comment (timestamped by the first); counting it twice would disagree with the reply button.
  let lineAuthor: string | null = null;
  const wrappers: NativeState[] = [];
  const addComment = (s: Section, author: string, iso: string | null): void => {
    s.comments++;
    s.authors.add(author);
    if (iso && (!s.latest || iso > s.latest)) s.latest = iso;
  };
  const mark = (s: Section | null, state: NativeState): void => {
    if (s && !s.state) s.state = state;
  };
  const walk = (node: Node): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        if (!dtComments && current && pendingAuthor) {
          for (const ts of findTimestamps((c as Text).data)) {
            if (!pendingAuthor) break;
            if (pendingAuthor !== lineAuthor) addComment(current, pendingAuthor, ts.iso);
            lineAuthor = pendingAuthor;
            pendingAuthor = null;
          }
        }
        continue;
      }
      if (c.nodeType !== 1) continue;
      const el = c as Element;
      const section = byStart.get(el);
      if (section) {
        current = section;
        pendingAuthor = lineAuthor = null;
        for (const w of wrappers) mark(section, w);
        continue;
      }
      const tag = el.localName;
      if (tag === 'h1' || (tag === 'h2' && headingEls.has(el))) {
        // A heading that is not a thread (suppressed, no anchor) still ends the previous section.
        if (!el.closest(TOC_SELECTOR)) current = null;
        continue;
      }
      if (isSkipped(el, tag)) continue;
      if (BLOCKS.has(tag)) pendingAuthor = lineAuthor = null;
      const state = markerState(el);
      if (state) {
        let wraps = false;
        for (const h of Array.from(el.querySelectorAll('h2'))) if (headingEls.has(h)) wraps = true;
        if (wraps) {
          // A box around whole sections ({{archive top}} over a heading, `.mw-archivedtalk`):
          // it marks the sections that start inside it, not the one it happens to follow.
          wrappers.push(state);
          walk(el);
          wrappers.pop();
          continue;
        }
        mark(current, state);
      }
      if (dtComments) {
        if (current && el.hasAttribute('data-mw-comment-start')) {
          const m = DT_COMMENT_ID.exec(el.id);
          if (m) addComment(current, m[1], toIso(m[2]));
        }
      } else if (tag === 'a') {
        const href = el.getAttribute('href');
        const user = href ? userFromHref(href) : null;
        if (user) pendingAuthor = user;
      }
      if (tag === 'img') {
        if (current && isResolvedCheck(el)) mark(current, 'resolved');
        continue;
      }
      walk(el);
    }
  };
  walk(root);
  if (markerState(root) || root.closest('.mw-archivedtalk')) for (const s of sections) mark(s, 'archived');

  // Which sections are discussions: DiscussionTools says so itself; without it, a talk page's
  // sections all are (as DiscussionTools would treat them), elsewhere only signed sections are.
  const dtSections = sections.filter((s) => s.dt);
  let threads: Section[];
  if (dtSections.length > 0) threads = dtSections;
  else {
    const signed = sections.filter((s) => s.comments > 0);
    const talk = bodyIsTalk(doc) || (signed.length > 0 && signed.length * 2 >= sections.length);
    threads = talk ? sections : signed;
  }
  // Zero comments on a page whose signatures we could not read means "unknown", not "none".
  const known = dtComments || sections.some((s) => s.comments > 0);
  return threads.map((s) => ({
    key: mediawikiThreadKey(identity.pageKey, s.keyAnchor),
    title: headingTitle(s.heading, s.keyAnchor),
    url: sectionPermalink(identity.pageUrl, s.urlAnchor),
    native: {
      state: s.state,
      replies: known ? s.comments : null,
      participants: known ? s.authors.size : null,
      lastActivity: s.latest,
    },
    badgeAnchor: s.heading,
  }));
}

function toIso(t: string): string | null {
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** The MediaWiki adapter: any host, recognised by URL shape or by the page's own fingerprint. */
export const mediawikiAdapter: SiteAdapter = {
  id: 'mediawiki',
  anyHost: true,
  matchesUrl(url) {
    try {
      return isMediawikiUrl(url);
    } catch {
      return false;
    }
  },
  matchesDocument(doc) {
    try {
      if (doc.body?.classList.contains('mediawiki')) return true;
      const generator = doc.querySelector('meta[name="generator"]')?.getAttribute('content') ?? '';
      if (/^MediaWiki\b/i.test(generator)) return true;
      return doc.querySelector('#mw-content-text, .mw-parser-output') !== null;
    } catch {
      return false;
    }
  },
  findThreads(page) {
    try {
      return scanMediawikiThreads(page);
    } catch (error) {
      reportAdapterError('mediawiki', error);
      return [];
    }
  },
};

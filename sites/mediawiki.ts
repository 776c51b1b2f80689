/**
 * MediaWiki talk pages (Wikipedia and self-hosted wikis): every level-2 section that is a
 * discussion becomes a thread. Reads today's DiscussionTools markup, its 2021 form, Parsoid output
 * and plain parser output without DiscussionTools (signatures read from the text), using only
 * `textContent` and attributes so it runs alike in the browser and in happy-dom. Facts: SITES.md.
 */
import type { NativeSignal } from '../storage/schema';
import { LIMITS } from '../storage/limits';
import { resolveUrl } from './dom-text';
import { reportAdapterError } from './errors';
import { findTimestamps, userFromHref } from './mediawiki.signatures';
import {
  isMediawikiUrl,
  mediawikiPageKey,
  mediawikiPageUrl,
  mediawikiThreadKey,
  normaliseWikiHost,
  sectionPermalink,
} from './mediawiki.urls';
import { queryInSteps, runToEnd } from './steps';
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
  // A canonical link names this page only on this wiki's host (sites/ownership.ts); a broken
  // one, or one elsewhere, is just not used.
  const canonical = resolveUrl(doc.querySelector('link[rel="canonical"]')?.getAttribute('href'), url);
  if (canonical && normaliseWikiHost(canonical.host) === normaliseWikiHost(url.host)) candidates.push(canonical);
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

/** Boxes whose headings are no section headings: tables of contents and suppressed talk. */
const NOT_SECTION_BOXES = `${TOC_SELECTOR}, .mw-notalk`;

/**
 * Whether an h2 is no section heading: in or being a table of contents or suppressed talk, or
 * nested in another heading. Asked of each h2 with `closest`, which climbs its few ancestors:
 * cheaper than querying the whole content for the boxes and the nested headings (measured in
 * Chromium: about 6 against 19 ms on a 2,000-thread archive of 80,000 elements), because a
 * selector list of more than one selector takes the slow path of `querySelectorAll`.
 */
function isNotSectionHeading(h2: Element): boolean {
  return h2.closest(NOT_SECTION_BOXES) !== null || (h2.parentElement?.closest('h1, h2, h3, h4, h5, h6') ?? null) !== null;
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
  // Most headings hold nothing to leave out: their text is the title.
  if (!h2.querySelector(TITLE_SKIP)) return titleText(h2.textContent ?? '', fallback);
  const parts: string[] = [];
  const collect = (node: Node): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) parts.push((c as Text).data);
      else if (c.nodeType === 1) {
        const el = c as Element;
        if (el.matches(TITLE_SKIP)) continue;
        collect(el);
      }
    }
  };
  collect(h2);
  return titleText(parts.join(''), fallback);
}

/** What a heading's title leaves out: edit links, our badges, scripts, section numbers. */
const TITLE_SKIP = '.mw-editsection, [data-doneness-badge], script, style, .mw-headline-number';

function titleText(raw: string, fallback: string): string {
  const text = raw.replace(/\s+/g, ' ').trim();
  return (text || fallback.replace(/_/g, ' ')).slice(0, LIMITS.title);
}

/**
 * Closing templates by name (lower case, spaces), as Parsoid names them in `data-mw`: English
 * Wikipedia's and their common redirects. {{done}} closes a request as {{resolved}} closes a
 * section; boxes ({{archive top}}, {{closed rfc top}}, deletion closes) close what they hold.
 */
const CLOSING_TEMPLATE =
  /"target"\s*:\s*\{\s*"wt"\s*:\s*"(?:[^":]*:)?\s*(?:(resolved|done|fixed)|closed?|(?:hidden )?archive ?top|atop|hat|d(?:iscussion )?top|closed rfc top|[a-z]fd top)\s*(?:\\n)?"/i;

/**
 * The closing state of a Parsoid transclusion (`typeof="mw:Transclusion"`), read from the
 * template names in its `data-mw` (`{"parts":[{"template":{"target":{"wt":"Archive top",…`):
 * Parsoid HTML keeps a template's name where the legacy parser's output has only what it drew.
 */
export function transclusionState(el: Element): NativeState {
  if (!/\bmw:Transclusion\b/.test(el.getAttribute('typeof') ?? '')) return null;
  const m = CLOSING_TEMPLATE.exec((el.getAttribute('data-mw') ?? '').replace(/_/g, ' '));
  return m ? (m[1] ? 'resolved' : 'closed') : null;
}

/** The closed marker an element is, if any (SITES.md "Closed / resolved"). */
function markerState(el: Element): NativeState {
  const cl = el.classList;
  if (cl.contains('mw-archivedtalk')) return 'archived';
  if (cl.contains('xfd-closed')) return 'closed';
  if (cl.contains('boilerplate') && cl.contains('archived')) return 'closed';
  return el.hasAttribute('data-mw') ? transclusionState(el) : null;
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

/**
 * Pass 2 by walking every node: needed where signatures must be read from the text (pages without
 * DiscussionTools), and the reference the DiscussionTools pass is tested against.
 */
function collectByWalking(root: Element, dtComments: boolean, byStart: Map<Element, Section>, headingEls: Set<Element>): void {
  let current: Section | null = null;
  let pendingAuthor: string | null = null;
  // DiscussionTools reads a second signature of the same author on the same line as part of one
  // comment (timestamped by the first); counting it twice would disagree with the reply button.
  let lineAuthor: string | null = null;
  const wrappers: NativeState[] = [];
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
        for (const w of wrappers) markSection(section, w);
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
        // A box closes the section it starts in ({{archive top}} under a heading), and when it
        // holds whole sections (`.mw-archivedtalk`, a box over later headings) those as well.
        markSection(current, state);
        if (wraps) {
          wrappers.push(state);
          walk(el);
          wrappers.pop();
          continue;
        }
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
        if (current && isResolvedCheck(el)) markSection(current, 'resolved');
        continue;
      }
      walk(el);
    }
  };
  walk(root);
}

/** What the DiscussionTools pass looks at: headings, comments (not heading markers), markers, images. */
const DT_SELECTOR = 'h1, h2, [data-mw-comment-start][id^="c-"], img, .mw-archivedtalk, .xfd-closed, .boilerplate.archived, [typeof~="mw:Transclusion"]';
/**
 * Subtrees the walk never enters that can hold elements (headings are in DT_SELECTOR already).
 * Each selector of the list costs about a millisecond per 80,000 elements, so none is here that
 * cannot matter: `script` and `style` never hold elements (the parser reads their content as
 * text), and our own badges' hosts hold nothing in the page's tree.
 */
const CLOSED_BOXES = `${[...SKIP_TAGS].filter((t) => t !== 'script' && t !== 'style').join(', ')}, #toc, #mw-toc-heading, ${SKIP_CLASSES.map((c) => '.' + c).join(', ')}`;

/** Whether an element of the DiscussionTools pass is a subtree the walk skips (`isSkipped`, cheaper). */
function isSkipBox(el: Element, tag: string, id: string, cls: unknown): boolean {
  if (SKIP_TAGS.has(tag) || id === 'toc' || id === 'mw-toc-heading') return true;
  if (cls === '') return false;
  for (const c of SKIP_CLASSES) if (el.classList.contains(c)) return true;
  return false;
}

/**
 * Pass 2 on pages with DiscussionTools comment markup: the same result as the walk, from one
 * native `querySelectorAll` over the elements that matter (and the boxes the walk does not
 * enter, which come back in the same document order) instead of a visit to every node: a
 * content script pays for every node it touches, so this is what keeps big archives cheap.
 * Yields every few hundred elements so a caller can spread a big page over several tasks.
 */
function* collectDiscussionTools(root: Element, sections: Section[], byStart: Map<Element, Section>, headingEls: Set<Element>): Generator<void, void> {
  const byHeading = new Map<Element, Section>();
  for (const s of sections) byHeading.set(s.heading, s);
  // Queried a few of the root's children at a time: one query over a whole archive is a long
  // task by itself (issue 20 item 7).
  let current: Section | null = null;
  /** The start element of the current section, while the elements seen may still lie inside it. */
  let openStart = null as Element | null;
  /** Boxes the walk would not enter around the elements now seen, outermost first. */
  const closed: Element[] = [];
  /** Marker boxes around whole sections, innermost last. */
  const wrappers: { el: Element; state: NativeState }[] = [];
  let i = 0;
  for (const el of queryInSteps(root, `${DT_SELECTOR}, ${CLOSED_BOXES}`)) {
    if (el === null || i++ % SLICE === SLICE - 1) yield;
    if (el === null) continue;
    // Elements come in document order: a box that does not hold this one holds no later one.
    while (closed.length && !closed[closed.length - 1].contains(el)) closed.pop();
    if (closed.length) continue;
    while (wrappers.length && !wrappers[wrappers.length - 1].el.contains(el)) wrappers.pop();
    const section: Section | undefined = byStart.get(el) ?? byHeading.get(el);
    if (section) {
      closed.push(el);
      if (section !== current) {
        current = section;
        openStart = section.start === section.heading ? null : section.start;
        for (const w of wrappers) markSection(section, w.state);
      }
      continue;
    }
    // Inside a section's start (its heading wrapper) the walk does not look either.
    if (openStart) {
      if (openStart.contains(el)) continue;
      openStart = null;
    }
    const tag = el.localName;
    if (tag === 'h1' || headingEls.has(el)) {
      // A heading that is not a thread (suppressed, no anchor) still ends the previous section.
      closed.push(el);
      if (!el.closest(TOC_SELECTOR)) current = null;
      continue;
    }
    const id = el.id;
    const cls = el.className;
    if (isSkipBox(el, tag, id, cls)) {
      closed.push(el);
      continue;
    }
    const m = DT_COMMENT_ID.exec(id);
    if (m && cls === '') {
      // A plain comment marker (the selector vouches for data-mw-comment-start): no marker classes.
      if (current) addComment(current, m[1], isoOf(m[2]));
      continue;
    }
    const state = markerState(el);
    if (state) {
      let wraps = false;
      for (const h of Array.from(el.querySelectorAll('h2'))) if (headingEls.has(h)) wraps = true;
      // As in the walk: the section the box starts in, and the sections it holds.
      markSection(current, state);
      if (wraps) wrappers.push({ el, state });
    }
    if (m && current && el.hasAttribute('data-mw-comment-start')) addComment(current, m[1], isoOf(m[2]));
    if (tag === 'img' && current && isResolvedCheck(el)) markSection(current, 'resolved');
  }
}

/** Elements handled between two yields of a sliced scan. */
const SLICE = 200;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Where the full form `YYYY-MM-DDTHH:MM:SS.mmmZ` has its separators, and its digits. */
const FULL_ISO_SEPARATORS: ReadonlyArray<[number, number]> = [[4, 45], [7, 45], [10, 84], [13, 58], [16, 58], [19, 46], [23, 90]];
const FULL_ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/** The two-digit number at `i` of a string whose digits were checked. */
const twoDigits = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

/**
 * `toIso` without Date for the full form DiscussionTools writes when it is a real time (then the
 * round trip through Date is the identity); anything else goes through Date as before. Read with
 * character codes, not a regular expression: a big archive has thousands of comments.
 */
export function isoOf(t: string): string | null {
  if (t.length === 24 && FULL_ISO_SEPARATORS.every(([i, c]) => t.charCodeAt(i) === c) && FULL_ISO_DIGITS.every((i) => t.charCodeAt(i) - 48 >>> 0 < 10)) {
    const y = twoDigits(t, 0) * 100 + twoDigits(t, 2);
    const mo = twoDigits(t, 5);
    const d = twoDigits(t, 8);
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    const days = mo === 2 && !leap ? 28 : DAYS_IN_MONTH[mo - 1];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= days && twoDigits(t, 11) < 24 && twoDigits(t, 14) < 60 && twoDigits(t, 17) < 60) return t;
  }
  return toIso(t);
}

function addComment(s: Section, author: string, iso: string | null): void {
  s.comments++;
  s.authors.add(author);
  if (iso && (!s.latest || iso > s.latest)) s.latest = iso;
}

function markSection(s: Section | null, state: NativeState): void {
  if (s && !s.state) s.state = state;
}

/** Find every discussion section; may throw on hostile DOM (the adapter wraps it). */
export function scanMediawikiThreads(page: PageContext, options: { walk?: boolean } = {}): FoundThread[] {
  return runToEnd(scanMediawikiSteps(page, options));
}

/**
 * The scan as steps: yields every few hundred elements, so the content script can spread a big
 * archive over several short tasks. `walk` forces the node-by-node pass (tests compare the two).
 */
export function* scanMediawikiSteps(page: PageContext, options: { walk?: boolean } = {}): Generator<void, FoundThread[]> {
  const doc = page.document;
  const root = contentRoot(doc);
  if (!root) return [];
  const identity = pageIdentity(page.url, doc);
  if (!identity) return [];

  // Pass 1: the section headings, in page order.
  const sections: Section[] = [];
  const byStart = new Map<Element, Section>();
  const headingEls = new Set<Element>();
  let n = 0;
  for (const h2 of queryInSteps(root, 'h2')) {
    if (h2 === null || n++ % SLICE === SLICE - 1) yield;
    if (h2 === null) continue;
    headingEls.add(h2);
    if (isNotSectionHeading(h2)) continue;
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

  // Pass 2: comments and markers belong to the section they follow, in document order.
  if (dtComments && !options.walk) yield* collectDiscussionTools(root, sections, byStart, headingEls);
  else collectByWalking(root, dtComments, byStart, headingEls);
  if (markerState(root) || root.closest('.mw-archivedtalk')) for (const s of sections) markSection(s, 'archived');

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
  const found: FoundThread[] = [];
  for (let i = 0; i < threads.length; i++) {
    if (i % SLICE === SLICE - 1) yield;
    const s = threads[i];
    found.push({
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
      // The section heading's own id (DiscussionTools' or the parser's anchor).
      evidence: 'own-id',
    });
  }
  return found;
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
  findThreadsSteps: (page) => scanMediawikiSteps(page),
  findThreads(page) {
    try {
      return scanMediawikiThreads(page);
    } catch (error) {
      reportAdapterError('mediawiki', error);
      return [];
    }
  },
};

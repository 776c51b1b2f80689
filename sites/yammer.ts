/**
 * Viva Engage / Yammer: every conversation in a feed, or the one conversation of a thread page.
 * Engage is a React SPA with generated `fui-*` classes, so this adapter reads roles, test ids and
 * links only: posts are `[role=article]` / `article` where the layout has them, else the element
 * around each post's one action row `[data-testid="overflow-set"]`; the thread id comes from the
 * permalinks (`/threads/<base64url>`, `threadId=`) or, on a thread page, from the URL. Feeds are
 * virtualised and recycle nodes, so nothing here keeps an element between scans. Facts: SITES.md.
 */
import type { NativeSignal } from '../storage/schema';
import { containersAround, inPageOrder, isoTime, latest, leadingCount, outermost, plainText, resolveUrl } from './dom-text';
import type { Evidence, FoundThread, PageContext, PartialScan, SiteAdapter } from './types';
import { isYammerUrl, yammerThreadId, yammerThreadKey, yammerThreadUrl } from './yammer.urls';

const SEMANTIC_POST = '[role="article"], article';
const ACTION_ROW = '[data-testid="overflow-set"]';
const THREAD_LINK = 'a[href*="/threads/"], a[href*="threadId="]';
const AUTHOR_LINK = 'a[href*="/users/"]';
/** Replies carry "Reply - <name>'s comment" action labels; thread starters "… <name>'s post". */
const REPLY_ACTION = /['’]s comment\s*$/i;
/** Reply counters: a number and a reply noun, nothing else (threadcalm DOM-NOTES, several locales). */
const REPLY_COUNTER = /^(\d[\d,.]*)\s*(?:repl(?:y|ies)|comments?|responses?|antworten?|réponses?|respostas?|respuestas?|件の返信|条回复)$/i;
/** The closing notice at the end of a closed conversation (English and German wording). */
const CLOSED_NOTICE = /\bclosed (?:this|the) conversation\b|\bconversation (?:has been |was |is )?closed\b|\bUnterhaltung (?:wurde )?geschlossen\b/i;
const BEST_ANSWER = /^\s*(?:best answer|beste antwort|meilleure réponse)\s*$/i;

/** The content region: Engage's `[role=main]` landmark, else the body. */
function mainRegion(doc: Document): Element | null {
  return doc.querySelector('[role="main"]') ?? doc.body;
}

/**
 * Marks every ancestor of `elements` below `stop` (and stops climbing at one already marked), so
 * "does this element hold one of them?" is a set lookup: asking `querySelector` of each ancestor
 * instead grows with depth × size, and hostile pages nest hundreds of levels deep.
 */
function ancestorsOf(elements: Iterable<Element>, stop: Element | null): Set<Element> {
  const marked = new Set<Element>();
  for (const el of elements) {
    for (let p = el.parentElement; p && p !== stop && !marked.has(p); p = p.parentElement) marked.add(p);
  }
  return marked;
}

/**
 * For each element of the region holding action rows, whether it holds one (1) or more (2),
 * counted in one climb from every row: an element reached twice, and all above it, hold several.
 */
function actionRowCounts(region: Element, rows: Iterable<Element>, all: ArrayLike<Element> = region.querySelectorAll(ACTION_ROW)): Map<Element, 1 | 2> {
  const counts = new Map<Element, 1 | 2>();
  for (const row of new Set([...Array.from(all), ...rows])) {
    for (let p = row.parentElement; p && p !== region; p = p.parentElement) {
      const seen = counts.get(p);
      if (seen === 2) break;
      counts.set(p, seen === 1 ? 2 : 1);
    }
  }
  return counts;
}

/** The post around one action row: the largest ancestor holding no other action row. */
function postOfActionRow(row: Element, region: Element, counts: ReadonlyMap<Element, 1 | 2>): Element {
  let post: Element = row;
  for (let p = row.parentElement; p && p !== region && counts.get(p) === 1; p = p.parentElement) post = p;
  return post;
}

/**
 * The text of a short label, or null when it is long (over `max` characters once trimmed, or
 * over `maxNodes` nodes): notices and labels are short, and reading `textContent` of every
 * element of a deep or text-heavy page instead grows with depth × text.
 */
function shortText(el: Element, max = 200, maxNodes = 64): string | null {
  let text = '';
  let nodes = 0;
  const walk = (node: Node): boolean => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (++nodes > maxNodes) return false;
      if (c.nodeType === 3) {
        text += (c as Text).data;
        // Room for indentation around the words; the trimmed length is checked below.
        if (text.length > max * 5) return false;
      } else if (c.nodeType === 1 && !walk(c)) return false;
    }
    return true;
  };
  if (!walk(el)) return null;
  const trimmed = text.trim();
  return trimmed.length > max ? null : trimmed;
}

/** Whether the page lays posts out as `[role=article]` / `article` (authoritative when present). */
function hasSemanticPosts(region: Element): boolean {
  return region.querySelector(SEMANTIC_POST) !== null;
}

/** The posts in or around `roots`, outermost first: thread starters and replies alike. */
function postsAround(region: Element, roots: readonly Element[]): Element[] {
  if (hasSemanticPosts(region)) return [...containersAround(roots, SEMANTIC_POST)];
  const rows = containersAround(roots, ACTION_ROW);
  const counts = actionRowCounts(region, rows);
  return [...new Set([...rows].map((row) => postOfActionRow(row, region, counts)))];
}

/** Every post of the region, in page order. */
function allPosts(region: Element): Element[] {
  if (hasSemanticPosts(region)) return Array.from(region.querySelectorAll(SEMANTIC_POST));
  const rows = Array.from(region.querySelectorAll(ACTION_ROW));
  const counts = actionRowCounts(region, []);
  return rows.map((row) => postOfActionRow(row, region, counts));
}

/** The post's own action row (not one of a nested reply). */
function ownActionRow(post: Element): Element | null {
  for (const row of Array.from(post.querySelectorAll(ACTION_ROW))) {
    const owner = row.closest(SEMANTIC_POST);
    if (!owner || owner === post || !post.contains(owner)) return row;
  }
  return null;
}

/** Whether a post is a reply: nested in another post, or labelled as a comment by its actions. */
function isReply(post: Element, all: ReadonlySet<Element>): boolean {
  if (post.classList.contains('qaThreadStarter') || post.querySelector(':scope > .qaThreadStarter')) return false;
  for (let p = post.parentElement; p; p = p.parentElement) if (all.has(p) || p.matches(SEMANTIC_POST)) return true;
  const row = ownActionRow(post);
  if (row) {
    for (const button of Array.from(row.querySelectorAll('button[aria-label]'))) {
      if (REPLY_ACTION.test(button.getAttribute('aria-label') ?? '')) return true;
    }
  }
  return false;
}

/** Quotes and embeds inside a post: their links name other conversations. */
const EMBEDDED = 'blockquote, aside, [data-testid*="embed"], [data-testid*="shared"]';

/**
 * The thread id of a post's own permalink: a conversation link on its timestamp (a `time`, a
 * dated title, a short dated label) in the post itself, not in a reply, quote or embed. Links in
 * the body name other conversations and are never evidence (PRODUCT.md §2).
 */
function threadIdOfPost(post: Element, base: URL): string | null {
  for (const a of Array.from(post.querySelectorAll(THREAD_LINK))) {
    if (post.matches(SEMANTIC_POST) && a.closest(SEMANTIC_POST) !== post) continue;
    const quote = a.parentElement?.closest(EMBEDDED);
    if (quote && post.contains(quote)) continue;
    if (!a.querySelector('time, [title]') && !/\d/.test(shortText(a, 24) ?? '')) continue;
    const url = resolveUrl(a.getAttribute('href'), base);
    if (!url || !isYammerUrl(url)) continue;
    const id = yammerThreadId(url);
    if (id) return id;
  }
  return null;
}

/** The first words of a thread starter: Engage threads have no titles (SITES.md). */
function starterText(post: Element): string {
  // The header holds the author link, but not the action row: what holds both holds the body too.
  const holdsAuthor = new Set([...ancestorsOf(Array.from(post.querySelectorAll(AUTHOR_LINK)), post)].filter((el) => !el.querySelector(ACTION_ROW)));
  const skip = (el: Element): boolean => {
    if (el.matches(`${ACTION_ROW}, ${SEMANTIC_POST}, ${AUTHOR_LINK}, ${THREAD_LINK}, time, [role="img"], img, h1, h2, h3`)) return true;
    // The header (author, permalink, labels) holds the author link; the closing notice is no body.
    if (holdsAuthor.has(el)) return true;
    if (el.childElementCount <= 1) {
      const text = shortText(el, 199);
      if (text !== null && CLOSED_NOTICE.test(text)) return true;
    }
    return false;
  };
  return plainText(post, 140, skip);
}

/**
 * Times shown in a set of posts: `time[datetime]`, else (for a post showing none) elements whose
 * title parses as a date. Posts nest (a feed card holds its replies), so this queries each
 * outermost post once and climbs from the matches, rather than querying every post, which grows
 * with nesting depth × size.
 */
function postTimes(posts: readonly Element[]): string[] {
  const tops = outermost(posts);
  const times = tops.flatMap((top) => Array.from(top.querySelectorAll('time[datetime]')));
  const out = times.map((t) => isoTime(t.getAttribute('datetime')) ?? '');
  const timed = ancestorsOf(times, null);
  const untimed = new Set(posts.filter((post) => !timed.has(post)));
  if (untimed.size === 0) return out.filter(Boolean);
  for (const top of tops) {
    for (const el of Array.from(top.querySelectorAll('[title]'))) {
      const title = el.getAttribute('title') ?? '';
      if (!/\d{4}/.test(title) || title.length >= 60) continue;
      for (let p = el.parentElement; p; p = p === top ? null : p.parentElement) {
        if (!untimed.has(p)) continue;
        out.push(isoTime(title) ?? '');
        break;
      }
    }
  }
  return out.filter(Boolean);
}

/** A reply counter button in these elements ("3 replies"), or null. */
function replyCounter(scope: readonly Element[]): number | null {
  for (const el of scope) {
    for (const button of Array.from(el.querySelectorAll('button'))) {
      const own = (button.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (own.length < 40 && REPLY_COUNTER.test(own)) return leadingCount(own);
    }
  }
  return null;
}

/** Closed conversation or best answer, read from notices and labels in the thread. */
function threadState(scope: readonly Element[]): NativeSignal['state'] {
  let answered = false;
  for (const el of scope) {
    for (const label of Array.from(el.querySelectorAll('span, div, p, strong, [aria-label]'))) {
      if (label.childElementCount > 3) continue;
      const text = shortText(label);
      if (text === null) continue;
      if (CLOSED_NOTICE.test(text)) return 'closed';
      if (BEST_ANSWER.test(text) || /\bbest answer\b/i.test(label.getAttribute('aria-label') ?? '')) answered = true;
    }
  }
  return answered ? 'answered' : null;
}

/**
 * How many people wrote these posts: a post's author is its first author link. Each outermost
 * post is queried once; a link, in page order, is the first of every post around it that has
 * none yet (querying every nested post instead grows with nesting depth × size).
 */
function participantsOf(posts: readonly Element[]): number | null {
  const all = new Set(posts);
  const authored = new Set<Element>();
  const people = new Set<string>();
  for (const top of outermost(posts)) {
    for (const link of Array.from(top.querySelectorAll(AUTHOR_LINK))) {
      let first = false;
      for (let p = link.parentElement; p; p = p === top ? null : p.parentElement) {
        if (!all.has(p)) continue;
        // The posts around an authored post are authored too: an earlier link is in them all.
        if (authored.has(p)) break;
        authored.add(p);
        first = true;
      }
      const href = link.getAttribute('href');
      if (first && href) people.add(href.replace(/[?#].*$/, ''));
    }
  }
  return people.size > 0 ? people.size : null;
}

/**
 * The thread starter's own heading, when it has one (Engage questions, announcements and
 * articles carry a title above the body): a heading before the post's first action row, so
 * a reply's heading further down never names the thread. '' when there is none.
 */
function starterHeading(post: Element): string {
  const actions = post.querySelector(ACTION_ROW);
  for (const h of Array.from(post.querySelectorAll('h1, h2, h3, h4, [role="heading"]'))) {
    if (actions && !(h.compareDocumentPosition(actions) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    if (h.querySelector(AUTHOR_LINK) || h.closest(AUTHOR_LINK)) continue;
    const text = plainText(h, 140, () => false);
    if (text) return text;
  }
  return '';
}

function thread(id: string, starter: Element, posts: readonly Element[], page: PageContext, replies: number | null, scope: readonly Element[], evidence: Evidence): FoundThread {
  return {
    evidence,
    key: yammerThreadKey(id),
    title: starterHeading(starter) || starterText(starter) || `Conversation ${id}`,
    url: yammerThreadUrl(page.url.origin, id),
    native: {
      state: threadState(scope),
      replies,
      participants: participantsOf(posts),
      lastActivity: latest(postTimes(posts)),
    },
    badgeAnchor: ownActionRow(starter) ?? starter,
  };
}

/** A thread page: the one conversation the URL names, with all its posts. */
function scanThreadPage(page: PageContext, id: string, region: Element): FoundThread[] {
  const posts = allPosts(region);
  // Markup nobody has seen yet (the classic `#/Threads/show?threadId=` app): the URL still names
  // the one conversation of the page.
  const known = posts.length > 0;
  if (!known) posts.push(region.querySelector('h1, h2, [role="heading"]') ?? region);
  const starter = posts.find((p) => p.classList.contains('qaThreadStarter') || p.querySelector(':scope > .qaThreadStarter')) ?? posts[0];
  const counted = replyCounter([starter]);
  const replies = posts.length > 1 ? posts.length - 1 : counted ?? (known ? 0 : null);
  return [thread(id, starter, posts, page, replies, [region], 'page-url')];
}

/** Feed cards in or around `roots`: one thread per starter post with a thread permalink. */
function scanFeed(page: PageContext, region: Element, roots: readonly Element[]): PartialScan {
  const posts = postsAround(region, roots);
  const set = new Set(posts);
  const found: FoundThread[] = [];
  const seen = new Set<string>();
  const starters = outermost(posts).filter((post) => !isReply(post, set));
  // Each starter's conversation card: its largest ancestor holding no other starter.
  const counts = actionRowCounts(region, starters, []);
  const cards = new Map(starters.map((s) => [s, postOfActionRow(s, region, counts)]));
  let unrecognised = 0;
  for (const post of starters) {
    const id = threadIdOfPost(post, page.url);
    if (!id) unrecognised++;
    if (!id || seen.has(id)) continue;
    seen.add(id);
    // A feed card shows replies (inside the starter's post or after it), the closing notice and
    // the best answer: all read from the card, as on the thread page.
    const card = cards.get(post) ?? post;
    const shown = [post, ...allPosts(card).filter((p) => p !== post && !p.contains(post))];
    found.push(thread(id, post, shown, page, replyCounter([card]), [card], 'own-permalink'));
  }
  return { threads: inPageOrder(found), scopes: [...posts, ...cards.values()], unrecognised };
}

function scan(page: PageContext, roots: readonly Element[] | null): PartialScan {
  const region = mainRegion(page.document);
  if (!region) return { threads: [], scopes: [] };
  const id = yammerThreadId(page.url);
  // A thread page holds one conversation: always scanned whole (its reply count changes).
  if (id) return { threads: scanThreadPage(page, id, region), scopes: [region] };
  return scanFeed(page, region, roots ?? [region]);
}

/** The Viva Engage / Yammer adapter. */
export const yammerAdapter: SiteAdapter = {
  id: 'yammer',
  matchesUrl: (url) => isYammerUrl(url),
  // Any page of these hosts may hold conversations; a thread URL names one in any markup.
  matchesDocument: () => true,
  scan: (page) => scan(page, null),
  findThreadsIn: (page, roots) => scan(page, roots),
  watchedAttributes: ['href'],
};

/**
 * LinkedIn posts in the feed, in groups and on single-post pages, in both DOM generations: the
 * legacy Ember markup (`[data-urn="urn:li:activity:…"]`) and the server-driven UI with hashed
 * classes, where a post is a `[role=listitem]` and its id appears only in its tracking scope,
 * its comments' component keys or its `/feed/update/` links. A reshare is keyed by the outer
 * post, never by the shared one its inner link points at. Many new-UI posts carry no id at all:
 * those get no badge rather than an invented key. On a single-post URL the URL alone gives the
 * key, whatever the DOM looks like. No titles, no resolved state (SITES.md "LinkedIn").
 */
import { inPageOrder, clip, containersAround, leadingCount, parseJson, plainText, resolveUrl } from './dom-text';
import { activityIdIn, isLinkedinUrl, linkedinActivityId, linkedinKey, linkedinPostUrl } from './linkedin.urls';
import type { FoundThread, PageContext, PartialScan, SiteAdapter } from './types';

const LEGACY_POST =
  '[data-urn^="urn:li:activity:"], [data-urn^="urn:li:aggregate:"], [data-urn^="urn:li:groupPost:"], [data-id^="urn:li:activity:"], [data-id^="urn:li:aggregate:"]';
const NEW_POST = '[role="listitem"], [data-view-name="feed-full-update"], [data-view-name="feed-detail-page"]';
const POST = `${LEGACY_POST}, ${NEW_POST}`;
/** The content of a post as opposed to its comments (new UI). */
const FULL_UPDATE = '[data-view-name="feed-full-update"]';
/** A shared post shown inside a reshare: its links and ids belong to the original post. */
const RESHARED =
  '.update-components-mini-update-v2, .feed-shared-mini-update-v2, .update-components-reshare, [data-view-name="feed-reshare"], [data-view-name="feed-mini-update"]';
const BODY_TEXT =
  '[data-testid="expandable-text-box"], [data-view-name="feed-commentary"], .update-components-text, .feed-shared-update-v2__description, .feed-shared-text';
const COMMENT_KEY = '[componentkey*="urn:li:comment:(urn:li:activity:"]';
const POST_LINK = 'a[href*="/feed/update/"], a[href*="-activity-"]';
const COMMENTS_LABEL = /^(\d[\d,.]*\s*[kKmM]?)\s*(?:comments?|kommentare?|commentaires?|comentarios?|comentários?)$/i;

/** Whether `el` lies inside a reshared post within `post` (or is one). */
function inReshare(el: Element, post: Element): boolean {
  let updates = 0;
  for (let p: Element | null = el; p && p !== post; p = p.parentElement) {
    if (p.matches(RESHARED)) return true;
    // A feed update nested in the post's own update is the shared one.
    if (p.matches(FULL_UPDATE) && ++updates > 1) return true;
  }
  if (post.matches(FULL_UPDATE)) updates++;
  return updates > 1;
}

/** The activity id in a `data-view-tracking-scope` value (JSON of byte-array breadcrumbs). */
export function activityIdInTrackingScope(value: string | null): string | null {
  if (!value) return null;
  const parsed = parseJson(value);
  const entries = Array.isArray(parsed) ? parsed : [];
  let fallback: string | null = null;
  for (const entry of entries) {
    const data = (entry as { breadcrumb?: { content?: { data?: unknown } } } | null)?.breadcrumb?.content?.data;
    let text = '';
    if (Array.isArray(data) && data.length < 100_000) {
      for (const b of data) if (typeof b === 'number' && b >= 0 && b < 256) text += String.fromCharCode(b);
    } else if (typeof data === 'string') text = data;
    const update = /"updateUrn"\s*:\s*"urn:li:activity:(\d{6,30})"/.exec(text);
    if (update && (entry as { topicName?: unknown }).topicName === 'FeedUpdateServedEvent') return update[1];
    fallback ??= update?.[1] ?? null;
  }
  return fallback ?? (entries.length === 0 ? activityIdIn(value) : null);
}

/** The outer post's activity id from the DOM, best source first; null when the DOM has none. */
function activityIdOfPost(post: Element, base: URL): string | null {
  for (const name of ['data-urn', 'data-id']) {
    const own = activityIdIn(post.getAttribute(name));
    if (own) return own;
  }
  const scopes = [post, ...Array.from(post.querySelectorAll('[data-view-tracking-scope]'))];
  for (const el of scopes) {
    if (el !== post && inReshare(el, post)) continue;
    const id = activityIdInTrackingScope(el.getAttribute('data-view-tracking-scope'));
    if (id) return id;
  }
  // Comments belong to the post they sit under, so their keys name the outer post.
  for (const el of Array.from(post.querySelectorAll(COMMENT_KEY))) {
    if (inReshare(el, post)) continue;
    const id = activityIdIn(el.getAttribute('componentkey'));
    if (id) return id;
  }
  for (const a of Array.from(post.querySelectorAll(POST_LINK))) {
    if (inReshare(a, post)) continue;
    const url = resolveUrl(a.getAttribute('href'), base);
    const id = url ? linkedinActivityId(url) : null;
    if (id) return id;
  }
  return null;
}

/** Whether an element is a post at all (a listitem may be a menu entry or a person). */
function looksLikePost(el: Element): boolean {
  if (el.matches(LEGACY_POST) || el.matches(FULL_UPDATE) || el.matches('[data-view-name="feed-detail-page"]')) return true;
  return el.querySelector(`${FULL_UPDATE}, ${BODY_TEXT}, [data-view-tracking-scope], ${COMMENT_KEY}, ${POST_LINK}`) !== null;
}

/** The outermost post container around `el` (a comment listitem belongs to its post). */
function outerPost(el: Element): Element {
  let top = el;
  for (let p = el.parentElement; p; p = p.parentElement) if (p.matches(POST)) top = p;
  return top;
}

function titleOf(post: Element): string {
  const bodies = Array.from(post.querySelectorAll(BODY_TEXT));
  const own = bodies.find((b) => !inReshare(b, post)) ?? bodies[0];
  const text = plainText(own, 140);
  if (text) return text;
  const actor =
    post.querySelector('.update-components-actor__title span[aria-hidden="true"]') ??
    Array.from(post.querySelectorAll('a[href*="/in/"], a[href*="/company/"]')).find((a) => (a.textContent ?? '').trim());
  const name = plainText(actor, 80);
  return name ? `Post by ${name}` : '';
}

function repliesOf(post: Element): number | null {
  const legacy = post.querySelector('.social-details-social-counts__comments');
  if (legacy) return leadingCount(legacy.textContent) ?? 0;
  for (const el of Array.from(post.querySelectorAll('button, a, span'))) {
    if (inReshare(el, post)) continue;
    const label = clip(el.getAttribute('aria-label') ?? el.textContent ?? '', 60);
    const m = COMMENTS_LABEL.exec(label);
    if (m) return leadingCount(m[1]);
  }
  return null;
}

function anchorOf(post: Element): Element {
  const title = Array.from(post.querySelectorAll('.update-components-actor__title')).find((el) => !inReshare(el, post));
  if (title) return title;
  if (post.matches(FULL_UPDATE)) return post;
  return Array.from(post.querySelectorAll(FULL_UPDATE)).find((el) => !inReshare(el, post)) ?? post;
}

function threadOf(post: Element, id: string): FoundThread {
  return {
    key: linkedinKey(id),
    title: titleOf(post) || `LinkedIn post ${id}`,
    url: linkedinPostUrl(id),
    native: { state: null, replies: repliesOf(post), participants: null, lastActivity: null },
    badgeAnchor: anchorOf(post),
  };
}

/** Posts in or around `roots`, outermost, with the ids their DOM gives. */
function scanPosts(page: PageContext, roots: readonly Element[]): PartialScan {
  const posts = new Set<Element>();
  for (const el of containersAround(roots, POST)) posts.add(outerPost(el));
  const found: FoundThread[] = [];
  for (const post of posts) {
    if (!looksLikePost(post)) continue;
    const id = activityIdOfPost(post, page.url);
    if (id) found.push(threadOf(post, id));
  }
  return { threads: inPageOrder(found), scopes: [...posts] };
}

/** A single-post page: the URL's post is always a thread, even in markup nobody has seen yet. */
function withUrlPost(page: PageContext, threads: FoundThread[], urlId: string): FoundThread[] {
  const key = linkedinKey(urlId);
  if (threads.some((t) => t.key === key)) return threads;
  const doc = page.document;
  const root =
    doc.querySelector('[data-view-name="feed-detail-page"]') ??
    doc.querySelector('main, [role="main"]') ??
    doc.body ??
    doc.documentElement;
  if (!root) return threads;
  // The pattern starts at the bar: a leading `\s*` would rescan a long run of spaces from each
  // of its characters (no-break spaces survive document.title's whitespace collapsing).
  const docTitle = clip((doc.title ?? '').replace(/\|\s*LinkedIn\s*$/i, '').trimEnd(), 140);
  const anchor = anchorOf(root);
  return [
    {
      key,
      title: titleOf(root) || docTitle || `LinkedIn post ${urlId}`,
      url: linkedinPostUrl(urlId),
      native: { state: null, replies: repliesOf(root), participants: null, lastActivity: null },
      badgeAnchor: anchor !== root ? anchor : root.querySelector('h1, h2') ?? root,
    },
    ...threads,
  ];
}

function scan(page: PageContext, roots: readonly Element[] | null): PartialScan {
  const doc = page.document;
  const body = doc.body ?? doc.documentElement;
  if (!body) return { threads: [], scopes: [] };
  const urlId = linkedinActivityId(page.url);
  if (!urlId) return scanPosts(page, roots ?? [body]);
  // A single-post page is small: always scanned whole, so the URL's post is never lost.
  return { threads: withUrlPost(page, scanPosts(page, [body]).threads, urlId), scopes: [body] };
}

/** The LinkedIn adapter. */
export const linkedinAdapter: SiteAdapter = {
  id: 'linkedin',
  matchesUrl: (url) => isLinkedinUrl(url),
  // Any LinkedIn page may hold posts; single-post URLs give a key without any known markup.
  matchesDocument: () => true,
  findThreads: (page) => scan(page, null).threads,
  findThreadsIn: (page, roots) => scan(page, roots),
  watchedAttributes: ['href', 'data-urn', 'data-id', 'componentkey', 'data-view-tracking-scope'],
};

/**
 * LinkedIn posts in the feed, in groups and on single-post pages, in both DOM generations: the
 * legacy Ember markup (`[data-urn="urn:li:activity:…"]`) and the server-driven UI with hashed
 * classes, where a post is a `[role=listitem]` and its id appears only in its tracking scope,
 * its comments' component keys or its header's `/feed/update/` permalink. Today's feeds mix the
 * two: a new-UI `feed-full-update` wrapping a legacy update that carries the `data-urn`. A
 * reshare is keyed by the outer post, never by the shared one its inner link points at; a link in
 * a body is never evidence (PRODUCT.md §2). Many new-UI posts carry no id at all: those get no
 * badge rather than an invented key, and count as unrecognised. Ads and suggestions are no posts. On a single-post URL the URL alone gives the
 * key, whatever the DOM looks like. No titles, no resolved state (SITES.md "LinkedIn").
 */
import { inPageOrder, clip, containersAround, leadingCount, parseJson, plainText, resolveUrl } from './dom-text';
import { activityIdIn, isLinkedinUrl, linkedinActivityId, linkedinKey, linkedinPostUrl } from './linkedin.urls';
import type { Evidence, FoundThread, PageContext, PartialScan, SiteAdapter } from './types';

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

/** Elements that are a post's update itself: legacy updates and new-UI full updates. */
const UPDATE = `${LEGACY_POST}, ${FULL_UPDATE}`;
/** A post's own header: its actor line and the "X commented on this" header above it. */
const HEADER =
  '.update-components-actor, .update-components-header, [data-view-name="feed-actor"], [data-view-name="feed-header-text"]';
/** Quoted, embedded and commented content inside a post: ids and links there are not the post's. */
const QUOTED = `${RESHARED}, blockquote, aside, ${BODY_TEXT}, ${COMMENT_KEY}, .comments-comments-list`;
/** Header labels of ads and recommendations: never threads (PRODUCT.md §2). */
const NOT_A_THREAD_LABEL = /^(?:promoted|sponsored|suggested|gesponsert|sponsoris|empfohlen|sugg[ée]r)/i;
/** Carousels of people, jobs and other recommendations in the feed. */
const CAROUSEL = '[data-view-name*="carousel"], [data-view-name*="pymk"], [data-urn^="urn:li:sponsored"]';

/** Whether `el` lies inside a reshared post within `post` (or is one). */
function inReshare(el: Element, post: Element): boolean {
  let legacy = 0;
  let updates = 0;
  for (let p: Element | null = el; p; p = p === post ? null : p.parentElement) {
    if (p !== post && p.matches(RESHARED)) return true;
    // An update nested in the post's own update of the same generation is the shared one (a
    // new-UI full update wrapping a legacy one is the same post: today's hybrid feeds).
    if (p.matches(FULL_UPDATE) && ++updates > 1) return true;
    if (p.matches(LEGACY_POST) && ++legacy > 1) return true;
  }
  return false;
}

/** Whether `el` is part of the post's own content: not in a reshare, quote or embed. */
function isOwn(el: Element, post: Element): boolean {
  if (inReshare(el, post)) return false;
  const quote = el.parentElement?.closest(QUOTED);
  return !quote || !post.contains(quote);
}

/** The activity id in a `data-view-tracking-scope` value (JSON breadcrumbs, plain or as bytes). */
export function activityIdInTrackingScope(value: string | null): string | null {
  if (!value) return null;
  const parsed = parseJson(value);
  const entries = Array.isArray(parsed) ? parsed : [];
  let fallback: string | null = null;
  for (const entry of entries) {
    const breadcrumb = (entry as { breadcrumb?: { content?: { data?: unknown } } } | null)?.breadcrumb;
    const data = breadcrumb?.content?.data;
    let text = '';
    if (Array.isArray(data) && data.length < 100_000) {
      for (const b of data) if (typeof b === 'number' && b >= 0 && b < 256) text += String.fromCharCode(b);
    } else if (typeof data === 'string') text = data;
    // Today's feeds write the breadcrumb as plain JSON: `{"updateUrn":"urn:li:activity:…",…}`.
    else if (breadcrumb && typeof breadcrumb === 'object') text = JSON.stringify(breadcrumb);
    const update = /"updateUrn"\s*:\s*"urn:li:activity:(\d{6,30})"/.exec(text);
    if (update && (entry as { topicName?: unknown }).topicName === 'FeedUpdateServedEvent') return update[1];
    fallback ??= update?.[1] ?? null;
  }
  return fallback ?? (entries.length === 0 ? activityIdIn(value) : null);
}

/**
 * The outer post's activity id and which of its own evidence gave it, best first (PRODUCT.md §2):
 * ids on the post or its own update element (attributes, component key, tracking scope), the
 * component keys of its comments (replies name their thread), its header permalink. Never a link
 * in its body, a reshare or an embed; null when the DOM has none of these.
 */
function activityIdOfPost(post: Element, base: URL): { id: string; evidence: Evidence } | null {
  // The post and its own updates (not shared ones), then its comments: ids; then its header links.
  const own = (sel: string) => Array.from(post.querySelectorAll(sel)).filter((el) => isOwn(el, post));
  for (const el of [post, ...own(`${UPDATE}, [componentkey*="fsd_update"]`), ...own(COMMENT_KEY)]) {
    const id =
      activityIdIn(el.getAttribute('data-urn')) ??
      activityIdIn(el.getAttribute('data-id')) ??
      activityIdIn(el.getAttribute('componentkey')) ??
      activityIdInTrackingScope(el.getAttribute('data-view-tracking-scope'));
    if (id) return { id, evidence: 'own-id' };
  }
  for (const a of own(HEADER.replace(/,/g, ' a,') + ' a')) {
    const url = resolveUrl(a.getAttribute('href'), base);
    const id = url ? linkedinActivityId(url) : null;
    if (id) return { id, evidence: 'own-permalink' };
  }
  return null;
}

/** Ads, "Promoted", "Suggested" posts and carousels: never threads, and not unrecognised either. */
function isRecommendation(post: Element): boolean {
  // Side rails ("More from …") recommend posts; carousels recommend people and jobs.
  if (post.closest(`aside, [role="complementary"], ${CAROUSEL}`) || post.querySelector(CAROUSEL)) return true;
  // "Promoted", "Suggested": a short label of the post's own header (the actor's sub-description).
  return Array.from(post.querySelectorAll(`${HEADER.replace(/,/g, ' span,')} span, ${HEADER.replace(/,/g, ' p,')} p`))
    .slice(0, 40)
    .some((el) => el.childElementCount === 0 && isOwn(el, post) && NOT_A_THREAD_LABEL.test((el.textContent ?? '').trim()));
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

function threadOf(post: Element, id: string, evidence: Evidence): FoundThread {
  return {
    evidence,
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
  let unrecognised = 0;
  for (const post of posts) {
    if (!looksLikePost(post) || isRecommendation(post)) continue;
    const own = activityIdOfPost(post, page.url);
    if (own) found.push(threadOf(post, own.id, own.evidence));
    else unrecognised++;
  }
  return { threads: inPageOrder(found), scopes: [...posts], unrecognised };
}

/**
 * A single-post page shows one thread, the URL's post, even in markup nobody has seen yet: the
 * page URL is its evidence. Other posts there (side rails, "more from") are recommendations.
 */
function urlPost(page: PageContext, urlId: string): FoundThread[] {
  const doc = page.document;
  const body = doc.body ?? doc.documentElement;
  const own = body ? scanPosts(page, [body]).threads.find((t) => t.key === linkedinKey(urlId)) : undefined;
  const root = doc.querySelector('[data-view-name="feed-detail-page"]') ?? doc.querySelector('main, [role="main"]') ?? body;
  if (own || !root) return own ? [own] : [];
  const thread = threadOf(root, urlId, 'page-url');
  // The pattern starts at the bar: a leading `\s*` would rescan a long run of spaces from each
  // of its characters (no-break spaces survive document.title's whitespace collapsing).
  if (!titleOf(root)) thread.title = clip((doc.title ?? '').replace(/\|\s*LinkedIn\s*$/i, '').trimEnd(), 140) || thread.title;
  if (thread.badgeAnchor === root) thread.badgeAnchor = root.querySelector('h1, h2') ?? root;
  return [thread];
}

function scan(page: PageContext, roots: readonly Element[] | null): PartialScan {
  const doc = page.document;
  const body = doc.body ?? doc.documentElement;
  if (!body) return { threads: [], scopes: [] };
  const urlId = linkedinActivityId(page.url);
  if (!urlId) return scanPosts(page, roots ?? [body]);
  // A single-post page is small: always scanned whole, so the URL's post is never lost.
  return { threads: urlPost(page, urlId), scopes: [body] };
}

/** The LinkedIn adapter. */
export const linkedinAdapter: SiteAdapter = {
  id: 'linkedin',
  matchesUrl: (url) => isLinkedinUrl(url),
  // Any LinkedIn page may hold posts; single-post URLs give a key without any known markup.
  matchesDocument: () => true,
  scan: (page) => scan(page, null),
  findThreadsIn: (page, roots) => scan(page, roots),
  watchedAttributes: ['href', 'data-urn', 'data-id', 'componentkey', 'data-view-tracking-scope'],
};

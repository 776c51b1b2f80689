/**
 * Confluence pages, Cloud and Server / Data Center: the page itself is one discussion (its
 * decisions are its native signal), each top-level page comment starts a thread, and each inline
 * comment is a thread anchored at the text it marks. The page id comes from the URL or from
 * `meta[name="ajs-page-id"]`. Comment markup is the weakest-known part (SITES.md "Confluence"):
 * Server's `#comments-section li.comment-thread` / `#comment-<id>`, Cloud's
 * `[data-comment-id]`; inline markers are Server's `span.inline-comment-marker[data-ref]` and
 * Cloud's annotation marks, whose `data-mark-annotation-state="resolved"` marks resolved ones.
 */
import type { NativeSignal } from '../storage/schema';
import { inPageOrder, clip, isoTime, latest, plainText } from './dom-text';
import {
  confluencePageIdFromUrl,
  confluencePageKeyOf,
  confluencePageUrl,
  isConfluenceUrl,
} from './confluence.urls';
import type { FoundThread, PageContext, PartialScan, SiteAdapter } from './types';

const META = (name: string) => `meta[name="${name}"]`;
const THREAD = '#comments-section li.comment-thread, [data-comment-id]';
const COMMENT = '.comment[id^="comment-"], [data-comment-id]';
const AUTHOR = '.author a, .comment-author, [data-testid="profile-card-trigger"], a[href*="/people/"], a[href*="/display/~"], a[href*="viewprofile.action"]';
const INLINE_MARKER = 'span.inline-comment-marker[data-ref], [data-mark-annotation-type="inlineComment"][data-id]';
/** The page's own text: comment markup inside it is quoted or embedded, never a comment. */
const PAGE_BODY = '[data-testid="renderer-container"], div#main-content.wiki-content';
/** Where Cloud lists the replies of a comment (after it, not inside it). */
const REPLIES = '[data-testid*="replies"], .comment-replies';
const RESOLVED = '[data-annotation-state="resolved"]';
const TITLE = 'h1#title-text, [data-testid="title-text"], #content-header h1, h1';

function metaContent(doc: Document, name: string): string | null {
  return doc.querySelector(META(name))?.getAttribute('content')?.trim() || null;
}

/** The page id: from the URL, else from the page's own metadata. */
function pageIdOf(page: PageContext): string | null {
  const fromUrl = confluencePageIdFromUrl(page.url);
  if (fromUrl) return fromUrl;
  for (const name of ['ajs-page-id', 'ajs-content-id']) {
    const id = metaContent(page.document, name);
    if (id && /^\d{1,20}$/.test(id)) return id;
  }
  return null;
}

/** The comment id of a comment element (`comment-<id>` or `data-comment-id`). */
function commentId(el: Element): string | null {
  const data = el.getAttribute('data-comment-id');
  if (data && /^\d{1,20}$/.test(data)) return data;
  const m = /^comment-(?:thread-)?(\d{1,20})$/.exec(el.id);
  return m ? m[1] : null;
}

function authorOf(comment: Element): string | null {
  const a = comment.querySelector(AUTHOR);
  const name = plainText(a, 80);
  return name || null;
}

function timeOf(comment: Element): string | null {
  const t = comment.querySelector('time[datetime]')?.getAttribute('datetime');
  if (t) return isoTime(t);
  const date = comment.querySelector('.comment-date [title], .comment-date[title], [data-testid="comment-date"][title]');
  return isoTime(date?.getAttribute('title'));
}

/** A comment's own text: its body, without header, actions or nested replies. */
function bodyOf(comment: Element): string {
  const body = comment.querySelector('.comment-content, .comment-body, .wiki-content, .ak-renderer-document');
  return plainText(body ?? comment, 120, (el) => el.matches('.comment-header, .comment-actions, .comment-threads, [data-comment-id], .author, .comment-date'));
}

interface CommentThread {
  /** The top-level comment's id, or for an inline comment's sidebar card its highlight's ref. */
  id: string | null;
  inline: boolean;
  first: Element;
  comments: Element[];
  resolved: boolean;
}

/** The highlight ref a sidebar card of an inline comment names (`data-annotation-id`, on it or around it). */
function inlineRef(el: Element): string | null {
  const ref = el.closest('[data-annotation-id]')?.getAttribute('data-annotation-id') ?? '';
  return /^[\w-]{1,100}$/.test(ref) ? ref : null;
}

/**
 * Comment threads, in page order: one per top-level comment, with its replies (nested in it, as
 * Server and older Cloud render them, or listed after it in a replies container, as Cloud does),
 * and one per inline comment card in the sidebar. A comment inside the page's own text is quoted
 * or embedded there: never a comment of this page.
 */
function commentThreads(doc: Document): { threads: CommentThread[]; unrecognised: number } {
  const threads: CommentThread[] = [];
  let current: CommentThread | null = null;
  let unrecognised = 0;
  for (const el of Array.from(doc.querySelectorAll(`${THREAD}, ${COMMENT}`))) {
    if (el.closest(PAGE_BODY)) continue;
    const isComment = el.matches(COMMENT);
    const outer = el.parentElement?.closest(`${THREAD}, ${COMMENT}, ${REPLIES}`);
    if (outer && current && current.first.parentElement?.contains(outer)) {
      // A reply, or a thread item's own first comment: part of the thread being read.
      if (isComment && !current.comments.includes(el)) current.comments.push(el);
      continue;
    }
    const ref = inlineRef(el);
    const first = isComment ? el : el.querySelector(COMMENT) ?? el;
    const id = ref ?? commentId(first) ?? commentId(el);
    current = { id, inline: ref !== null, first, comments: isComment ? [el] : [], resolved: ref !== null && el.closest(RESOLVED) !== null };
    if (id) threads.push(current);
    else unrecognised++;
  }
  return { threads, unrecognised };
}

function activity(comments: readonly Element[]): Pick<NativeSignal, 'replies' | 'participants' | 'lastActivity'> {
  const authors = new Set(comments.map(authorOf).filter((a): a is string => a !== null));
  return {
    // No comments known (an inline comment whose card is not open): unknown, not none.
    replies: comments.length || null,
    participants: authors.size || null,
    lastActivity: latest(comments.map(timeOf)),
  };
}

/** Decisions on the page: resolved when every decision item is decided. */
function decisionState(doc: Document): NativeSignal['state'] {
  const items = Array.from(doc.querySelectorAll('[data-decision-state]'));
  if (items.length === 0) return null;
  return items.every((i) => i.getAttribute('data-decision-state')?.toUpperCase() === 'DECIDED') ? 'resolved' : null;
}

function scan(page: PageContext): PartialScan {
  const doc = page.document;
  const pageId = pageIdOf(page);
  if (!pageId) return { threads: [], scopes: [] };
  const pageKey = confluencePageKeyOf(page.url.host, pageId);
  const pageUrl = confluencePageUrl(page.url) ?? `${page.url.origin}${page.url.pathname}`;
  const found: FoundThread[] = [];

  const { threads: all, unrecognised } = commentThreads(doc);
  const threads = all.filter((t) => !t.inline);
  const cards = new Map(all.filter((t) => t.inline).map((t) => [t.id!, t]));
  const allComments = threads.flatMap((t) => t.comments);
  const heading = doc.querySelector(TITLE);
  const pageTitle = clip(metaContent(doc, 'ajs-page-title') ?? plainText(heading, 300), 300);
  if (heading) {
    found.push({
      key: pageKey,
      title: pageTitle || `Page ${pageId}`,
      url: pageUrl,
      native: { state: decisionState(doc), ...activity(allComments) },
      badgeAnchor: heading,
      // The page id from the URL, or the page's own metadata where the URL has none.
      evidence: 'page-url',
    });
  }

  for (const t of threads) {
    const author = authorOf(t.first);
    const text = bodyOf(t.first);
    const anchor = t.first.querySelector('.comment-header, .author, [data-testid="comment-header"]') ?? t.first;
    found.push({
      key: `${pageKey}#comment-${t.id}`,
      title: clip(author && text ? `${author}: ${text}` : text || author || `Comment ${t.id}`, 160),
      url: `${pageUrl}${pageUrl.includes('?') ? '&' : '?'}focusedCommentId=${t.id}#comment-${t.id}`,
      native: { state: null, ...activity(t.comments) },
      badgeAnchor: anchor,
      evidence: 'own-id',
    });
  }

  const inline = new Map<string, Element[]>();
  for (const marker of Array.from(doc.querySelectorAll(INLINE_MARKER))) {
    const ref = marker.getAttribute('data-ref') ?? marker.getAttribute('data-id') ?? '';
    if (!/^[\w-]{1,100}$/.test(ref)) continue;
    inline.set(ref, [...(inline.get(ref) ?? []), marker]);
  }
  // A rendered inline comment shows twice, as its highlight and as its card in the sidebar: one
  // thread, keyed by the highlight's ref, resolved when either says so.
  for (const ref of new Set([...inline.keys(), ...cards.keys()])) {
    const markers = inline.get(ref) ?? [];
    const card = cards.get(ref);
    const quoted = clip(markers.map((m) => plainText(m, 200)).join(' '), 120);
    found.push({
      key: `${pageKey}#inline-${ref}`,
      title: quoted ? `“${quoted}”` : `Inline comment ${ref}`,
      url: pageUrl,
      native: {
        ...activity(card?.comments ?? []),
        state: card?.resolved || (markers[0] && markers.every((m) => m.getAttribute('data-mark-annotation-state') === 'resolved')) ? 'resolved' : null,
      },
      badgeAnchor: markers[markers.length - 1] ?? card!.first,
      evidence: 'own-id',
    });
  }
  return { threads: inPageOrder(found), scopes: [], unrecognised };
}

/** The Confluence adapter: Cloud by host, Server / Data Center on any host by fingerprint. */
export const confluenceAdapter: SiteAdapter = {
  id: 'confluence',
  anyHost: true,
  matchesUrl: (url) => isConfluenceUrl(url),
  matchesDocument: (doc) =>
    doc.querySelector(
      `${META('ajs-page-id')}, ${META('confluence-request-time')}, ${META('ajs-context-path')}, #com-atlassian-confluence, [data-testid="renderer-container"] .ak-renderer-document`,
    ) !== null,
  scan,
};

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
import type { FoundThread, PageContext, SiteAdapter } from './types';

const META = (name: string) => `meta[name="${name}"]`;
const THREAD = '#comments-section li.comment-thread, [data-comment-id]';
const COMMENT = '.comment[id^="comment-"], [data-comment-id]';
const AUTHOR = '.author a, .comment-author, [data-testid="profile-card-trigger"], a[href*="/people/"], a[href*="/display/~"], a[href*="viewprofile.action"]';
const INLINE_MARKER = 'span.inline-comment-marker[data-ref], [data-mark-annotation-type="inlineComment"][data-id]';
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
  id: string;
  first: Element;
  comments: Element[];
}

/** Top-level page comment threads, in page order. */
function commentThreads(doc: Document): CommentThread[] {
  const threads: CommentThread[] = [];
  for (const container of Array.from(doc.querySelectorAll(THREAD))) {
    const parentThread = container.parentElement?.closest(THREAD);
    if (parentThread) continue;
    // Server wraps comments in thread items; in Cloud the first comment is the container.
    const nested = Array.from(container.querySelectorAll(COMMENT));
    const comments = container.matches(COMMENT) ? [container, ...nested] : nested;
    const first = comments[0] ?? container;
    const id = commentId(first) ?? commentId(container);
    if (!id) continue;
    threads.push({ id, first, comments: comments.length ? comments : [container] });
  }
  return threads;
}

function activity(comments: readonly Element[]): Pick<NativeSignal, 'replies' | 'participants' | 'lastActivity'> {
  const authors = new Set(comments.map(authorOf).filter((a): a is string => a !== null));
  return {
    replies: comments.length,
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

function scan(page: PageContext): FoundThread[] {
  const doc = page.document;
  const pageId = pageIdOf(page);
  if (!pageId) return [];
  const pageKey = confluencePageKeyOf(page.url.host, pageId);
  const pageUrl = confluencePageUrl(page.url) ?? `${page.url.origin}${page.url.pathname}`;
  const found: FoundThread[] = [];

  const threads = commentThreads(doc);
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
    });
  }

  const inline = new Map<string, Element[]>();
  for (const marker of Array.from(doc.querySelectorAll(INLINE_MARKER))) {
    const ref = marker.getAttribute('data-ref') ?? marker.getAttribute('data-id') ?? '';
    if (!/^[\w-]{1,100}$/.test(ref)) continue;
    inline.set(ref, [...(inline.get(ref) ?? []), marker]);
  }
  for (const [ref, markers] of inline) {
    const resolved = markers.every((m) => m.getAttribute('data-mark-annotation-state') === 'resolved');
    const quoted = clip(markers.map((m) => plainText(m, 200)).join(' '), 120);
    found.push({
      key: `${pageKey}#inline-${ref}`,
      title: quoted ? `“${quoted}”` : `Inline comment ${ref}`,
      url: pageUrl,
      native: { state: resolved ? 'resolved' : null, replies: null, participants: null, lastActivity: null },
      badgeAnchor: markers[markers.length - 1],
    });
  }
  return inPageOrder(found);
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
  findThreads: (page) => scan(page),
};

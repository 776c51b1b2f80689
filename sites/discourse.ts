/**
 * Discourse forums on any host (recognised by `meta[name=generator]` "Discourse …"): every topic
 * of a topic list, or the one topic of a topic page, in the Ember app and in the no-JS crawler
 * view. Solved (accepted answer), closed and archived topics carry their state; replies,
 * posters and last activity come from the list columns or the loaded posts. Facts: SITES.md.
 */
import type { NativeSignal } from '../storage/schema';
import { inPageOrder, containersAround, isoTime, latest, leadingCount, plainText, resolveUrl } from './dom-text';
import { discourseKey, discoursePageUrl, discourseTopic, isDiscourseUrl } from './discourse.urls';
import type { FoundThread, PageContext, PartialScan, SiteAdapter } from './types';

const ROW = 'tr.topic-list-item, .topic-list-item[data-topic-id]';
const ROW_TITLE = 'a.title, a.raw-topic-link, .link-top-line a[href*="/t/"]';
const TOPIC_TITLE = 'h1[data-topic-id], #topic-title h1, .title-wrapper h1';
const POST = 'article[data-post-id], div.crawler-post, [data-post-number]';
/** Suggested and related topics under a topic: recommendations, never threads (PRODUCT.md §2). */
const SUGGESTED = '.more-topics__container, .suggested-topics, #suggested-topics, .related-topics, #related-topics';

/** A topic's state from its status icons (`.topic-statuses`), solved markers and classes. */
function statusOf(scope: Element | null): NativeSignal['state'] {
  if (!scope) return null;
  const icons = Array.from(scope.querySelectorAll('.topic-statuses svg, .topic-status svg, .topic-status, .topic-statuses use'));
  const has = (pattern: RegExp) =>
    icons.some((i) => pattern.test(`${i.getAttribute('class') ?? ''} ${i.getAttribute('href') ?? ''} ${i.getAttribute('xlink:href') ?? ''}`));
  if (has(/square-check|check-square|\bsolved\b/)) return 'answered';
  if (has(/\bd-icon-lock\b|#lock\b|--closed\b/)) return 'closed';
  if (has(/archive|--archived\b/)) return 'archived';
  return null;
}

function topicLink(row: Element, base: URL): { url: URL; key: string } | null {
  for (const a of Array.from(row.querySelectorAll(ROW_TITLE))) {
    const url = resolveUrl(a.getAttribute('href'), base);
    const topic = url ? discourseTopic(url) : null;
    if (url && topic) return { url, key: discourseKey(url.host, topic.base, topic.id) };
  }
  return null;
}

/** One row of a topic list (Ember or crawler view). */
function rowThread(row: Element, page: PageContext): FoundThread | null {
  const link = topicLink(row, page.url);
  const titleLink = row.querySelector(ROW_TITLE);
  let key = link?.key ?? null;
  const dataId = row.getAttribute('data-topic-id') ?? titleLink?.getAttribute('data-topic-id');
  if (!key && dataId && /^\d{1,12}$/.test(dataId)) {
    const here = discourseTopic(page.url);
    key = discourseKey(page.url.host, here?.base ?? '', dataId);
  }
  if (!key || !titleLink) return null;
  const repliesEl = row.querySelector('td.replies .posts, td.posts .number, .posts-map .number, td.replies, .num.posts');
  const posters = new Set(
    Array.from(row.querySelectorAll('td.posters a[data-user-card], td.posters a[href*="/u/"]')).map(
      (a) => a.getAttribute('data-user-card') ?? a.getAttribute('href'),
    ),
  );
  const times = Array.from(row.querySelectorAll('.relative-date[data-time], td.activity [data-time], time[datetime]')).map((el) =>
    isoTime(el.getAttribute('data-time') ?? el.getAttribute('datetime')),
  );
  const url = link ? discoursePageUrl(link.url) : null;
  return {
    key,
    title: plainText(titleLink, 300) || `Topic ${key.slice(key.lastIndexOf('/') + 1)}`,
    url: url ?? `${page.url.origin}/t/${key.slice(key.lastIndexOf('/') + 1)}`,
    native: {
      state: statusOf(row),
      replies: repliesEl ? leadingCount(repliesEl.textContent) : null,
      participants: posters.size || null,
      lastActivity: latest(times),
    },
    badgeAnchor: titleLink.closest('.link-top-line') ?? titleLink.parentElement ?? row,
    evidence: link ? 'own-permalink' : 'own-id',
  };
}

/** The one topic of a topic page, in the Ember app or the crawler view. */
function topicThread(page: PageContext): FoundThread | null {
  const doc = page.document;
  const heading = doc.querySelector(TOPIC_TITLE);
  const here = discourseTopic(page.url);
  const dataId = heading?.getAttribute('data-topic-id');
  const id = dataId && /^\d{1,12}$/.test(dataId) ? dataId : here?.id;
  if (!heading || !id) return null;
  const posts = Array.from(doc.querySelectorAll(POST)).filter((p) => !p.parentElement?.closest(POST));
  const numbers = new Set<string>();
  const authors = new Set<string>();
  const times: Array<string | null> = [];
  posts.forEach((post, i) => {
    numbers.add(post.getAttribute('data-post-number') ?? post.querySelector('[data-post-number]')?.getAttribute('data-post-number') ?? post.id ?? String(i));
    const author = post.querySelector('.names [data-user-card], .creator [itemprop="name"], [itemprop="author"] [itemprop="name"], a[data-user-card]');
    const name = author?.getAttribute('data-user-card') ?? author?.textContent?.trim();
    if (name) authors.add(name);
    for (const t of Array.from(post.querySelectorAll('.relative-date[data-time], time[datetime]'))) {
      times.push(isoTime(t.getAttribute('data-time') ?? t.getAttribute('datetime')));
    }
  });
  const titleArea = heading.closest('#topic-title, .title-wrapper') ?? heading;
  let state = statusOf(titleArea);
  const solved = doc.querySelector('aside.accepted-answer, .accepted-answer, [itemprop="acceptedAnswer"], .post--solved');
  if (solved && !state) state = 'answered';
  const base = here?.base ?? '';
  const canonical = discoursePageUrl(page.url);
  return {
    key: discourseKey(page.url.host, base, id),
    title: plainText(heading.querySelector('.fancy-title') ?? heading, 300) || `Topic ${id}`,
    url: canonical ?? `${page.url.origin}${base}/t/${id}`,
    native: {
      state,
      replies: numbers.size > 0 ? numbers.size - 1 : null,
      participants: authors.size || null,
      lastActivity: latest(times),
    },
    badgeAnchor: heading,
    evidence: dataId === id ? 'own-id' : 'page-url',
  };
}

function rowsIn(page: PageContext, roots: readonly Element[]): PartialScan {
  const rows = [...containersAround(roots, ROW)];
  const found: FoundThread[] = [];
  for (const row of rows) {
    const t = rowThread(row, page);
    if (t) found.push(t);
  }
  return { threads: found, scopes: rows, unrecognised: rows.length - found.length };
}

function scan(page: PageContext, roots: readonly Element[] | null): PartialScan {
  const doc = page.document;
  const body = doc.body ?? doc.documentElement;
  if (!body) return { threads: [], scopes: [] };
  const topic = topicThread(page);
  if (!topic) {
    const rows = rowsIn(page, roots ?? [body]);
    return { ...rows, threads: inPageOrder(rows.threads) };
  }
  // A topic page is scanned whole; it can also list suggested topics at its end.
  const rows = rowsIn(page, [body]).threads.filter((r) => r.key !== topic.key && !r.badgeAnchor.closest(SUGGESTED));
  return { threads: inPageOrder([topic, ...rows]), scopes: [body] };
}

/** The Discourse adapter. */
export const discourseAdapter: SiteAdapter = {
  id: 'discourse',
  anyHost: true,
  matchesUrl: (url) => isDiscourseUrl(url),
  matchesDocument: (doc) => /^Discourse\b/i.test(doc.querySelector('meta[name="generator"]')?.getAttribute('content') ?? ''),
  scan: (page) => scan(page, null),
  findThreadsIn: (page, roots) => scan(page, roots),
  watchedAttributes: ['href', 'data-topic-id'],
};

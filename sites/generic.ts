/**
 * Pages of any other site the user opts in on. Where the page carries schema.org
 * `DiscussionForumPosting` or `QAPage` structured data (JSON-LD or microdata), each posting is a
 * thread; otherwise, when the user chooses "Annotate this page", the whole page is one
 * discussion keyed `generic:<normalised URL>`. Structured data is text from the page: titles are
 * read as plain strings, lengths capped, and nothing in it is ever rendered as HTML.
 */
import type { NativeSignal } from '../storage/schema';
import { clip, inPageOrder, isoTime, latest, parseJson, plainText, resolveUrl } from './dom-text';
import { genericKey, isGenericUrl, normaliseGenericUrl } from './generic.urls';
import type { FoundThread, PageContext, SiteAdapter } from './types';

const TYPES = /^(?:https?:\/\/schema\.org\/)?(DiscussionForumPosting|QAPage)$/;
const MICRODATA = '[itemscope][itemtype*="schema.org/DiscussionForumPosting"], [itemscope][itemtype*="schema.org/QAPage"]';

type Node = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
};

function typesOf(node: Node): string[] {
  return list(node['@type'])
    .map((t) => (typeof t === 'string' ? TYPES.exec(t)?.[1] ?? '' : ''))
    .filter(Boolean);
}

/** Every object in the JSON-LD blocks of the page (flattening arrays and `@graph`), bounded. */
function jsonLdNodes(doc: Document): Node[] {
  const out: Node[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (out.length > 500 || depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value.slice(0, 200)) visit(v, depth + 1);
      return;
    }
    const node = value as Node;
    out.push(node);
    if (node['@graph']) visit(node['@graph'], depth + 1);
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]')).slice(0, 20)) {
    visit(parseJson(script.textContent), 0);
  }
  return out;
}

function authorName(v: unknown): string | null {
  const first = list(v)[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object') return str((first as Node).name) ?? str((first as Node).url);
  return null;
}

function commentCountOf(node: Node): number | null {
  const direct = num(node.commentCount) ?? num(node.answerCount);
  if (direct !== null) return direct;
  for (const stat of list(node.interactionStatistic)) {
    if (!stat || typeof stat !== 'object') continue;
    const type = JSON.stringify((stat as Node).interactionType ?? '');
    if (/Comment|Reply/i.test(type)) return num((stat as Node).userInteractionCount);
  }
  const comments = list(node.comment);
  return comments.length ? comments.length : null;
}

/** A posting as read from structured data, before it is placed on the page. */
interface Posting {
  url: URL;
  title: string;
  native: NativeSignal;
  /** The element that holds it (microdata), when known. */
  element: Element | null;
}

function postingFromJson(node: Node, page: PageContext): Posting | null {
  const [type] = typesOf(node);
  if (!type) return null;
  const subject = type === 'QAPage' ? ((list(node.mainEntity)[0] as Node | undefined) ?? node) : node;
  if (!subject || typeof subject !== 'object') return null;
  const url = resolveUrl(str(subject.url) ?? str(node.url) ?? str(subject['@id']) ?? str(node['@id']), page.url) ?? page.url;
  const title = clip(str(subject.headline) ?? str(subject.name) ?? str(node.headline) ?? str(node.name) ?? '', 300);
  const comments = list(subject.comment).concat(list(subject.suggestedAnswer), list(subject.acceptedAnswer));
  const people = new Set<string>();
  const author = authorName(subject.author);
  if (author) people.add(author);
  const times: Array<string | null> = [];
  for (const c of comments.slice(0, 1000)) {
    if (!c || typeof c !== 'object') continue;
    const name = authorName((c as Node).author);
    if (name) people.add(name);
    times.push(isoTime(str((c as Node).datePublished) ?? str((c as Node).dateCreated)));
  }
  const answered = list(subject.acceptedAnswer).length > 0;
  return {
    url,
    title,
    native: {
      state: answered ? 'answered' : null,
      replies: commentCountOf(subject),
      participants: people.size || null,
      lastActivity: latest(times) ?? isoTime(str(subject.dateModified)),
    },
    element: null,
  };
}

/** The value of a microdata property inside `scope` that is not inside a nested item. */
function itemprop(scope: Element, name: string): Element | null {
  for (const el of Array.from(scope.querySelectorAll(`[itemprop~="${name}"]`))) {
    const owner = el.parentElement?.closest('[itemscope]');
    if (owner === scope) return el;
  }
  return null;
}

function propValue(el: Element | null): string | null {
  if (!el) return null;
  return el.getAttribute('content') ?? el.getAttribute('href') ?? el.getAttribute('datetime') ?? (el.textContent ?? '').trim();
}

function postingFromMicrodata(item: Element, page: PageContext): Posting {
  const isQa = /QAPage/.test(item.getAttribute('itemtype') ?? '');
  const subject = (isQa ? itemprop(item, 'mainEntity') : null) ?? item;
  const headline = itemprop(subject, 'headline') ?? itemprop(subject, 'name');
  const url = resolveUrl(propValue(itemprop(subject, 'url')), page.url) ?? page.url;
  const comments = Array.from(subject.querySelectorAll('[itemprop~="comment"], [itemprop~="suggestedAnswer"], [itemprop~="acceptedAnswer"]'));
  const people = new Set<string>();
  const times: Array<string | null> = [];
  for (const c of [subject, ...comments]) {
    const a = c.querySelector('[itemprop~="author"] [itemprop~="name"], [itemprop~="author"]');
    const name = propValue(a);
    if (name) people.add(clip(name, 100));
    if (c !== subject) times.push(isoTime(propValue(c.querySelector('[itemprop~="datePublished"], [itemprop~="dateCreated"]'))));
  }
  const count = num(propValue(itemprop(subject, 'commentCount')) ?? propValue(itemprop(subject, 'answerCount')));
  return {
    url,
    title: clip(propValue(headline) ?? '', 300),
    native: {
      state: subject.querySelector('[itemprop~="acceptedAnswer"]') ? 'answered' : null,
      replies: count ?? (comments.length || null),
      participants: people.size || null,
      lastActivity: latest(times),
    },
    element: headline && headline.localName !== 'meta' && headline.localName !== 'link' ? headline : subject,
  };
}

/** Where a posting's badge goes: its microdata element, a heading, or a link to it. */
function anchorFor(p: Posting, page: PageContext, samePage: boolean): Element | null {
  if (p.element) return p.element;
  const doc = page.document;
  if (samePage) return doc.querySelector('main h1, article h1, h1') ?? null;
  const target = normaliseGenericUrl(p.url);
  for (const a of Array.from(doc.querySelectorAll('a[href]'))) {
    const u = resolveUrl(a.getAttribute('href'), page.url);
    if (u && normaliseGenericUrl(u) === target) return a.parentElement ?? a;
  }
  return null;
}

/** Threads from schema.org structured data on the page, in page order. */
export function structuredThreads(page: PageContext): FoundThread[] {
  const here = normaliseGenericUrl(page.url);
  const postings: Posting[] = [];
  for (const item of Array.from(page.document.querySelectorAll(MICRODATA))) {
    if (item.parentElement?.closest(MICRODATA)) continue;
    postings.push(postingFromMicrodata(item, page));
  }
  for (const node of jsonLdNodes(page.document)) {
    const p = postingFromJson(node, page);
    if (p) postings.push(p);
  }
  const found: FoundThread[] = [];
  const seen = new Set<string>();
  for (const p of postings) {
    const key = genericKey(p.url);
    if (!key || seen.has(key)) continue;
    const anchor = anchorFor(p, page, normaliseGenericUrl(p.url) === here);
    if (!anchor) continue;
    seen.add(key);
    found.push({
      key,
      title: p.title || plainText(anchor, 300) || normaliseGenericUrl(p.url),
      url: normaliseGenericUrl(p.url),
      native: p.native,
      badgeAnchor: anchor,
      // The posting names its own URL in its structured data; on its own page that is the page's.
      evidence: normaliseGenericUrl(p.url) === here ? 'page-url' : 'own-permalink',
    });
  }
  return inPageOrder(found);
}

/** The whole page as one discussion (the user chose "Annotate this page"). */
export function wholePageThread(page: PageContext): FoundThread | null {
  const doc = page.document;
  const key = genericKey(page.url);
  const anchor = doc.querySelector('main h1, article h1, h1') ?? doc.body ?? doc.documentElement;
  if (!key || !anchor) return null;
  const ogTitle = doc.querySelector('meta[property="og:title"]')?.getAttribute('content');
  const title = clip(ogTitle ?? doc.title ?? '', 300) || plainText(doc.querySelector('h1'), 300) || normaliseGenericUrl(page.url);
  return {
    key,
    title,
    url: normaliseGenericUrl(page.url),
    native: { state: null, replies: null, participants: null, lastActivity: null },
    badgeAnchor: anchor,
    evidence: 'page-url',
  };
}

/** Whether a document carries discussion structured data. */
export function hasStructuredDiscussion(doc: Document): boolean {
  if (doc.querySelector(MICRODATA)) return true;
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]')).slice(0, 20)) {
    if (/DiscussionForumPosting|QAPage/.test(script.textContent ?? '')) return true;
  }
  return false;
}

/** The generic adapter: structured data on pages no other adapter claims. */
export const genericAdapter: SiteAdapter = {
  id: 'generic',
  matchesUrl: (url) => isGenericUrl(url),
  matchesDocument: (doc) => hasStructuredDiscussion(doc),
  findThreads: (page) => structuredThreads(page),
};

/**
 * The thread key of a picked block (PRODUCT.md §2). A block that carries its own permalink — a
 * same-site link in its header or on its timestamp whose address names an id — is keyed from that
 * link through the adapters' own URL keying, so a discussion picked in a feed and on its own page
 * is one discussion. Without one, the key is `pick:<page>#<short hash of the quote>`. Like every
 * adapter's key it passes the ownership rule: a page never names another host's discussion.
 */
import { clip, plainText } from '../dom-text';
import { confluencePageKey } from '../confluence.urls';
import { discoursePageKey } from '../discourse.urls';
import { genericKey, isGenericUrl, normaliseGenericUrl } from '../generic.urls';
import { githubPageKey } from '../github.urls';
import { linkedinPageKey } from '../linkedin.urls';
import { mediawikiPageKey, mediawikiThreadKey } from '../mediawiki.urls';
import { belongsToPage } from '../ownership';
import { yammerPageKey } from '../yammer.urls';
import { looksLikePost } from './blocks';
import { blockText } from './text';

/** What a picked discussion is called and where it lives. */
export interface PickedIdentity {
  /** Thread key: the adapters' key for its permalink, `generic:` for a page of its own, else `pick:`. */
  key: string;
  /** Its permalink, or the page it was picked on. */
  url: string;
  /** The block's heading, else its first line (plain text). */
  title: string;
}

/** The sites' URL keying, tried in turn on a permalink (dedicated sites before any page). */
const SITE_KEYS: ((url: URL) => string | null)[] = [
  yammerPageKey,
  linkedinPageKey,
  githubPageKey,
  discoursePageKey,
  confluencePageKey,
];

/** Parts of a block whose links are never its own: quotes, embeds, shares, related lists. */
const FOREIGN = 'blockquote, q, aside, [class*="quote" i], [class*="embed" i], [class*="onebox" i], [class*="share" i], [class*="related" i], [class*="recommend" i]';
/** Where a post's own header and timestamp live. */
const HEADER = 'header, h1, h2, h3, h4, h5, h6, [role="heading"], [class*="header" i], [class*="meta" i], [class*="byline" i], [class*="permalink" i], [class*="stamp" i], [class*="date" i], [class*="time" i]';

/** A path segment, query value or fragment that names an id (digits, or a long id with digits). */
const ID_PART = /^(?:[A-Za-z_-]*\d{3,}[\w-]*|[a-z]+[-_]?\d+|[0-9a-f]{8,}|[A-Za-z0-9_-]{10,}\d[A-Za-z0-9_-]*)$/;

const sameSite = (a: URL, b: URL): boolean => a.host.replace(/^www\./, '').toLowerCase() === b.host.replace(/^www\./, '').toLowerCase();

/** Whether an address names an item by id: in its path, a query value or its fragment. */
export function namesAnId(url: URL): boolean {
  if (url.pathname.split('/').some((s) => ID_PART.test(decodeURIComponent(s)))) return true;
  if ([...url.searchParams.values()].some((v) => /^\d{2,}$/.test(v))) return true;
  return ID_PART.test(url.hash.slice(1));
}

/** The block's own permalink: a same-site link in its header or on its timestamp that names an id. */
export function ownPermalink(block: Element, page: URL): URL | null {
  for (const a of Array.from(block.querySelectorAll('a[href]')).slice(0, 200)) {
    if (a.closest(FOREIGN) && block.contains(a.closest(FOREIGN))) continue;
    // A link inside a nested post (a reply) is that post's, not this one's.
    let nested = false;
    for (let p = a.parentElement; p && p !== block; p = p.parentElement) if (p.localName === 'article' || looksLikeNestedPost(p)) nested = true;
    if (nested) continue;
    const onTime = a.querySelector('time') !== null || a.parentElement?.localName === 'time' || a.getAttribute('rel') === 'bookmark';
    const inHeader = a.closest(HEADER) !== null && block.contains(a.closest(HEADER));
    if (!onTime && !inHeader) continue;
    let url: URL;
    try {
      url = new URL(a.getAttribute('href')!, page);
    } catch {
      continue;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !sameSite(url, page) || !namesAnId(url)) continue;
    return url;
  }
  return null;
}

/** A nested reply inside the block: a post-like element with a header of its own. */
function looksLikeNestedPost(el: Element): boolean {
  return el.getAttribute('role') === 'comment' || el.getAttribute('role') === 'article' || /(?:^|\s)(?:reply|comment)(?:\s|$)/i.test(el.className) && looksLikePost(el);
}

/** A short, stable hash of the quote (FNV-1a, 32 bits, base 36). */
export function quoteHash(quote: string): string {
  let h = 0x811c9dc5;
  const text = quote.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, '0');
}

/** The key a permalink gives through the sites' URL keying, or null. */
export function keyOfPermalink(url: URL): string | null {
  for (const key of SITE_KEYS) {
    const k = key(url);
    if (k) return k;
  }
  const wiki = mediawikiPageKey(url);
  if (wiki) return url.hash.length > 1 ? mediawikiThreadKey(wiki, url.hash.slice(1)) : wiki;
  if (!isGenericUrl(url)) return null;
  // A fragment that names an id is a post inside a page (`#comment-123`): that post, not the page.
  if (url.hash.length > 1 && ID_PART.test(url.hash.slice(1))) return `pick:${normaliseGenericUrl(url)}${url.hash}`;
  return genericKey(url);
}

/** The title of a picked block: its heading, else its first line. */
export function pickedTitle(block: Element): string {
  const heading = block.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"]');
  const text = heading ? plainText(heading, 200) : '';
  return text || clip(blockText(block, 400), 120);
}

/**
 * The identity of a picked block on the page at `page`, given its quote; null when the page may
 * not name it (its key would be another host's).
 */
export function pickedIdentity(block: Element, page: URL, quote: string): PickedIdentity | null {
  const title = pickedTitle(block);
  const link = ownPermalink(block, page);
  const fromLink = link ? keyOfPermalink(link) : null;
  if (link && fromLink) {
    const thread = { key: fromLink, url: link.href };
    if (belongsToPage(thread, page)) return { ...thread, title };
  }
  if (page.protocol !== 'https:' && page.protocol !== 'http:') return null;
  // The page part keeps a query that names the page (`viewtopic.php?t=42`), not trackers or fragments.
  const base = normaliseGenericUrl(page);
  const thread = { key: `pick:${base}#${quoteHash(quote)}`, url: base };
  return belongsToPage(thread, page) ? { ...thread, title } : null;
}

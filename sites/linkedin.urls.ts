/**
 * LinkedIn URLs as pure functions: single posts `/feed/update/urn:li:activity:<id>/` (comment
 * permalinks add `commentUrn` / `dashCommentUrn`), share URLs `/posts/<slug>-activity-<id>-<x>`,
 * feeds and groups. A post's key is `linkedin:urn:li:activity:<id>` (PRODUCT.md §2).
 */
import type { UrlTable } from './url-examples';

/** Whether a host is LinkedIn's (www, the bare domain, country subdomains). */
export function isLinkedinHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'linkedin.com' || h.endsWith('.linkedin.com');
}

/** Whether this URL is a LinkedIn page. */
export function isLinkedinUrl(url: URL): boolean {
  return (url.protocol === 'https:' || url.protocol === 'http:') && isLinkedinHost(url.hostname);
}

const ACTIVITY = /urn(?::|%3A)li(?::|%3A)activity(?::|%3A)(\d{6,30})/i;
/** Group posts are `urn:li:groupPost:<group id>-<activity id>`: the same post as that activity. */
const GROUP_POST = /urn(?::|%3A)li(?::|%3A)groupPost(?::|%3A)\d{1,20}-(\d{6,30})/i;

/** The activity id in any text (URN, encoded URN, component key, group post URN), or null. */
export function activityIdIn(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = ACTIVITY.exec(text) ?? GROUP_POST.exec(text);
  return m ? m[1] : null;
}

/** The activity id a URL names as its own post (not a comment's parent in a query), or null. */
export function linkedinActivityId(url: URL): string | null {
  if (!isLinkedinUrl(url)) return null;
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    /* keep the raw path */
  }
  const update = /^\/feed\/update\/(urn:li:[a-zA-Z]+:[^/]+)\/?$/.exec(path);
  if (update) {
    const urn = update[1];
    // Aggregates name several activities; the first is the one shown.
    return activityIdIn(urn);
  }
  const share = /^\/posts\/[^/]*?[-_]activity-(\d{6,30})-[A-Za-z0-9_-]*\/?$/.exec(path);
  if (share) return share[1];
  return null;
}

/** The key of an activity id. */
export function linkedinKey(id: string): string {
  return `linkedin:urn:li:activity:${id}`;
}

/** The canonical single-post URL of an activity. */
export function linkedinPostUrl(id: string): string {
  return `https://www.linkedin.com/feed/update/urn:li:activity:${id}/`;
}

/** `linkedin:urn:li:activity:<id>` for a single-post URL, else null. */
export function linkedinPageKey(url: URL): string | null {
  const id = linkedinActivityId(url);
  return id ? linkedinKey(id) : null;
}

/** The canonical single-post URL for a single-post URL, else null. */
export function linkedinPageUrl(url: URL): string | null {
  const id = linkedinActivityId(url);
  return id ? linkedinPostUrl(id) : null;
}

/** Real-form LinkedIn URLs and the keys they must give. */
export const linkedinUrls: UrlTable = {
  site: 'linkedin',
  pageKey: linkedinPageKey,
  pageUrl: linkedinPageUrl,
  examples: [
    {
      url: 'https://www.linkedin.com/feed/update/urn:li:activity:7415738731510468608/',
      matches: true,
      pageKey: 'linkedin:urn:li:activity:7415738731510468608',
      pageUrl: 'https://www.linkedin.com/feed/update/urn:li:activity:7415738731510468608/',
    },
    {
      url: 'https://www.linkedin.com/feed/update/urn:li:activity:7415738731510468608?utm_source=share&utm_medium=member_desktop&rcm=ACoAAB',
      matches: true,
      pageKey: 'linkedin:urn:li:activity:7415738731510468608',
    },
    {
      url: 'https://www.linkedin.com/feed/update/urn:li:activity:7415738731510468608/?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A7415738731510468608%2C7415800000000000000%29&dashCommentUrn=urn%3Ali%3Afsd_comment%3A%287415800000000000000%2Curn%3Ali%3Aactivity%3A7415738731510468608%29',
      matches: true,
      pageKey: 'linkedin:urn:li:activity:7415738731510468608',
    },
    {
      url: 'https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7415738731510468608/',
      matches: true,
      pageKey: 'linkedin:urn:li:activity:7415738731510468608',
    },
    {
      url: 'https://www.linkedin.com/posts/ada-lovelace_baking-ovens-activity-7415738731510468608-Xq2B?utm_source=share',
      matches: true,
      pageKey: 'linkedin:urn:li:activity:7415738731510468608',
      pageUrl: 'https://www.linkedin.com/feed/update/urn:li:activity:7415738731510468608/',
    },
    {
      url: 'https://de.linkedin.com/posts/ada-lovelace_activity-7415738731510468608-Xq2B',
      matches: true,
      pageKey: 'linkedin:urn:li:activity:7415738731510468608',
    },
    {
      url: 'https://www.linkedin.com/feed/update/urn:li:groupPost:9876543-7415738731510468608/',
      matches: true,
      pageKey: 'linkedin:urn:li:activity:7415738731510468608',
    },
    { url: 'https://www.linkedin.com/feed/', matches: true, pageKey: null, pageUrl: null },
    { url: 'https://www.linkedin.com/groups/9876543/', matches: true, pageKey: null },
    { url: 'https://www.linkedin.com/groups/9876543/?highlightedUpdateUrn=urn%3Ali%3AgroupPost%3A9876543-7415', matches: true, pageKey: null },
    { url: 'https://www.linkedin.com/in/ada-lovelace/recent-activity/all/', matches: true, pageKey: null },
    { url: 'https://www.linkedin.com/feed/update/urn:li:ugcPost:7415738731000000000/', matches: true, pageKey: null },
    { url: 'https://www.linkedin.com.evil.example/feed/update/urn:li:activity:7415738731510468608/', matches: false, pageKey: null },
    { url: 'https://github.com/linkedin/rest.li/discussions/9', matches: false, pageKey: null },
  ],
};

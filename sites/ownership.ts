/**
 * A page only ever names its own discussions. Keys of sites whose discussions live on many hosts
 * (MediaWiki, Discourse, Confluence, GitLab, Jira, any page) carry their host, read from the page's URL or from
 * its markup: a canonical link, a topic link, a JSON-LD posting. A hostile page could point those
 * at another host, and so get a badge for someone else's discussion (whose size it can measure:
 * rated or not, how long its text is) and a side panel that edits it. The registry keeps only the
 * threads that pass `belongsToPage`.
 */
import { isWebUrl } from '../storage/web-url';
import type { FoundThread } from './types';
import { normaliseWikiHost } from './mediawiki.urls';

/** Keys that name their host: `<site>:<host>/…`, or `generic:` / `pick:<scheme>://<host>/…`. */
const HOST_KEYED = /^(?:mediawiki|discourse|confluence|gitlab|jira|generic|pick):/;

/**
 * The host a thread key names (lower case, with a port when not the default one); undefined
 * when the site's keys name none (Yammer, LinkedIn, GitHub); '' when the key should name one
 * and does not.
 */
export function hostOfKey(key: string): string | undefined {
  if (!HOST_KEYED.test(key)) return undefined;
  return /^\w+:(?:https?:\/\/)?([^/]*)\//.exec(key)?.[1] ?? '';
}

/** Whether a thread found on the page at `page` is that page's: its key's host and a web permalink. */
export function belongsToPage(thread: Pick<FoundThread, 'key' | 'url'>, page: URL): boolean {
  if (!isWebUrl(thread.url)) return false;
  const host = hostOfKey(thread.key);
  if (host === undefined) return true;
  // MediaWiki keys name the desktop host of a mobile page (en.m.wikipedia.org → en.wikipedia.org).
  return host !== '' && (host === page.host.toLowerCase() || host === normaliseWikiHost(page.host));
}

/**
 * Confluence URLs as pure functions: Cloud `<site>.atlassian.net/wiki/spaces/<KEY>/pages/<id>/…`
 * and Server / Data Center `/pages/viewpage.action?pageId=<id>` (optionally under a context
 * path such as `/confluence`). `/display/<KEY>/<Title>` and Cloud tiny links `/wiki/x/<tiny>`
 * name a page without its id: the page's `ajs-page-id` gives it then. Keys:
 * `confluence:<host>/<pageId>` for the page, `#comment-<id>` / `#inline-<ref>` for its threads.
 */
import type { UrlTable } from './url-examples';

/** Hosts whose `/display/` or `/pages/` paths are never Confluence. */
const OTHER_SITE_HOSTS = /(^|\.)(github\.com|linkedin\.com|yammer\.com|engage\.cloud\.microsoft|wikipedia\.org|wikimedia\.org|mediawiki\.org)$/;

/** Whether a host is Confluence Cloud's. */
export function isAtlassianCloudHost(host: string): boolean {
  return /(^|\.)atlassian\.net$/.test(host.toLowerCase().replace(/\.$/, ''));
}

const CLOUD_PATH = /^\/wiki(?:\/|$)/;
const SERVER_PATH = /^(?:\/[^/]+)?\/(?:display\/[^/]+|pages\/[a-z]+\.action|spaces\/[^/]+\/pages\/\d+)(?:\/|$)/i;

/** Whether this URL may be a Confluence page (Cloud by host and path; Server by path shape). */
export function isConfluenceUrl(url: URL): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase();
  if (isAtlassianCloudHost(host)) return CLOUD_PATH.test(url.pathname);
  if (OTHER_SITE_HOSTS.test(host)) return false;
  return SERVER_PATH.test(url.pathname);
}

/** The page id a URL names, or null (`/display/…` and tiny links name none). */
export function confluencePageIdFromUrl(url: URL): string | null {
  if (!isConfluenceUrl(url)) return null;
  const cloud = /\/spaces\/[^/]+\/pages\/(?:edit-v2\/|edit\/)?(\d{1,20})(?:\/|$)/.exec(url.pathname);
  if (cloud) return cloud[1];
  const pageId = url.searchParams.get('pageId');
  return pageId && /^\d{1,20}$/.test(pageId) ? pageId : null;
}

/** `confluence:<host>/<pageId>`: the page's own key and the prefix of its threads' keys. */
export function confluencePageKeyOf(host: string, pageId: string): string {
  return `confluence:${host.toLowerCase()}/${pageId}`;
}

/** The page key a URL gives alone, or null. */
export function confluencePageKey(url: URL): string | null {
  const id = confluencePageIdFromUrl(url);
  return id ? confluencePageKeyOf(url.host, id) : null;
}

/** The page URL without query (except the page id) and fragment. */
export function confluencePageUrl(url: URL): string | null {
  if (!isConfluenceUrl(url)) return null;
  const id = url.searchParams.get('pageId');
  return `${url.origin}${url.pathname}${id && /^\d+$/.test(id) ? `?pageId=${id}` : ''}`;
}

/** Real-form Confluence URLs and the keys they must give. */
export const confluenceUrls: UrlTable = {
  site: 'confluence',
  pageKey: confluencePageKey,
  pageUrl: confluencePageUrl,
  examples: [
    {
      url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/3290791937/Release+planning+2026',
      matches: true,
      pageKey: 'confluence:acme.atlassian.net/3290791937',
      pageUrl: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/3290791937/Release+planning+2026',
    },
    {
      url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/3290791937/Release+planning+2026?focusedCommentId=3291000011#comment-3291000011',
      matches: true,
      pageKey: 'confluence:acme.atlassian.net/3290791937',
      pageUrl: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/3290791937/Release+planning+2026',
    },
    {
      url: 'https://acme.atlassian.net/wiki/spaces/~5b1234/pages/edit-v2/3290791937',
      matches: true,
      pageKey: 'confluence:acme.atlassian.net/3290791937',
    },
    { url: 'https://acme.atlassian.net/wiki/x/AYBGxA', matches: true, pageKey: null },
    { url: 'https://acme.atlassian.net/wiki/spaces/ENG/overview', matches: true, pageKey: null },
    {
      url: 'https://confluence.corp.example/pages/viewpage.action?pageId=98310&utm_source=mail',
      matches: true,
      pageKey: 'confluence:confluence.corp.example/98310',
      pageUrl: 'https://confluence.corp.example/pages/viewpage.action?pageId=98310',
    },
    {
      url: 'https://intranet.corp.example/confluence/pages/viewpage.action?pageId=98310#comment-99001',
      matches: true,
      pageKey: 'confluence:intranet.corp.example/98310',
    },
    { url: 'https://confluence.corp.example/display/ENG/Release+planning', matches: true, pageKey: null },
    { url: 'https://intranet.corp.example/confluence/display/ENG/Release+planning?focusedCommentId=99001', matches: true, pageKey: null },
    // Jira shares the Cloud host but not the /wiki path.
    { url: 'https://acme.atlassian.net/browse/ENG-42', matches: false, pageKey: null },
    { url: 'https://github.com/acme/display/pages/1', matches: false, pageKey: null },
    { url: 'https://www.example.com/blog/2024/post', matches: false, pageKey: null },
  ],
};

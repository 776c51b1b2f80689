/**
 * GitHub Issues and pull request URLs as pure functions: single issues `/<owner>/<repo>/issues/<n>`,
 * pull requests `/<owner>/<repo>/pull/<n>` with their tabs (`/files`, `/commits`, `/checks`,
 * `/changes`), and the list views (`/<owner>/<repo>/issues`, `/pulls`, labels and milestones, the
 * global `/issues` and `/pulls`, `/search?type=issues|pullrequests`). Keys:
 * `github:<owner>/<repo>/issues/<n>` and `github:<owner>/<repo>/pull/<n>`, lower-cased (GitHub
 * names are not case-sensitive); tabs, anchors and queries never change them.
 */
import { isGithubHost } from './github.urls';
import type { UrlTable } from './url-examples';

const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})';
const ITEM = new RegExp(`^/(${NAME})/(${NAME})/(issues|pull)/(\\d{1,9})(?:/(?:files|commits|checks|changes)(?:/[^/]*)?)?/?$`);
const REPO_LIST = new RegExp(`^/${NAME}/${NAME}/(?:issues|pulls)(?:/(?:created_by|assigned|mentioned|review-requested)/[^/]+)?/?$|^/${NAME}/${NAME}/(?:labels/[^/]+|milestone/\\d+)/?$`);

/** `owner/repo/issues/n` or `owner/repo/pull/n` (lower-cased) that a path names, or null. */
export function githubItemPath(url: URL): string | null {
  if (url.protocol !== 'https:' || !isGithubHost(url.hostname)) return null;
  const m = ITEM.exec(url.pathname);
  return m && m[1] !== 'orgs' ? `${m[1]}/${m[2]}`.toLowerCase() + `/${m[3]}/${m[4]}` : null;
}

/** Whether this URL is a GitHub issue, pull request or a list of them. */
export function isGithubIssuesUrl(url: URL): boolean {
  if (url.protocol !== 'https:' || !isGithubHost(url.hostname)) return false;
  const p = url.pathname;
  if (githubItemPath(url)) return true;
  if (/^\/(?:issues|pulls)(?:\/[a-z-]{1,30})?\/?$/.test(p)) return true;
  if (p === '/search') return /^(?:issues|pullrequests)$/i.test(url.searchParams.get('type') ?? '');
  return REPO_LIST.test(p) && !/^\/orgs\//.test(p);
}

/** The key of a single issue or pull request URL, else null. */
export function githubItemKey(url: URL): string | null {
  const path = githubItemPath(url);
  return path ? `github:${path}` : null;
}

/** The conversation's canonical URL (as the page spells its names; no tab, query or fragment). */
export function githubItemUrl(url: URL): string | null {
  const m = githubItemPath(url) && ITEM.exec(url.pathname);
  return m ? `https://github.com/${m[1]}/${m[2]}/${m[3]}/${m[4]}` : null;
}

/** Real-form GitHub issue and pull request URLs and the keys they must give. */
export const githubIssuesUrls: UrlTable = {
  site: 'github',
  pageKey: githubItemKey,
  pageUrl: githubItemUrl,
  examples: [
    {
      url: 'https://github.com/Acme-Bakery/Oven-Controller/issues/128#issuecomment-2571234567',
      matches: true,
      pageKey: 'github:acme-bakery/oven-controller/issues/128',
      pageUrl: 'https://github.com/Acme-Bakery/Oven-Controller/issues/128',
    },
    { url: 'https://github.com/wxt-dev/wxt/issues/42?utm_source=chat', matches: true, pageKey: 'github:wxt-dev/wxt/issues/42' },
    { url: 'https://github.com/wxt-dev/wxt/pull/1337', matches: true, pageKey: 'github:wxt-dev/wxt/pull/1337', pageUrl: 'https://github.com/wxt-dev/wxt/pull/1337' },
    { url: 'https://github.com/wxt-dev/wxt/pull/1337/files', matches: true, pageKey: 'github:wxt-dev/wxt/pull/1337', pageUrl: 'https://github.com/wxt-dev/wxt/pull/1337' },
    { url: 'https://github.com/wxt-dev/wxt/pull/1337/files#diff-3a5b9c', matches: true, pageKey: 'github:wxt-dev/wxt/pull/1337' },
    { url: 'https://github.com/wxt-dev/wxt/pull/1337/commits', matches: true, pageKey: 'github:wxt-dev/wxt/pull/1337' },
    { url: 'https://github.com/wxt-dev/wxt/pull/1337/commits/9f8e7d6c5b4a', matches: true, pageKey: 'github:wxt-dev/wxt/pull/1337' },
    { url: 'https://github.com/wxt-dev/wxt/pull/1337/checks?check_run_id=1', matches: true, pageKey: 'github:wxt-dev/wxt/pull/1337' },
    { url: 'https://github.com/wxt-dev/wxt/pull/1337#discussion_r1500000001', matches: true, pageKey: 'github:wxt-dev/wxt/pull/1337' },
    { url: 'https://github.com/wxt-dev/wxt/issues', matches: true, pageKey: null, pageUrl: null },
    { url: 'https://github.com/wxt-dev/wxt/issues?q=is%3Aissue+is%3Aopen+label%3Abug', matches: true, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/pulls?q=is%3Apr+is%3Aopen', matches: true, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/labels/bug', matches: true, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/milestone/3', matches: true, pageKey: null },
    { url: 'https://github.com/issues/assigned', matches: true, pageKey: null },
    { url: 'https://github.com/pulls', matches: true, pageKey: null },
    { url: 'https://github.com/search?q=oven+thermostat&type=issues', matches: true, pageKey: null },
    { url: 'https://github.com/search?q=oven&type=pullrequests&s=updated', matches: true, pageKey: null },
    { url: 'https://github.com/search?q=oven&type=repositories', matches: false, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/issues/new', matches: false, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/issues/new/choose', matches: false, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/pull/new/feature-branch', matches: false, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/compare/main...feature', matches: false, pageKey: null },
    { url: 'https://github.com/orgs/wxt-dev/projects/3', matches: false, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/projects/1', matches: false, pageKey: null },
    { url: 'http://github.com/wxt-dev/wxt/issues/42', matches: false, pageKey: null },
    { url: 'https://gitlab.com/acme/oven/-/issues/42', matches: false, pageKey: null },
  ],
};

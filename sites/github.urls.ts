/**
 * GitHub Discussions URLs as pure functions: lists `/<owner>/<repo>/discussions[/categories/…]`,
 * single discussions `/<owner>/<repo>/discussions/<number>` and organisation discussions
 * `/orgs/<org>/discussions/<number>`. Keys: `github:<owner>/<repo>/discussions/<number>`
 * (`github:orgs/<org>/discussions/<number>`), lower-cased because GitHub names are not
 * case-sensitive; comment anchors (`#discussioncomment-…`) and queries never change them.
 */
import type { UrlTable } from './url-examples';

const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})';
const SINGLE = new RegExp(`^/(?:(orgs)/(${NAME})|(${NAME})/(${NAME}))/discussions/(\\d{1,9})/?$`);
const LIST = new RegExp(`^/(?:orgs/${NAME}|${NAME}/${NAME})/discussions(?:/categories/[^/]+|/)?$`);

/** Whether a host is github.com. */
export function isGithubHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'github.com' || h === 'www.github.com';
}

/** The discussion a URL names as `owner/repo/discussions/n` (or `orgs/org/discussions/n`), or null. */
export function githubDiscussionPath(url: URL): string | null {
  if (url.protocol !== 'https:' || !isGithubHost(url.hostname)) return null;
  const m = SINGLE.exec(url.pathname);
  if (!m) return null;
  const owner = m[1] ? `orgs/${m[2]}` : `${m[3]}/${m[4]}`;
  return `${owner.toLowerCase()}/discussions/${m[5]}`;
}

/** Whether this URL is a GitHub Discussions list or discussion. */
export function isGithubDiscussionsUrl(url: URL): boolean {
  if (url.protocol !== 'https:' || !isGithubHost(url.hostname)) return false;
  return SINGLE.test(url.pathname) || LIST.test(url.pathname);
}

/** The key of a discussion path. */
export function githubKey(path: string): string {
  return `github:${path}`;
}

/** `github:<owner>/<repo>/discussions/<n>` for a single discussion URL, else null. */
export function githubPageKey(url: URL): string | null {
  const path = githubDiscussionPath(url);
  return path ? githubKey(path) : null;
}

/** The discussion's canonical URL (as the page spells its names, without query or fragment). */
export function githubPageUrl(url: URL): string | null {
  if (!githubDiscussionPath(url)) return null;
  return `https://github.com${url.pathname.replace(/\/$/, '')}`;
}

/** Real-form GitHub Discussions URLs and the keys they must give. */
export const githubUrls: UrlTable = {
  site: 'github',
  pageKey: githubPageKey,
  pageUrl: githubPageUrl,
  examples: [
    {
      url: 'https://github.com/wxt-dev/wxt/discussions/42',
      matches: true,
      pageKey: 'github:wxt-dev/wxt/discussions/42',
      pageUrl: 'https://github.com/wxt-dev/wxt/discussions/42',
    },
    {
      url: 'https://github.com/Acme-Corp/Oven.Controller/discussions/1337?sort=top#discussioncomment-8812345',
      matches: true,
      pageKey: 'github:acme-corp/oven.controller/discussions/1337',
      pageUrl: 'https://github.com/Acme-Corp/Oven.Controller/discussions/1337',
    },
    {
      url: 'https://github.com/orgs/community/discussions/63142',
      matches: true,
      pageKey: 'github:orgs/community/discussions/63142',
    },
    { url: 'https://github.com/wxt-dev/wxt/discussions', matches: true, pageKey: null, pageUrl: null },
    { url: 'https://github.com/wxt-dev/wxt/discussions/categories/q-a', matches: true, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/discussions?discussions_q=is%3Aunanswered', matches: true, pageKey: null },
    { url: 'https://github.com/orgs/community/discussions', matches: true, pageKey: null },
    // Issues are the same adapter's (sites/github-issues.urls.ts), but no discussion.
    { url: 'https://github.com/wxt-dev/wxt/issues/42', matches: true, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/discussions/new?category=ideas', matches: false, pageKey: null },
    { url: 'https://github.com/wxt-dev/wxt/wiki/Home', matches: false, pageKey: null },
    { url: 'https://gitlab.com/acme/oven/discussions/42', matches: false, pageKey: null },
  ],
};

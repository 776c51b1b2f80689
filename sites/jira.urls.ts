/**
 * Jira URLs as pure functions. Jira Cloud (`<site>.atlassian.net`, which it shares with Confluence
 * Cloud under `/wiki/`): the issue page `/browse/<KEY-n>`, and boards, lists, backlogs and issue
 * searches under `/jira/…` or `/issues/` whose issue panel is named by `?selectedIssue=<KEY-n>`.
 * Jira Data Center (any host, optionally under a context path such as `/jira`): `/browse/<KEY-n>`,
 * the issue navigator's split view `/projects/<P>/issues/<KEY-n>`, and boards
 * `/secure/RapidBoard.jspa?…&selectedIssue=<KEY-n>`. Key: `jira:<host>/<KEY-n>` (the key in upper
 * case, as Jira writes it): the board panel and the full page are the same discussion.
 */
import { isAtlassianCloudHost } from './confluence.urls';
import type { UrlTable } from './url-examples';

const ISSUE = '([A-Za-z][A-Za-z0-9_]{0,49}-\\d{1,9})';
const PAGE = new RegExp(`^(/[^/]+)?/(?:browse|projects/[A-Za-z][A-Za-z0-9_]{0,49}/issues)/${ISSUE}/?$`);
const CLOUD_APP = /^\/(?:jira(?:\/|$)|issues\/?$|browse\/)/;
const DC_PANEL = /^(?:\/[^/]+)?\/(?:secure\/RapidBoard\.jspa|issues\/?)$/;
const OTHER_SITE_HOSTS = /(^|\.)(github\.com|gitlab\.com|linkedin\.com|yammer\.com|engage\.cloud\.microsoft|wikipedia\.org|wikimedia\.org|mediawiki\.org)$/i;

/** A well-formed issue key in upper case, or null. */
export function issueKeyOf(text: string | null | undefined): string | null {
  const m = new RegExp(`^${ISSUE}$`).exec((text ?? '').trim());
  return m ? m[1].toUpperCase() : null;
}

/** Whether Jira may run at this URL (Cloud by host and path; Data Center by path shape). */
export function isJiraUrl(url: URL): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase();
  if (isAtlassianCloudHost(host)) return CLOUD_APP.test(url.pathname) && !!(PAGE.test(url.pathname) || !url.pathname.startsWith('/browse/'));
  if (OTHER_SITE_HOSTS.test(host)) return false;
  return PAGE.test(url.pathname) || (DC_PANEL.test(url.pathname) && issueKeyOf(url.searchParams.get('selectedIssue')) !== null);
}

/** The issue a URL shows: the page's own (`/browse/KEY-n`) or the open panel's (`selectedIssue`). */
export function jiraIssueFromUrl(url: URL): string | null {
  if (!isJiraUrl(url)) return null;
  return issueKeyOf(PAGE.exec(url.pathname)?.[2]) ?? issueKeyOf(url.searchParams.get('selectedIssue'));
}

/** `jira:<host>/<KEY-n>`. */
export function jiraKeyOf(url: URL, issue: string): string {
  return `jira:${url.host.toLowerCase()}/${issue}`;
}

/** The key a URL gives alone, or null. */
export function jiraPageKey(url: URL): string | null {
  const issue = jiraIssueFromUrl(url);
  return issue ? jiraKeyOf(url, issue) : null;
}

/** The issue's own page: `<origin>[<context path>]/browse/<KEY-n>`. */
export function jiraIssueUrl(url: URL, issue: string): string {
  const context = PAGE.exec(url.pathname)?.[1] ?? /^(\/[^/]+)\/(?:secure|issues)\//.exec(url.pathname)?.[1] ?? '';
  return `${url.origin}${context === '/projects' ? '' : context}/browse/${issue}`;
}

/** The canonical URL of the issue a URL shows, or null. */
export function jiraPageUrl(url: URL): string | null {
  const issue = jiraIssueFromUrl(url);
  return issue ? jiraIssueUrl(url, issue) : null;
}

/** Real-form Jira URLs and the keys they must give. */
export const jiraUrls: UrlTable = {
  site: 'jira',
  pageKey: jiraPageKey,
  pageUrl: jiraPageUrl,
  examples: [
    {
      url: 'https://acme.atlassian.net/browse/ENG-42',
      matches: true,
      pageKey: 'jira:acme.atlassian.net/ENG-42',
      pageUrl: 'https://acme.atlassian.net/browse/ENG-42',
    },
    {
      url: 'https://acme.atlassian.net/browse/ENG-42?focusedCommentId=10234&atlOrigin=eyJpIjoi',
      matches: true,
      pageKey: 'jira:acme.atlassian.net/ENG-42',
      pageUrl: 'https://acme.atlassian.net/browse/ENG-42',
    },
    {
      url: 'https://acme.atlassian.net/jira/software/projects/ENG/boards/12?selectedIssue=ENG-42',
      matches: true,
      pageKey: 'jira:acme.atlassian.net/ENG-42',
      pageUrl: 'https://acme.atlassian.net/browse/ENG-42',
    },
    { url: 'https://acme.atlassian.net/jira/software/c/projects/ENG/list?selectedIssue=ENG-7&sortBy=rank', matches: true, pageKey: 'jira:acme.atlassian.net/ENG-7' },
    { url: 'https://acme.atlassian.net/issues/?jql=project%20%3D%20ENG&selectedIssue=ENG-42', matches: true, pageKey: 'jira:acme.atlassian.net/ENG-42' },
    { url: 'https://acme.atlassian.net/jira/software/projects/ENG/boards/12', matches: true, pageKey: null, pageUrl: null },
    { url: 'https://acme.atlassian.net/jira/your-work', matches: true, pageKey: null },
    { url: 'https://acme.atlassian.net/jira/software/projects/ENG/boards/12?selectedIssue=not-a-key', matches: true, pageKey: null },
    {
      url: 'https://jira.corp.example/browse/OPS-1234',
      matches: true,
      pageKey: 'jira:jira.corp.example/OPS-1234',
      pageUrl: 'https://jira.corp.example/browse/OPS-1234',
    },
    {
      url: 'https://intranet.corp.example/jira/browse/ops-1234#comment-55',
      matches: true,
      pageKey: 'jira:intranet.corp.example/OPS-1234',
      pageUrl: 'https://intranet.corp.example/jira/browse/OPS-1234',
    },
    {
      url: 'https://jira.corp.example/secure/RapidBoard.jspa?rapidView=3&selectedIssue=OPS-77',
      matches: true,
      pageKey: 'jira:jira.corp.example/OPS-77',
      pageUrl: 'https://jira.corp.example/browse/OPS-77',
    },
    { url: 'https://jira.corp.example/projects/OPS/issues/OPS-77?filter=allopenissues', matches: true, pageKey: 'jira:jira.corp.example/OPS-77', pageUrl: 'https://jira.corp.example/browse/OPS-77' },
    // Confluence Cloud shares the host under /wiki/.
    { url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/3290791937/Release+planning', matches: false, pageKey: null },
    { url: 'https://acme.atlassian.net/browse/not-a-key', matches: false, pageKey: null },
    { url: 'https://jira.corp.example/secure/RapidBoard.jspa?rapidView=3', matches: false, pageKey: null },
    { url: 'https://jira.corp.example/secure/Dashboard.jspa', matches: false, pageKey: null },
    { url: 'https://github.com/acme/oven/browse/ENG-42', matches: false, pageKey: null },
  ],
};

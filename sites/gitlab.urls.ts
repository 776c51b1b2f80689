/**
 * GitLab URLs as pure functions, on gitlab.com and self-hosted GitLab: issues
 * `/<namespace>/<project>/-/issues/<iid>`, merge requests `/-/merge_requests/<iid>` with their tabs
 * (`/diffs`, `/commits`, `/pipelines`), group epics `/groups/<group>/-/epics/<iid>`, and the lists
 * of each. Paths without `/-/` are the legacy form GitLab still redirects; they are claimed on
 * gitlab.com only (elsewhere `/<a>/<b>/issues/<n>` is just as likely another site's). Keys:
 * `gitlab:<host>/<namespace>/<project>/-/issues/<iid>` (`merge_requests`), and
 * `gitlab:<host>/groups/<group>/-/epics/<iid>`; paths lower-cased, tabs, anchors and queries
 * never change them.
 */
import type { UrlTable } from './url-examples';

const SEG = '[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}';
const PROJECT = `(?!groups/)((?:${SEG}/)+${SEG})`;
const TAB = '(?:/(?:diffs|commits|pipelines|designs)(?:/[^/]*)?)?/?$';
const ITEM = new RegExp(`^/${PROJECT}/-/(issues|merge_requests)/(\\d{1,9})${TAB}`);
const LEGACY = new RegExp(`^/${PROJECT}/(issues|merge_requests)/(\\d{1,9})${TAB}`);
const EPIC = new RegExp(`^/groups/((?:${SEG}/)*${SEG})/-/(epics)/(\\d{1,9})/?$`);
const LIST = new RegExp(`^/(?:groups/)?(?:${SEG}/)*${SEG}/-/(?:issues|merge_requests|epics)/?$|^/dashboard/(?:issues|merge_requests)/?$`);

const web = (url: URL) => url.protocol === 'https:' || url.protocol === 'http:';
const isGitlabCom = (url: URL) => /^(?:www\.)?gitlab\.com$/i.test(url.hostname.replace(/\.$/, ''));

/** `<path>/-/<kind>/<iid>` that a URL names (as the URL spells it), on any host; null otherwise. */
function itemOf(url: URL): string | null {
  if (!web(url) || /(^|\.)github\.com$/i.test(url.hostname)) return null;
  const m = ITEM.exec(url.pathname) ?? EPIC.exec(url.pathname) ?? LEGACY.exec(url.pathname);
  return m ? `${m[2] === 'epics' ? 'groups/' : ''}${m[1]}/-/${m[2]}/${m[3]}` : null;
}

/** `<path>/-/<kind>/<iid>` (lower-cased) that a URL names, on any host; null otherwise. */
export function gitlabItemPath(url: URL): string | null {
  return itemOf(url)?.toLowerCase() ?? null;
}

/** Whether GitLab may run at this URL: any GitLab shape on gitlab.com, the `/-/` shapes elsewhere. */
export function isGitlabUrl(url: URL): boolean {
  if (!web(url) || /(^|\.)github\.com$/i.test(url.hostname)) return false;
  const p = url.pathname;
  return ITEM.test(p) || EPIC.test(p) || LIST.test(p) || (isGitlabCom(url) && LEGACY.test(p));
}

/** The key of the item a path names on this host (`gitlab:<host>/<path>`). */
export function gitlabKeyOf(url: URL, path: string): string {
  return `gitlab:${url.host.toLowerCase()}/${path}`;
}

/** The key of a GitLab issue, merge request or epic URL, else null. */
export function gitlabItemKey(url: URL): string | null {
  const path = gitlabItemPath(url);
  return path ? gitlabKeyOf(url, path) : null;
}

/** The item's canonical URL: the `/-/` form, without tab, query or fragment. */
export function gitlabItemUrl(url: URL): string | null {
  const item = itemOf(url);
  return item ? `${url.origin}/${item}` : null;
}

/** Real-form GitLab URLs and the keys they must give. */
export const gitlabUrls: UrlTable = {
  site: 'gitlab',
  pageKey: gitlabItemKey,
  pageUrl: gitlabItemUrl,
  examples: [
    {
      url: 'https://gitlab.com/gitlab-org/gitlab/-/issues/387651#note_1234567890',
      matches: true,
      pageKey: 'gitlab:gitlab.com/gitlab-org/gitlab/-/issues/387651',
      pageUrl: 'https://gitlab.com/gitlab-org/gitlab/-/issues/387651',
    },
    {
      url: 'https://gitlab.com/Acme/Bakery/Oven-Firmware/-/merge_requests/77/diffs?commit_id=ab12#note_55',
      matches: true,
      pageKey: 'gitlab:gitlab.com/acme/bakery/oven-firmware/-/merge_requests/77',
      pageUrl: 'https://gitlab.com/Acme/Bakery/Oven-Firmware/-/merge_requests/77',
    },
    { url: 'https://gitlab.com/acme/oven/-/merge_requests/77/commits', matches: true, pageKey: 'gitlab:gitlab.com/acme/oven/-/merge_requests/77' },
    { url: 'https://gitlab.com/acme/oven/-/merge_requests/77/pipelines', matches: true, pageKey: 'gitlab:gitlab.com/acme/oven/-/merge_requests/77' },
    {
      url: 'https://gitlab.com/groups/acme/bakery/-/epics/12',
      matches: true,
      pageKey: 'gitlab:gitlab.com/groups/acme/bakery/-/epics/12',
      pageUrl: 'https://gitlab.com/groups/acme/bakery/-/epics/12',
    },
    // Legacy paths without `/-/`: GitLab redirects them; the key is the same.
    { url: 'https://gitlab.com/acme/oven/issues/5', matches: true, pageKey: 'gitlab:gitlab.com/acme/oven/-/issues/5', pageUrl: 'https://gitlab.com/acme/oven/-/issues/5' },
    { url: 'https://gitlab.com/acme/oven/merge_requests/77', matches: true, pageKey: 'gitlab:gitlab.com/acme/oven/-/merge_requests/77' },
    {
      url: 'https://git.corp.example:8443/platform/ovens/-/issues/5?utm_source=mail',
      matches: true,
      pageKey: 'gitlab:git.corp.example:8443/platform/ovens/-/issues/5',
      pageUrl: 'https://git.corp.example:8443/platform/ovens/-/issues/5',
    },
    { url: 'https://gitlab.com/acme/oven/-/issues', matches: true, pageKey: null, pageUrl: null },
    { url: 'https://gitlab.com/acme/oven/-/issues/?sort=updated_desc&state=opened&label_name[]=bug', matches: true, pageKey: null },
    { url: 'https://gitlab.com/acme/oven/-/merge_requests?scope=all&state=merged', matches: true, pageKey: null },
    { url: 'https://gitlab.com/groups/acme/-/epics', matches: true, pageKey: null },
    { url: 'https://gitlab.com/groups/acme/-/issues', matches: true, pageKey: null },
    { url: 'https://gitlab.com/dashboard/merge_requests?assignee_username=ada', matches: true, pageKey: null },
    { url: 'https://git.corp.example/platform/ovens/-/merge_requests', matches: true, pageKey: null },
    { url: 'https://gitlab.com/acme/oven/-/issues/new', matches: false, pageKey: null },
    { url: 'https://gitlab.com/acme/oven/-/merge_requests/new?merge_request[source_branch]=x', matches: false, pageKey: null },
    { url: 'https://gitlab.com/acme/oven/-/boards', matches: false, pageKey: null },
    { url: 'https://gitlab.com/acme/oven/-/milestones/3', matches: false, pageKey: null },
    { url: 'https://gitlab.com/acme/oven', matches: false, pageKey: null },
    // The legacy shape on another host is not GitLab's (this one is GitHub's).
    { url: 'https://git.corp.example/platform/ovens/issues/5', matches: false },
    { url: 'https://github.com/acme/oven/-/issues/5', matches: false, pageKey: null },
  ],
};

/**
 * Discourse URLs as pure functions: topics `/t/<slug>/<id>[/<post number>]` (also `/t/<id>` and
 * under a subfolder install such as `/forum/t/…`) and topic lists (`/latest`, `/top`, `/new`,
 * `/c/<category>/<id>`, `/tag/<tag>`). A topic's key is `discourse:<host>[/<subfolder>]/t/<id>`
 * whatever slug, post number, query or fragment the URL carries.
 */
import type { UrlTable } from './url-examples';

/** Hosts of other supported sites: never Discourse, whatever their paths look like. */
const OTHER_SITE_HOSTS =
  /(^|\.)(github\.com|linkedin\.com|yammer\.com|engage\.cloud\.microsoft|atlassian\.net|wikipedia\.org|wikimedia\.org|mediawiki\.org)$/;

const TOPIC = /^((?:\/[^/]+)*?)\/t\/(?:([^/]+)\/)?(\d{1,12})(?:\/(\d{1,7}|last))?\/?$/;
const LIST = /^(?:\/[^/]+)?\/(?:latest|top|new|unread|hot|categories|c\/.+|tag\/.+|tags\/.+)\/?$/;

function httpHost(url: URL): boolean {
  return (url.protocol === 'https:' || url.protocol === 'http:') && !OTHER_SITE_HOSTS.test(url.hostname.toLowerCase());
}

/** The subfolder and topic id a topic URL names, or null. */
export function discourseTopic(url: URL): { base: string; id: string } | null {
  if (!httpHost(url)) return null;
  const m = TOPIC.exec(url.pathname);
  if (!m) return null;
  // `/t/<slug>` with a numeric slug and no id is ambiguous only in theory: Discourse puts the id last.
  return { base: m[1], id: m[3] };
}

/** Whether this URL may be a Discourse topic or topic list. */
export function isDiscourseUrl(url: URL): boolean {
  if (!httpHost(url)) return false;
  return TOPIC.test(url.pathname) || LIST.test(url.pathname);
}

/** The key of topic `id` on the forum at `host` + subfolder `base`. */
export function discourseKey(host: string, base: string, id: string): string {
  return `discourse:${host.toLowerCase()}${base}/t/${id}`;
}

/** `discourse:<host>/t/<id>` for a topic URL, else null. */
export function discoursePageKey(url: URL): string | null {
  const topic = discourseTopic(url);
  return topic ? discourseKey(url.host, topic.base, topic.id) : null;
}

/** The topic's canonical URL (`/t/<slug>/<id>`, no post number, query or fragment), else null. */
export function discoursePageUrl(url: URL): string | null {
  if (!httpHost(url)) return null;
  const m = TOPIC.exec(url.pathname);
  if (!m) return null;
  return `${url.origin}${m[1]}/t/${m[2] ? m[2] + '/' : ''}${m[3]}`;
}

/** Real-form Discourse URLs and the keys they must give. */
export const discourseUrls: UrlTable = {
  site: 'discourse',
  pageKey: discoursePageKey,
  pageUrl: discoursePageUrl,
  examples: [
    {
      url: 'https://forum.example.com/t/oven-temperature-for-sourdough/1234',
      matches: true,
      pageKey: 'discourse:forum.example.com/t/1234',
      pageUrl: 'https://forum.example.com/t/oven-temperature-for-sourdough/1234',
    },
    {
      url: 'https://forum.example.com/t/oven-temperature-for-sourdough/1234/17?u=ada',
      matches: true,
      pageKey: 'discourse:forum.example.com/t/1234',
      pageUrl: 'https://forum.example.com/t/oven-temperature-for-sourdough/1234',
    },
    { url: 'https://forum.example.com/t/1234', matches: true, pageKey: 'discourse:forum.example.com/t/1234' },
    {
      url: 'https://meta.discourse.org/t/discourse-solved/30155/last#post_99',
      matches: true,
      pageKey: 'discourse:meta.discourse.org/t/30155',
    },
    {
      url: 'https://community.corp.example/forum/t/expense-policy-question/88/3',
      matches: true,
      pageKey: 'discourse:community.corp.example/forum/t/88',
      pageUrl: 'https://community.corp.example/forum/t/expense-policy-question/88',
    },
    { url: 'https://forum.example.com/latest', matches: true, pageKey: null },
    { url: 'https://forum.example.com/c/support/5', matches: true, pageKey: null },
    { url: 'https://forum.example.com/top?period=weekly', matches: true, pageKey: null },
    { url: 'https://forum.example.com/tag/ovens', matches: true, pageKey: null },
    { url: 'https://forum.example.com/', matches: false, pageKey: null },
    { url: 'https://github.com/discourse/discourse/t/1', matches: false, pageKey: null },
    { url: 'https://www.example.com/blog/2024/post', matches: false, pageKey: null },
  ],
};

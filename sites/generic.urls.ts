/**
 * Any other page, as a pure function of its URL: `generic:<normalised URL>` keys a whole page
 * (the "Annotate this page" path) or a schema.org posting found on it. Normalised means: scheme
 * and host lower-cased, default port, fragment and tracking parameters dropped (PRODUCT.md §2).
 * The generic adapter never claims the pages of a site that has its own adapter.
 */
import { isConfluenceUrl } from './confluence.urls';
import { isDiscourseUrl } from './discourse.urls';
import { isGithubHost } from './github.urls';
import { isGitlabUrl } from './gitlab.urls';
import { isJiraUrl } from './jira.urls';
import { isLinkedinHost } from './linkedin.urls';
import { isMediawikiUrl } from './mediawiki.urls';
import type { UrlTable } from './url-examples';
import { isYammerHost } from './yammer.urls';

/** Query parameters that only track where a visitor came from. */
const TRACKING = /^(?:utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok|yclid|ref_src|trk|trkCampaign|si|spm|__twitter_impression)$/i;

/** The URL without fragment and tracking parameters, scheme and host lower-cased. */
export function normaliseGenericUrl(url: URL): string {
  const u = new URL(url.href);
  u.hash = '';
  const kept = [...u.searchParams].filter(([name]) => !TRACKING.test(name));
  u.search = kept.length ? '?' + new URLSearchParams(kept).toString() : '';
  return u.href;
}

/** Whether a URL belongs to a site that has its own adapter. */
function ownedByASite(url: URL): boolean {
  const host = url.hostname;
  return (
    isYammerHost(host) ||
    isLinkedinHost(host) ||
    isGithubHost(host) ||
    isMediawikiUrl(url) ||
    isConfluenceUrl(url) ||
    isDiscourseUrl(url) ||
    isGitlabUrl(url) ||
    isJiraUrl(url)
  );
}

/** Whether the generic adapter may apply to this URL: http(s) and no dedicated site's. */
export function isGenericUrl(url: URL): boolean {
  return (url.protocol === 'https:' || url.protocol === 'http:') && !ownedByASite(url);
}

/** `generic:<normalised URL>` for any http(s) URL; null for other schemes. */
export function genericKey(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return `generic:${normaliseGenericUrl(url)}`;
}

/** The page key for a URL the generic adapter applies to, else null. */
export function genericPageKey(url: URL): string | null {
  return isGenericUrl(url) ? genericKey(url) : null;
}

/** Real-form URLs of other pages and the keys they must give. */
export const genericUrls: UrlTable = {
  site: 'generic',
  pageKey: genericPageKey,
  examples: [
    {
      url: 'https://blog.example.com/2024/05/oven-thermostats?utm_source=newsletter&utm_medium=email#comments',
      matches: true,
      pageKey: 'generic:https://blog.example.com/2024/05/oven-thermostats',
    },
    {
      url: 'HTTPS://Support.Example.COM:443/questions/118?sort=votes&fbclid=IwAR0x',
      matches: true,
      pageKey: 'generic:https://support.example.com/questions/118?sort=votes',
    },
    {
      url: 'http://intranet.corp.example:8080/forum/viewtopic.php?t=42',
      matches: true,
      pageKey: 'generic:http://intranet.corp.example:8080/forum/viewtopic.php?t=42',
    },
    { url: 'https://github.com/wxt-dev/wxt/issues/1', matches: false, pageKey: null },
    { url: 'https://en.wikipedia.org/wiki/Cake', matches: false, pageKey: null },
    { url: 'https://forum.example.com/t/oven/1234', matches: false, pageKey: null },
    { url: 'file:///home/ada/notes.html', matches: false, pageKey: null },
  ],
};

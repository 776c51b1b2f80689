/**
 * Hosts whose pages get the content script from the manifest: the public sites Doneness knows.
 * Company domains (self-hosted MediaWiki, Confluence Server / Data Center, Discourse, any other
 * site) are added at run time through optional host permissions (services/shared/domains.ts), never
 * here, so the manifest asks for no broad host permission.
 */
export const contentHostPatterns = [
  // MediaWiki: Wikipedia and the other Wikimedia wikis.
  '*://*.wikipedia.org/*',
  '*://*.wikimedia.org/*',
  '*://*.mediawiki.org/*',
  // Viva Engage / Yammer.
  'https://engage.cloud.microsoft/*',
  'https://*.engage.cloud.microsoft/*',
  'https://web.yammer.com/*',
  'https://www.yammer.com/*',
  // LinkedIn.
  'https://www.linkedin.com/*',
  // Confluence Cloud.
  'https://*.atlassian.net/*',
  // GitHub Discussions.
  'https://github.com/*',
];

/** Whether a URL is covered by the built-in content script (not a company domain). */
export function isBuiltInHost(url: URL): boolean {
  return contentHostPatterns.some((pattern) => matchesPattern(pattern, url));
}

/** Whether a URL matches a match pattern (`<scheme>://<host>/<path>`, `*` wildcards). */
export function matchesPattern(pattern: string, url: URL): boolean {
  const m = /^(\*|https?):\/\/(\*|\*\.[^/]+|[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m;
  if (scheme === '*' ? url.protocol !== 'http:' && url.protocol !== 'https:' : url.protocol !== scheme + ':') return false;
  const h = url.hostname.toLowerCase();
  if (host !== '*') {
    if (host.startsWith('*.')) {
      const base = host.slice(2);
      if (h !== base && !h.endsWith('.' + base)) return false;
    } else if (h !== host) return false;
  }
  const re = new RegExp('^' + path.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(url.pathname + url.search);
}

import { MatchPattern } from '@webext-core/match-patterns';
import { SITE_FAMILIES, type SiteFamily } from '../protocol/keys';

export { SITE_FAMILIES, type SiteFamily };

/**
 * Hosts whose pages get a content script from the manifest: the public sites Doneness knows, by
 * site family, so a page downloads only the adapters that can apply to it. Company domains
 * (self-hosted MediaWiki, Confluence Server / Data Center, Discourse, GitLab, Jira Data Center,
 * any other site) get the small `company` script, registered at run time through optional host
 * permissions (services/shared/domains.ts), never here, so the manifest asks for no broad host
 * permission; it fingerprints the page and has the background inject the family's script
 * (sites/fingerprint.ts).
 */
export const familyHosts: Record<SiteFamily, string[]> = {
  // MediaWiki: Wikipedia and the other Wikimedia wikis.
  wiki: ['*://*.wikipedia.org/*', '*://*.wikimedia.org/*', '*://*.mediawiki.org/*'],
  // Viva Engage / Yammer, LinkedIn (the family also runs self-hosted Discourse forums).
  social: [
    'https://engage.cloud.microsoft/*',
    'https://*.engage.cloud.microsoft/*',
    'https://web.yammer.com/*',
    'https://www.yammer.com/*',
    'https://www.linkedin.com/*',
  ],
  // Confluence Cloud and Jira Cloud.
  atlassian: ['https://*.atlassian.net/*'],
  // GitHub (Discussions, Issues and pull requests) and GitLab.com (self-hosted GitLab is a company
  // domain that runs this family's script too).
  code: ['https://github.com/*', 'https://gitlab.com/*'],
};

/** Every host pattern of the manifest's content scripts. */
export const contentHostPatterns: string[] = SITE_FAMILIES.flatMap((family) => familyHosts[family]);

/** Each family's patterns, parsed once (WXT's own matcher, @webext-core/match-patterns). */
let parsed: Array<[SiteFamily, MatchPattern[]]> | null = null;

/** The family whose content script the manifest gives a URL; null for any other site. */
export function familyOf(url: URL): SiteFamily | null {
  parsed ??= SITE_FAMILIES.map((family) => [family, familyHosts[family].map((pattern) => new MatchPattern(pattern))]);
  // The URL as a string: the matcher tests a URL object against the DOM's `Location`, which Node
  // (the bench, the command line) does not have.
  return parsed.find(([, patterns]) => patterns.some((pattern) => pattern.includes(url.href)))?.[0] ?? null;
}

/** Whether a URL is covered by a built-in content script (not a company domain). */
export function isBuiltInHost(url: URL): boolean {
  return familyOf(url) !== null;
}

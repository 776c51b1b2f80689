/**
 * Hosts whose pages get the content script from the manifest: the public sites Doneness knows.
 * Company domains (self-hosted MediaWiki, Confluence Server / Data Center, Discourse, GitLab,
 * Jira Data Center, any other site) are added at run time through optional host permissions
 * (services/shared/domains.ts), never here, so the manifest asks for no broad host permission.
 */
import { MatchPattern } from '@webext-core/match-patterns';

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
  // Confluence Cloud and Jira Cloud.
  'https://*.atlassian.net/*',
  // GitHub: Discussions, Issues and pull requests.
  'https://github.com/*',
  // GitLab.com (self-hosted GitLab is a company domain).
  'https://gitlab.com/*',
];

/** The patterns, parsed once (WXT's own matcher, @webext-core/match-patterns). */
let parsed: MatchPattern[] | null = null;

/** Whether a URL is covered by the built-in content script (not a company domain). */
export function isBuiltInHost(url: URL): boolean {
  parsed ??= contentHostPatterns.map((pattern) => new MatchPattern(pattern));
  return parsed.some((pattern) => pattern.includes(url));
}

/**
 * Which self-hosted software made a page, from its markup alone: on a company domain (any host)
 * this picks the site family whose content script runs there (sites/hosts.ts). The company
 * script (entrypoints/company.content) and the background (services/shared/domains.ts,
 * annotate-page.ts) both use it.
 */
import type { SiteFamily } from './hosts';

/** What a page's fingerprint says runs there. */
export type SoftwareKind = 'mediawiki' | 'confluence' | 'discourse' | 'gitlab' | 'jira' | 'generic';

/**
 * Which known software made the page. Runs in the company script, and in the page serialised
 * by `scripting.executeScript`: self-contained on purpose, it cannot see this module there.
 */
export function fingerprintPage(): SoftwareKind {
  const generator = document.querySelector('meta[name="generator"]')?.getAttribute('content') ?? '';
  if (/^MediaWiki\b/i.test(generator) || document.body?.classList.contains('mediawiki')) return 'mediawiki';
  if (/^Discourse\b/i.test(generator)) return 'discourse';
  if (document.querySelector('meta[content="GitLab"], body[data-page^="projects:"], body[data-page^="groups:"]')) return 'gitlab';
  // Before Confluence: Jira Data Center pages carry `ajs-context-path` too.
  if (document.querySelector('meta[name="application-name"][content="JIRA"], meta[name="application-name"][content="Jira"], body#jira')) return 'jira';
  if (
    document.querySelector(
      'meta[name="ajs-page-id"], meta[name="confluence-request-time"], meta[name="ajs-context-path"], #com-atlassian-confluence',
    )
  ) {
    return 'confluence';
  }
  return 'generic';
}

/**
 * The family whose content script knows a software: each family's adapters include the
 * self-hosted adapter (`anyHost`) of that software (sites/families/; a test holds them to it).
 */
export function familyOfSoftware(kind: SoftwareKind): SiteFamily {
  switch (kind) {
    case 'mediawiki':
      return 'wiki';
    case 'confluence':
    case 'jira':
      return 'atlassian';
    case 'gitlab':
      return 'code';
    default:
      // Discourse forums, and any other page (the generic fallback runs in every family).
      return 'social';
  }
}

/**
 * The registry of site adapters (STYLE.md habits 1 and 6): every adapter is listed here once, in
 * the order they are tried, and the `doneness detect` command runs them all. Each content script
 * runs one family of them (sites/families/: by the hosts of sites/hosts.ts, and on company domains
 * by the page's fingerprint, sites/fingerprint.ts), in the same order; `families` names them so
 * the tests can hold each family to this list.
 */
import type { SiteRegistry } from './registry';
import { siteRegistry } from './registry';
import { confluenceAdapter } from './confluence';
import { discourseAdapter } from './discourse';
import { genericAdapter } from './generic';
import { githubAdapter } from './github';
import { gitlabAdapter } from './gitlab';
import { jiraAdapter } from './jira';
import { linkedinAdapter } from './linkedin';
import { mediawikiAdapter } from './mediawiki';
import type { SiteAdapter } from './types';
import { yammerAdapter } from './yammer';
import { atlassianSites } from './families/atlassian';
import { codeSites } from './families/code';
import { socialSites } from './families/social';
import { wikiSites } from './families/wiki';
import type { SiteFamily } from './hosts';

export type { Detection, DetectOptions, ScanResult, SiteRegistry } from './registry';

/** Every site adapter, in the order they are tried; the generic fallback comes last. */
export const adapters: SiteAdapter[] = [
  mediawikiAdapter,
  yammerAdapter,
  linkedinAdapter,
  // Jira before Confluence: Jira Data Center pages carry Confluence's `ajs-context-path` too.
  jiraAdapter,
  confluenceAdapter,
  discourseAdapter,
  githubAdapter,
  gitlabAdapter,
  genericAdapter,
];

/** What each family's content script runs (entrypoints/<family>.content). */
export const families: Record<SiteFamily, SiteRegistry> = {
  wiki: wikiSites,
  social: socialSites,
  atlassian: atlassianSites,
  code: codeSites,
};

/** Detection with every adapter (the `doneness detect` command and the tests). */
export const allSites = siteRegistry(adapters);

export const { pickAdapter, scanPage, scanPageSteps, detectThreads, watchedAttributes } = allSites;
export { OWNERSHIP_SLICE } from './registry';

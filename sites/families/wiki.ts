/**
 * Wikipedia and the other Wikimedia wikis (sites/hosts.ts `familyHosts.wiki`) and self-hosted
 * MediaWiki on company domains: MediaWiki.
 */
import { genericAdapter } from '../generic';
import { mediawikiAdapter } from '../mediawiki';
import { siteRegistry } from '../registry';

export const wikiSites = siteRegistry([mediawikiAdapter, genericAdapter]);

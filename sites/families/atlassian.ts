/**
 * Atlassian Cloud, `*.atlassian.net` (sites/hosts.ts `familyHosts.atlassian`), and Jira Data
 * Center and Confluence Server / Data Center on company domains: Jira and Confluence.
 */
import { confluenceAdapter } from '../confluence';
import { genericAdapter } from '../generic';
import { jiraAdapter } from '../jira';
import { siteRegistry } from '../registry';

// Jira before Confluence, as in sites/index.ts.
export const atlassianSites = siteRegistry([jiraAdapter, confluenceAdapter, genericAdapter]);

/**
 * github.com and gitlab.com (sites/hosts.ts `familyHosts.code`), and self-hosted GitLab on
 * company domains: GitHub and GitLab.
 */
import { genericAdapter } from '../generic';
import { githubAdapter } from '../github';
import { gitlabAdapter } from '../gitlab';
import { siteRegistry } from '../registry';

export const codeSites = siteRegistry([githubAdapter, gitlabAdapter, genericAdapter]);

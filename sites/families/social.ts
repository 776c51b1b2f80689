/**
 * Viva Engage / Yammer and LinkedIn (sites/hosts.ts `familyHosts.social`), and the discussion
 * software of company domains without a family of their own: Discourse forums, and any other page
 * (the generic fallback).
 */
import { discourseAdapter } from '../discourse';
import { genericAdapter } from '../generic';
import { linkedinAdapter } from '../linkedin';
import { siteRegistry } from '../registry';
import { yammerAdapter } from '../yammer';

export const socialSites = siteRegistry([yammerAdapter, linkedinAdapter, discourseAdapter, genericAdapter]);

/**
 * Jira issues: the issue page, and the same issue in the panel a board, list or search opens
 * (`?selectedIssue=`), on Jira Cloud and Jira Data Center (company domains, recognised by
 * `meta[name="application-name"][content="JIRA"]`, `body#jira` or Cloud's `#jira-frontend`). Each
 * issue view is one thread, keyed from its own header permalink (Cloud's breadcrumb
 * `…breadcrumbs.current-issue.item`, Data Center's `#key-val`) or else from the page URL; board
 * cards and linked issues are never keys. Markup as Jira userscripts and extensions read it:
 * Cloud `data-testid`s `issue.views.issue-base.foundation.summary.heading`,
 * `issue-field-status.ui.status-view.status-button.status-button`, comments
 * `comment-base-item-<id>`; Data Center `#summary-val`, `#status-val` with its category in the
 * lozenge class (`jira-issue-status-lozenge-new|indeterminate|done`), `#resolution-val`,
 * `.activity-comment[id^="comment-"]`. Cloud shows no category, so its status name decides.
 */
import type { NativeSignal } from '../storage/schema';
import { clip, inPageOrder, plainText, resolveUrl } from './dom-text';
import { isJiraUrl, issueKeyOf, jiraIssueFromUrl, jiraIssueUrl, jiraKeyOf } from './jira.urls';
import { labelsIn, timesIn, unique } from './tracker-text';
import type { FoundThread, PageContext, SiteAdapter } from './types';

const HEADING = 'h1[data-testid="issue.views.issue-base.foundation.summary.heading"], #summary-val';
const CRUMB = 'a[data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"], #key-val';
const STATUS = '[data-testid="issue-field-status.ui.status-view.status-button.status-button"], [data-testid^="issue.fields.status"], #status-val .jira-issue-status-lozenge, #status-val';
const COMMENT = '[data-testid^="comment-base-item-"], .activity-comment[id^="comment-"]';
const DONE = /^(?:done|closed|resolved|complete[d]?|fixed|released|shipped|won'?t (?:do|fix)|cancell?ed|declined|rejected|duplicate)$/i;
const PROGRESS = /progress|review|test|\bqa\b|develop|doing|implement|verif|block|deploy/i;

/** The issue a header permalink names: its `/browse/KEY-n` link, its data attribute or its text. */
function issueOfCrumb(crumb: Element | null, base: URL): string | null {
  if (!crumb) return null;
  const href = resolveUrl(crumb.getAttribute('href'), base);
  const fromHref = href && href.host === base.host ? issueKeyOf(/\/browse\/([^/?#]+)/.exec(href.pathname)?.[1]) : null;
  return fromHref ?? issueKeyOf(crumb.getAttribute('data-issue-key')) ?? issueKeyOf(crumb.textContent);
}

/** The issue view around a heading: the nearest ancestor holding a header permalink. */
function viewOf(heading: Element): Element {
  for (let el: Element | null = heading.parentElement, depth = 0; el && depth < 20; el = el.parentElement, depth++) {
    if (el.querySelector(CRUMB)) return el;
  }
  return heading.ownerDocument.body ?? heading;
}

/** Status, its category and the resolution, as a native reading. */
function statusOf(view: Element): Pick<NativeSignal, 'state' | 'status'> | null {
  const el = view.querySelector(STATUS);
  const name = clip(plainText(el, 60), 40);
  if (!el || !name) return null;
  const cls = `${el.getAttribute('class') ?? ''} ${el.querySelector('.jira-issue-status-lozenge')?.getAttribute('class') ?? ''}`;
  const category = /lozenge-done/.test(cls) ? 'done' : /lozenge-indeterminate/.test(cls) ? 'progress' : /lozenge-new/.test(cls) ? null : undefined;
  const state = category !== undefined ? category : DONE.test(name) ? 'done' : PROGRESS.test(name) ? 'progress' : null;
  const resolution = plainText(view.querySelector('#resolution-val'), 60);
  return { state, status: clip(resolution && !/^unresolved$/i.test(resolution) ? `${name} · ${resolution}` : name, 80) };
}

function scan(page: PageContext): FoundThread[] {
  const headings = Array.from(page.document.querySelectorAll(HEADING));
  const found: FoundThread[] = [];
  const seen = new Set<string>();
  for (const heading of headings) {
    // One issue view on the page (issue page, or a board with its panel open): the page is its scope.
    const view = headings.length === 1 ? page.document.body ?? heading : viewOf(heading);
    const crumb = view.querySelector(CRUMB);
    // Own evidence: the view's header permalink; else the URL, when it shows this one issue.
    const issue = issueOfCrumb(crumb, page.url) ?? (headings.length === 1 ? jiraIssueFromUrl(page.url) : null);
    if (!issue || seen.has(issue)) continue;
    seen.add(issue);
    const comments = Array.from(view.querySelectorAll(COMMENT));
    const people = unique(comments.map((c) => (c.querySelector('.user-hover')?.getAttribute('rel') ?? '').toLowerCase()));
    const r = statusOf(view);
    const native: NativeSignal = {
      state: r?.state ?? null,
      replies: comments.length,
      participants: people.length || null,
      lastActivity: timesIn(view),
    };
    if (r?.status) native.status = r.status;
    const labels = labelsIn(view, 'a[href*="jql=labels"]');
    if (labels) native.labels = labels;
    found.push({
      key: jiraKeyOf(page.url, issue),
      evidence: issueOfCrumb(crumb, page.url) ? 'own-permalink' : 'page-url',
      title: plainText(heading, 300) || issue,
      url: jiraIssueUrl(page.url, issue),
      native,
      badgeAnchor: heading,
    });
  }
  return inPageOrder(found);
}

/** The Jira adapter: Cloud by host and path, Data Center on any host by fingerprint. */
export const jiraAdapter: SiteAdapter = {
  id: 'jira',
  anyHost: true,
  matchesUrl: (url) => isJiraUrl(url),
  matchesDocument: (doc) =>
    doc.querySelector(`meta[name="application-name"][content="JIRA"], meta[name="application-name"][content="Jira"], body#jira, #jira-frontend, h1[data-testid="issue.views.issue-base.foundation.summary.heading"]`) !== null,
  findThreads: (page) => scan(page),
};

/**
 * GitHub Issues and pull requests, for the `github` adapter (sites/github.ts): the one
 * conversation of an issue or pull request page (keyed from the page URL, on every tab), and one
 * thread per row of a list (keyed from the row's own title link, never from the linked pull
 * requests, labels or references beside it). Both UI generations: the React issue view
 * (`data-testid` `issue-title`, `header-state` with Primer's `data-status` such as `issueClosedNotPlanned`
 * or `pullMerged`, `comment-viewer-outer-box-…`, `sidebar-labels-section`; list rows with
 * `issue-pr-title-link` and `list-row-state-icon`) and the server-rendered one (`.gh-header`,
 * `.js-issue-title`, `.State`, `.js-timeline-item`, `#issuecomment-…`, `.js-issue-row`,
 * `.js-resolvable-timeline-thread-container[data-resolved]`), as userscripts and extensions that
 * target GitHub read them (refined-github, GitHub-targeting userscripts found with `search`).
 */
import type { NativeSignal } from '../storage/schema';
import { inPageOrder, leadingCount, plainText, resolveUrl } from './dom-text';
import { githubItemPath, githubItemUrl } from './github-issues.urls';
import { labelsIn, timesIn, unique } from './tracker-text';
import type { FoundThread, PageContext } from './types';

type Reading = Pick<NativeSignal, 'state' | 'status'>;

/** A state label's words (text, title, ARIA label, Primer `data-status`, octicon) as a reading. */
function readState(words: string, pull: boolean): Reading | null {
  const w = words.toLowerCase();
  if (/merged/.test(w)) return { state: 'merged', status: 'Merged' };
  if (/draft/.test(w)) return { state: 'draft', status: 'Draft' };
  if (/not ?planned|skip/.test(w)) return { state: 'closed', status: 'Closed as not planned' };
  if (/duplicate/.test(w)) return { state: 'closed', status: 'Closed as duplicate' };
  if (/closed/.test(w)) return pull ? { state: 'closed', status: 'Closed' } : { state: 'done', status: 'Closed as completed' };
  if (/open/.test(w)) return { state: null, status: 'Open' };
  return null;
}

/** The words a state element carries. */
function wordsOf(el: Element, withText: boolean): string {
  const icon = el.querySelector('svg')?.getAttribute('class') ?? '';
  return [el.getAttribute('data-status'), el.getAttribute('aria-label'), el.getAttribute('title'), icon, withText ? el.textContent : ''].join(' ');
}

const LABELS = '[data-testid="sidebar-labels-section"] a, .sidebar-labels .IssueLabel, .js-issue-labels .IssueLabel';
const SIDE = '#partial-discussion-sidebar, [data-testid="issue-viewer-metadata-pane"], [data-testid="sidebar"], .discussion-sidebar';
const MERGE_BOX = '#partial-pull-merging, .merge-status-list, .branch-action-item, [data-testid="mergebox-partial"]';
const THREADS = '.js-resolvable-timeline-thread-container[data-resolved], [data-testid="review-thread"][data-resolved], review-thread-collapsible[data-resolved]';
/** `inner` elements inside any of `scopes` (both selector lists). */
const within = (scopes: string, inner: string) => scopes.split(',').flatMap((o) => inner.split(',').map((i) => `${o.trim()} ${i.trim()}`)).join(', ');
const NOT_TEXT = (el: Element) => el.matches('.markdown-body, .comment-body, [data-testid="markdown-body"]');

/** The conversation of an issue or pull request page (any tab). */
export function githubItemThread(page: PageContext, path: string): FoundThread | null {
  const doc = page.document;
  const main = doc.querySelector('main, [role="main"], .application-main') ?? doc.body;
  if (!main) return null;
  const title = main.querySelector('[data-testid="issue-title"], .js-issue-title, h1 .markdown-title') ?? main.querySelector('h1');
  const h1 = title?.closest('h1') ?? title;
  if (!title || !h1) return null;
  const pull = path.includes('/pull/');
  const stateEl = main.querySelector('[data-testid="header-state"], #partial-discussion-header .State, .gh-header-meta .State, .gh-header .State');
  let reading = stateEl ? readState(wordsOf(stateEl, true), pull) : null;
  const notices = Array.from(main.querySelectorAll('.TimelineItem-body, [data-testid^="timeline-row"], .flash, [role="alert"]'))
    .slice(0, 400)
    .map((el) => plainText(el, 200, NOT_TEXT))
    .join(' ');
  if (!reading?.state && /\blocked (?:as [\w -]+ )?and limited conversation\b|\bconversation has been locked\b/i.test(notices)) {
    reading = { state: 'locked', status: 'Locked' };
  }

  const comments = new Set<string>();
  for (const el of Array.from(main.querySelectorAll('[id^="issuecomment-"], [id^="discussion_r"], [data-testid^="comment-viewer-outer-box-"]'))) {
    const inner = el.id ? null : el.querySelector('[id^="issuecomment-"]');
    if (/^(?:issuecomment-|discussion_r)\d+$/.test(el.id) || (!el.id && !inner)) comments.add(el.id || (el.getAttribute('data-testid') ?? ''));
  }
  const people = unique(
    Array.from(main.querySelectorAll('a.author, [data-testid="avatar-link"], [data-testid="issue-body-header-author"]'), (a) =>
      ((a.getAttribute('href') ?? '').split('/').filter(Boolean).pop() ?? a.textContent ?? '').trim().toLowerCase(),
    ),
  );
  const native: NativeSignal = {
    state: reading?.state ?? null,
    replies: comments.size,
    participants: people.length || null,
    lastActivity: timesIn(main),
  };
  if (reading?.status) native.status = reading.status;
  const labels = labelsIn(doc.body ?? main, LABELS);
  if (labels) native.labels = labels;
  if (pull) {
    const review = Array.from(doc.querySelectorAll(`${within(SIDE, '[aria-label], [title]')}, ${within(MERGE_BOX, 'h3, .status-heading')}`))
      .slice(0, 200)
      .map((el) => wordsOf(el, el.matches('h3, .status-heading')))
      .join(' ');
    if (/requested changes|changes requested/i.test(review)) native.review = 'changes';
    else if (/\bapproved\b/i.test(review)) native.review = 'approved';
    const threads = Array.from(main.querySelectorAll(THREADS));
    if (threads.length) native.threads = { resolved: threads.filter((t) => t.getAttribute('data-resolved') === 'true').length, total: threads.length };
  }
  return {
    key: `github:${path}`,
    evidence: 'page-url',
    title: plainText(title, 300) || path,
    url: githubItemUrl(page.url) ?? page.url.href,
    native,
    badgeAnchor: h1,
  };
}

const TITLE_LINK =
  'a[data-testid="issue-pr-title-link"], a[data-testid="listitem-title-link"], a.markdown-title, a.js-navigation-open, .search-title a';
const ROW = 'li, [role="listitem"], .js-issue-row, [data-testid="results-list"] > div, .Box-row, tr';
const ROW_STATE = '[data-testid="list-row-state-icon"], [aria-label], [title], .sr-only, svg.octicon';

/** One thread per row of an issue / pull request list or search result, keyed by its title link. */
export function githubItemRows(page: PageContext): FoundThread[] {
  const found: FoundThread[] = [];
  const seen = new Set<string>();
  for (const link of Array.from(page.document.querySelectorAll(TITLE_LINK))) {
    const url = resolveUrl(link.getAttribute('href'), page.url);
    const path = url ? githubItemPath(url) : null;
    if (!url || !path || seen.has(path)) continue;
    const row = link.closest(ROW) ?? link.parentElement ?? link;
    seen.add(path);
    const words = Array.from(row.querySelectorAll(ROW_STATE))
      .filter((el) => !link.contains(el) && !el.closest('.IssueLabel, a[href*="label"]'))
      .slice(0, 30)
      .map((el) => wordsOf(el, el.matches('.sr-only, [data-testid="list-row-state-icon"]')))
      .join(' ');
    const reading = readState(words.replace(/\d+ (?:linked )?(?:open )?pull requests?/gi, ''), path.includes('/pull/'));
    const count = row.querySelector('[data-testid="list-row-comments"], a[aria-label*="comment"]');
    const native: NativeSignal = {
      state: reading?.state ?? null,
      replies: count ? leadingCount(count.getAttribute('aria-label') ?? count.textContent) : null,
      participants: null,
      lastActivity: timesIn(row),
    };
    if (reading?.status) native.status = reading.status;
    const labels = labelsIn(row, '.IssueLabel, a[href*="label%3A"], a[href*="label:"]');
    if (labels) native.labels = labels;
    found.push({
      key: `github:${path}`,
      evidence: 'own-permalink',
      title: plainText(link, 300) || path,
      url: githubItemUrl(url) ?? url.href,
      native,
      badgeAnchor: link.parentElement ?? row,
    });
  }
  return inPageOrder(found);
}

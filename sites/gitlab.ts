/**
 * GitLab issues, merge requests and epics, on gitlab.com and on self-hosted GitLab (company
 * domains, recognised by the page: `meta[content="GitLab"]`, `body[data-page="projects:…"]`).
 * An item page is one thread keyed from its URL; a list gives one thread per row, keyed from the
 * row's own title link (never from references in descriptions or notes). Markup read from GitLab's
 * own templates (gitlabhq/gitlabhq: `detail-page-header`, the issuable status badge classes
 * `issuable-status-badge-open|closed|merged`, `data-testid="issue-title"` / `title-content`, notes
 * `li.note[id^="note_"]` with `.system-note` events, discussions `[data-discussion-id]` whose
 * `.discussion-reply-holder` holds a "Resolve thread" / "Unresolve thread" button, GlLabel
 * `.gl-label .gl-label-text(-scoped)`, issuable list rows with `.issue-title-text a`).
 */
import type { NativeSignal } from '../storage/schema';
import { inPageOrder, leadingCount, plainText, resolveUrl } from './dom-text';
import { gitlabItemPath, gitlabItemUrl, gitlabKeyOf, isGitlabUrl } from './gitlab.urls';
import { labelsIn, timesIn, unique } from './tracker-text';
import type { FoundThread, PageContext, SiteAdapter } from './types';

const TITLE = '[data-testid="issue-title"], [data-testid="title-content"], .detail-page-header h1, h1.title';
const STATE = '.detail-page-header .issuable-status-badge, .issuable-status-badge, .detail-page-header .status-box, [data-testid="issue-state-badge"]';
const NOTE = 'li.note[id^="note_"]';
const LABEL = '.gl-label';
const DRAFT = /^\s*(?:\[?draft\]?:?|\(draft\)|wip:)/i;

/** A GitLab label's name: scoped labels read `scope::value`. */
const labelName = (el: Element) =>
  Array.from(el.querySelectorAll('.gl-label-text, .gl-label-text-scoped'), (p) => (p.textContent ?? '').trim()).filter(Boolean).join('::') ||
  (el.textContent ?? '');

/** Open / closed / merged from a status badge (its classes and words) and the item kind. */
function reading(words: string, kind: string, title: string): Pick<NativeSignal, 'state' | 'status'> | null {
  const w = words.toLowerCase();
  if (/merged/.test(w)) return { state: 'merged', status: 'Merged' };
  if (/closed/.test(w)) {
    const status = /moved|duplicat/.test(w) ? (/moved/.test(w) ? 'Closed (moved)' : 'Closed (duplicated)') : 'Closed';
    // A closed issue or epic is done (GitLab has no "not planned"); a closed merge request is not.
    return { state: kind === 'merge_requests' || status !== 'Closed' ? 'closed' : 'done', status };
  }
  if (kind === 'merge_requests' && DRAFT.test(title)) return { state: 'draft', status: 'Draft' };
  if (/open/.test(w)) return { state: null, status: 'Open' };
  return null;
}

const badgeWords = (el: Element | null) => (el ? `${el.getAttribute('class') ?? ''} ${el.textContent ?? ''}` : '');

/** The one issue, merge request or epic of an item page. */
function itemThread(page: PageContext, path: string): FoundThread | null {
  const doc = page.document;
  const main = doc.querySelector('#content-body, main, .content-wrapper') ?? doc.body;
  const title = main?.querySelector(TITLE);
  if (!main || !title) return null;
  const kind = /\/-\/(\w+)\/\d+$/.exec(path)![1];
  const titleText = plainText(title, 300);
  let r = reading(badgeWords(main.querySelector(STATE)), kind, titleText);
  const header = title.closest('.detail-page-header') ?? title.parentElement ?? main;
  if (!r?.state && header.querySelector('[data-testid="locked-badge"], [title*="locked" i], [aria-label*="locked" i]')) r = { state: 'locked', status: 'Locked' };

  const notes = Array.from(main.querySelectorAll(NOTE)).filter((n) => !n.matches('.system-note'));
  const people = unique(notes.map((n) => (n.querySelector('[data-username]')?.getAttribute('data-username') ?? plainText(n.querySelector('.note-header-author-name'), 80)).toLowerCase()));
  const native: NativeSignal = {
    state: r?.state ?? null,
    replies: notes.length,
    participants: people.length || null,
    lastActivity: timesIn(main.querySelector('#notes-list, .notes') ?? main),
  };
  if (r?.status) native.status = r.status;
  const labels = labelsIn(doc.querySelector('aside.right-sidebar, [data-testid="work-item-labels"], .issuable-sidebar') ?? main, LABEL, labelName);
  if (labels) native.labels = labels;

  // Resolvable threads: discussions whose reply holder offers to resolve or unresolve them.
  let total = 0;
  let resolved = 0;
  const seen = new Set<string>();
  for (const d of Array.from(main.querySelectorAll('[data-discussion-id]'))) {
    const id = d.getAttribute('data-discussion-id') ?? '';
    if (seen.has(id) || d.parentElement?.closest('[data-discussion-id]')) continue;
    seen.add(id);
    const button = Array.from(d.querySelectorAll('.discussion-reply-holder button, [data-testid="resolve-discussion-button"]')).find((b) =>
      /resolve (?:thread|discussion)/i.test(`${b.getAttribute('title') ?? ''} ${b.getAttribute('aria-label') ?? ''} ${b.textContent ?? ''}`),
    );
    if (!button) continue;
    total++;
    if (/unresolve/i.test(`${button.getAttribute('title') ?? ''} ${button.getAttribute('aria-label') ?? ''} ${button.textContent ?? ''}`)) resolved++;
  }
  if (total) native.threads = { resolved, total };
  if (kind === 'merge_requests') {
    const widget = Array.from(main.querySelectorAll('.mr-state-widget, .mr-widget-section, [data-testid="approvals-summary-content"]'))
      .map((el) => plainText(el, 300))
      .join(' ');
    if (/requested changes/i.test(widget)) native.review = 'changes';
    else if (/\bapproved by\b/i.test(widget)) native.review = 'approved';
  }
  return {
    key: gitlabKeyOf(page.url, path),
    evidence: 'page-url',
    title: titleText || path,
    url: gitlabItemUrl(page.url) ?? page.url.href,
    native,
    badgeAnchor: title.closest('h1, h2') ?? title,
  };
}

const ROW_TITLE = '.issue-title-text a, .merge-request-title-text a, [data-testid="issuable-title-link"], .issuable-main-info .title a';

/** One thread per row of an issue, merge request or epic list. */
function rowThreads(page: PageContext): FoundThread[] {
  const found: FoundThread[] = [];
  const seen = new Set<string>();
  for (const link of Array.from(page.document.querySelectorAll(ROW_TITLE))) {
    const url = resolveUrl(link.getAttribute('href'), page.url);
    const path = url && url.host === page.url.host ? gitlabItemPath(url) : null;
    if (!url || !path || seen.has(path)) continue;
    seen.add(path);
    const row = link.closest('li, tr, [data-testid="issuable-container"]') ?? link.parentElement ?? link;
    const kind = /\/-\/(\w+)\/\d+$/.exec(path)![1];
    const title = plainText(link, 300);
    const status = Array.from(row.querySelectorAll('.issuable-status, [data-testid="issuable-status"], .issuable-status-badge'), badgeWords).join(' ');
    const r = reading(status || 'open', kind, title);
    const count = row.querySelector('[data-testid="issuable-comments"], .issuable-comments');
    const native: NativeSignal = {
      state: r?.state ?? null,
      replies: count ? leadingCount(plainText(count, 20)) ?? 0 : 0,
      participants: null,
      lastActivity: timesIn(row),
    };
    if (r?.status) native.status = r.status;
    const labels = labelsIn(row, LABEL, labelName);
    if (labels) native.labels = labels;
    found.push({ key: gitlabKeyOf(url, path), evidence: 'own-permalink', title: title || path, url: gitlabItemUrl(url)!, native, badgeAnchor: link.parentElement ?? row });
  }
  return inPageOrder(found);
}

/** The GitLab adapter: gitlab.com by URL, self-hosted GitLab by its page fingerprint. */
export const gitlabAdapter: SiteAdapter = {
  id: 'gitlab',
  anyHost: true,
  matchesUrl: (url) => isGitlabUrl(url),
  matchesDocument: (doc) =>
    doc.querySelector('meta[content="GitLab"], body[data-page^="projects:"], body[data-page^="groups:"], body[data-page^="dashboard:"]') !== null,
  findThreads: (page) => {
    const path = gitlabItemPath(page.url);
    if (!path) return rowThreads(page);
    const one = itemThread(page, path);
    return one ? [one] : [];
  },
};

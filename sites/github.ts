/**
 * GitHub: Discussions here, Issues and pull requests in sites/github-issues.ts (one site id,
 * `github`, for both). Discussions: every discussion of a list, or the one discussion of a discussion page.
 * GitHub's classes change with its UI generations, so this adapter reads links
 * (`/<owner>/<repo>/discussions/<n>`), ARIA labels, `relative-time[datetime]` and the
 * `discussioncomment-<id>` anchors every comment carries. Answered, closed and locked are the
 * native states (SITES.md "GitHub Discussions").
 */
import type { NativeSignal } from '../storage/schema';
import { clip, inPageOrder, isoTime, latest, leadingCount, plainText, resolveUrl } from './dom-text';
import { githubItemRows, githubItemThread } from './github-issues';
import { githubItemPath, isGithubIssuesUrl } from './github-issues.urls';
import { githubDiscussionPath, githubKey, githubPageUrl, isGithubDiscussionsUrl } from './github.urls';
import type { FoundThread, PageContext, SiteAdapter } from './types';

const ITEM = '[role="listitem"], li, .Box-row, tr';
const LABELLED = '[aria-label], [title], .State, .Label, [data-testid*="state"], [data-testid*="status"]';

/** The state labels in `scope`: Answered, Closed, Locked (label text, ARIA label or title). */
function stateOf(scope: Element | null, extraText = ''): NativeSignal['state'] {
  if (!scope) return null;
  const words = new Set<string>();
  for (const el of Array.from(scope.querySelectorAll(LABELLED))) {
    const label = `${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('title') ?? ''} ${
      el.matches('.State, .Label, [data-testid*="state"], [data-testid*="status"]') ? el.textContent ?? '' : ''
    }`;
    for (const m of label.matchAll(/\b(answered|unanswered|closed|locked)\b/gi)) words.add(m[1].toLowerCase());
  }
  if (/\b(?:answer selected by|marked as answer)\b/i.test(extraText)) words.add('answered');
  if (/\blocked (?:as [a-z-]+ and )?(?:and )?limited conversation\b|\bconversation has been locked\b/i.test(extraText)) words.add('locked');
  if (words.has('closed')) return 'closed';
  if (words.has('answered')) return 'answered';
  if (words.has('locked')) return 'locked';
  return null;
}

function timesIn(scope: Element): string | null {
  return latest(Array.from(scope.querySelectorAll('relative-time[datetime], time[datetime]')).map((t) => isoTime(t.getAttribute('datetime'))));
}

/** Discussions in a list: one per item holding a discussion link. */
function listThreads(page: PageContext): FoundThread[] {
  const byItem = new Map<Element, { path: string; link: Element; url: URL }>();
  for (const a of Array.from(page.document.querySelectorAll('a[href*="/discussions/"]'))) {
    const url = resolveUrl(a.getAttribute('href'), page.url);
    const path = url ? githubDiscussionPath(url) : null;
    if (!url || !path || url.hash) continue;
    const text = (a.textContent ?? '').trim();
    if (!text || /^\d[\d,.]*$/.test(text)) continue;
    const item = a.closest(ITEM);
    if (!item || byItem.has(item)) continue;
    byItem.set(item, { path, link: a, url });
  }
  const found: FoundThread[] = [];
  const seen = new Set<string>();
  for (const [item, { path, link, url }] of byItem) {
    if (seen.has(path)) continue;
    seen.add(path);
    let replies: number | null = null;
    for (const el of Array.from(item.querySelectorAll('[aria-label]'))) {
      const m = /^(\d[\d,]*)\s+(?:comments?|replies)$/i.exec((el.getAttribute('aria-label') ?? '').trim());
      if (m) {
        replies = leadingCount(m[1]);
        break;
      }
    }
    found.push({
      key: githubKey(path),
      title: plainText(link, 300) || path,
      url: githubPageUrl(url) ?? url.href,
      native: { state: stateOf(item), replies, participants: null, lastActivity: timesIn(item) },
      badgeAnchor: link.parentElement ?? item,
      evidence: 'own-permalink',
    });
  }
  return inPageOrder(found);
}

/** The discussion of a discussion page. */
function discussionThread(page: PageContext, path: string): FoundThread | null {
  const doc = page.document;
  const main = doc.querySelector('main, [role="main"]') ?? doc.body;
  if (!main) return null;
  const heading = ['h1 .js-issue-title', 'h1 bdi', 'h1'].map((sel) => main.querySelector(sel)).find((el) => el) ?? null;
  const h1 = heading?.closest('h1') ?? heading;
  if (!h1) return null;
  const comments = new Set<string>();
  for (const el of Array.from(main.querySelectorAll('[id^="discussioncomment-"]'))) {
    if (/^discussioncomment-\d+$/.test(el.id)) comments.add(el.id);
  }
  const people = new Set<string>();
  for (const a of Array.from(main.querySelectorAll('a.author, a[data-hovercard-type="user"]'))) {
    const name = (a.getAttribute('href') ?? a.textContent ?? '').trim().toLowerCase();
    if (name) people.add(name.replace(/^\/+/, ''));
  }
  const header = h1.closest('.gh-header, header, [data-testid="discussion-header"]') ?? h1.parentElement ?? h1;
  const notices = Array.from(main.querySelectorAll('.discussion-timeline-answer, [data-testid="answer"], .TimelineItem, .timeline-comment-label'))
    .slice(0, 400)
    .map((el) => clip(el.textContent ?? '', 200))
    .join(' ');
  return {
    key: githubKey(path),
    title: plainText(heading, 300) || path,
    url: githubPageUrl(page.url) ?? page.url.href,
    native: {
      state: stateOf(header, notices),
      replies: comments.size,
      participants: people.size || null,
      lastActivity: timesIn(main),
    },
    badgeAnchor: h1,
    evidence: 'page-url',
  };
}

function scan(page: PageContext): FoundThread[] {
  const path = githubDiscussionPath(page.url);
  const item = path ? null : githubItemPath(page.url);
  if (path || item) {
    const one = path ? discussionThread(page, path) : githubItemThread(page, item!);
    return one ? [one] : [];
  }
  return isGithubIssuesUrl(page.url) ? githubItemRows(page) : listThreads(page);
}

/** The GitHub adapter: Discussions, Issues and pull requests. */
export const githubAdapter: SiteAdapter = {
  id: 'github',
  matchesUrl: (url) => isGithubDiscussionsUrl(url) || isGithubIssuesUrl(url),
  matchesDocument: () => true,
  findThreads: (page) => scan(page),
};

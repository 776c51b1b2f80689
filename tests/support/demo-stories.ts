/**
 * The demo data of the README's screenshots, the layout e2e and docs/example-report.md: the
 * bundled Wikipedia talk page's discussions plus a few on other sites, each with a small story of
 * ratings, issues, answers and dates, told as the edits a person would make.
 */
import { readFileSync } from 'node:fs';
import { applyEdit, emptyAnnotation, type EditOp } from '../../storage/model';
import type { Annotation, ThreadRef } from '../../storage/schema';
import { DEMO_PAGES } from '../e2e/harness';

export const TALK = DEMO_PAGES[0];
const expected = JSON.parse(readFileSync(TALK.file.replace(/\.html$/, '.expected.json'), 'utf8')) as {
  site: string;
  result: { threads: ThreadRef[] };
};
export const threads: ThreadRef[] = expected.result.threads.map((th) => ({ ...th, site: 'mediawiki' }));

const DAY = 86_400_000;
const day = (offset: number, now = Date.now()) => new Date(now + offset * DAY).toISOString().slice(0, 10);

/** Discussions on other sites, so the dashboard shows what a team's week looks like. */
export const elsewhere: ThreadRef[] = [
  ['discourse:forum.example.com/t/1874', 'Which retention period for support tickets?', 'https://forum.example.com/t/ticket-retention/1874'],
  ['github:acme/handbook/discussions/42', 'Do we squash-merge documentation PRs?', 'https://github.com/acme/handbook/discussions/42'],
  [
    'confluence:acme.atlassian.net/3290791937#comment-3291000011',
    'Travel policy: rail first for trips under 4 hours',
    'https://acme.atlassian.net/wiki/spaces/HR/pages/3290791937/Travel+policy?focusedCommentId=3291000011',
  ],
  [
    'yammer:thread/3491012511784960',
    'Office move: which day for the team offsite?',
    'https://engage.cloud.microsoft/main/threads/eyJfdHlwZSI6IlRocmVhZCIsImlkIjoiMzQ5MTAxMjUxMTc4NDk2MCJ9',
  ],
  ['linkedin:urn:li:activity:7415738731510468608', 'Community call format for Q3', 'https://www.linkedin.com/feed/update/urn:li:activity:7415738731510468608/'],
].map(([key, title, url]) => ({
  key,
  site: key.slice(0, key.indexOf(':')) as ThreadRef['site'],
  title,
  url,
  native: { state: null, replies: null, participants: null, lastActivity: null },
}));

const issue = (id: string, text: string): EditOp => ({ kind: 'addIssue', id, text });

/**
 * What each demo thread gets: a small story of ratings, issues, answers and dates, the review
 * dates counted from `now` (two due, one two weeks ahead).
 */
export const demoStories = (now = Date.now()): Array<[ThreadRef, EditOp[]]> => [
  [threads[0], [
    { kind: 'setMaturity', maturity: 15 },
    { kind: 'setMaturity', maturity: 35 },
    issue('s1', 'Is the search index rebuilt nightly or weekly?'),
    { kind: 'setTags', tags: ['search', 'infrastructure'] },
  ]],
  [threads[1], [
    { kind: 'setMaturity', maturity: 40 },
    { kind: 'setMaturity', maturity: 65 },
    issue('d1', 'Which infoboxes still hard-code background colours?'),
    issue('d2', 'Who updates the style guide?'),
    issue('d3', 'Night mode contrast for navboxes'),
    { kind: 'resolveIssue', id: 'd1', resolution: 'List on the tracking page, 42 templates' },
    { kind: 'setMaturity', maturity: 80 },
    { kind: 'setTags', tags: ['dark-mode', 'templates'] },
    { kind: 'setNote', text: 'Follow up with the design team after the next deployment.' },
    { kind: 'setReviewOn', date: day(14, now) },
  ]],
  [threads[2], [
    { kind: 'setMaturity', maturity: 50 },
    issue('r1', 'Reproduce on the mobile reply tool'),
    { kind: 'resolveIssue', id: 'r1', resolution: 'Reproduced; same bug' },
    { kind: 'setMaturity', maturity: 100 },
    { kind: 'setAnswer', text: 'Fixed in the reply tool release of week 20; no action needed from editors.' },
    { kind: 'setTags', tags: ['reply-tool'] },
  ]],
  [threads[3], [
    { kind: 'setMaturity', maturity: 55 },
    issue('b1', 'Bot approval request filed?'),
    issue('b2', 'Weekly or monthly runs?'),
    { kind: 'setReviewOn', date: day(-3, now) },
    { kind: 'setTags', tags: ['bots', 'proposal'] },
  ]],
  [threads[4], [{ kind: 'setMaturity', maturity: 10 }]],
  [elsewhere[0], [{ kind: 'setMaturity', maturity: 70 }, issue('e1', 'Legal sign-off on 24 months'), { kind: 'setTags', tags: ['policy'] }]],
  [elsewhere[1], [{ kind: 'setMaturity', maturity: 100 }, { kind: 'setAnswer', text: 'Yes, squash-merge.' }]],
  [elsewhere[2], [{ kind: 'setMaturity', maturity: 85 }, issue('e2', 'Exception for night trains?'), { kind: 'setTags', tags: ['policy', 'travel'] }]],
  [elsewhere[3], [{ kind: 'setMaturity', maturity: 25 }, issue('e3', 'Room capacity'), issue('e4', 'Catering budget'), { kind: 'setReviewOn', date: day(-1, now) }]],
  [elsewhere[4], [{ kind: 'setMaturity', maturity: 45 }]],
];

/**
 * The demo's annotations as stored after its edits (for reports and tests without a browser):
 * every edit a minute apart, ending an hour before `now`.
 */
export function demoAnnotations(now = Date.now(), by = 'Demo'): Annotation[] {
  let minute = 0;
  const stories = demoStories(now);
  const total = stories.reduce((n, [, ops]) => n + ops.length, 0);
  return stories.map(([thread, ops]) => {
    let a = emptyAnnotation(thread, now - 3_600_000 - (total + 1) * 60_000);
    for (const op of ops) {
      minute += 1;
      a = applyEdit(a, op, { now: now - 3_600_000 - (total - minute) * 60_000, by, memberId: 'demo', lastActivity: thread.native.lastActivity });
    }
    return a;
  });
}

/**
 * Where engineering teams argue (issue 16), in real Chromium with the built extension, each
 * fixture served at its real URL: GitHub, GitLab and Jira get their badges next to the issue's
 * title and on every row of a list (Jira: the issue panel of a board); a native "merged" / "Done"
 * shows in the side panel as the suggested maturity; navigating in place from the list to an
 * issue and back, the way each app does it (GitHub: a React route swaps <main>, Turbo's
 * restoration swaps <body> on popstate), keeps the right badges. These pages get the `code` and
 * `atlassian` content scripts of the split per site family.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ROOT, closeAndDelete, launch, openExtensionPage, readBadges, tabIdOf, waitFor, type Launched, type ServedPage } from './harness';

interface Expected {
  url: string;
  result: { site: string; threads: Array<{ key: string; title: string; native: { state: string | null } }> };
}

const fixture = (name: string) => path.join(ROOT, 'tests', 'fixtures', `${name}.html`);
const expectedOf = (name: string) => JSON.parse(readFileSync(fixture(name).replace(/\.html$/, '.expected.json'), 'utf8')) as Expected;
const served = (name: string): ServedPage => ({ url: expectedOf(name).url, file: fixture(name) });

/** How an app swaps in another route: its whole <body> (Turbo, server-rendered apps) or its <main> (React). */
type Swap = 'body' | 'main';

interface Tracker {
  site: string;
  list: string;
  issue: string;
  /** How the app goes from the list to the issue, and how it comes back (on popstate). */
  forward: Swap;
  back: Swap;
  /** A page whose thread is merged, for the side panel's suggestion (else the issue's). */
  merged?: string;
}

const TRACKERS: Tracker[] = [
  { site: 'github', list: 'github/issues-list-react', issue: 'github/issue-react', forward: 'main', back: 'body', merged: 'github/pulls-list-classic' },
  { site: 'gitlab', list: 'gitlab/issues-list', issue: 'gitlab/issue', forward: 'body', back: 'body', merged: 'gitlab/merge-request' },
  // Jira's list is a board: its open issue panel is the discussion (the same as the issue page).
  { site: 'jira', list: 'jira/cloud-board-panel', issue: 'jira/cloud-browse', forward: 'body', back: 'body' },
];

const keysOf = (name: string) => expectedOf(name).result.threads.map((t) => t.key);

let launched: Launched;

/** The badge keys on the page, in page order, once they are what `want` says. */
async function badgesAre(page: Page, want: string[], timeoutMs = 15000): Promise<string[]> {
  const { value } = await waitFor(() => readBadges(page), (b) => b.map((x) => x.key).join() === want.join(), timeoutMs);
  return value.map((b) => b.key);
}

/** The text of the element the badge of `key` sits in (its anchor: the title, or the title's row). */
async function anchorText(page: Page, key: string): Promise<string | null> {
  return page.evaluate((k) => {
    const host = [...document.querySelectorAll('[data-doneness-key]')].find((h) => h.getAttribute('data-doneness-key') === k);
    return host?.parentElement?.textContent ?? null;
  }, key);
}

/** Swaps in another route's markup as the app does: pushState (or on popstate, after back) and a DOM swap. */
async function swapIn(page: Page, html: string, how: Swap, url: string | null): Promise<void> {
  await page.evaluate(
    ([text, kind, to]) => {
      // No named helpers in here: the test runner's transform would wrap them in a `__name` the page lacks.
      const next = new DOMParser().parseFromString(text, 'text/html');
      const [from, into] = kind === 'main' ? [document.querySelector('main')!, next.querySelector('main')!] : [document.body, next.body];
      if (to) {
        history.pushState({}, '', to);
        from.replaceWith(document.importNode(into, true));
      } else {
        addEventListener('popstate', () => (kind === 'main' ? document.querySelector('main')! : document.body).replaceWith(document.importNode(into, true)), { once: true });
        history.back();
      }
    },
    [html, how, url] as const,
  );
}

/** Opens the side panel on the tab of `page`, selects the thread titled `title`, and reads its signals. */
async function panelSignals(page: Page, title: string): Promise<string> {
  const tabId = await tabIdOf(launched, page);
  const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
  try {
    await panel.getByRole('button', { name: title }).click({ timeout: 15000 });
    await panel.getByRole('heading', { name: title }).waitFor({ timeout: 15000 });
    await panel.locator('.signals').waitFor({ timeout: 15000 });
    return await panel.locator('.signals').innerText();
  } finally {
    await panel.close();
  }
}

describe('engineering trackers in Chromium', () => {
  before(async () => {
    const pages = TRACKERS.flatMap((t) => [t.list, t.issue, ...(t.merged ? [t.merged] : [])]).map(served);
    launched = await launch({ pages });
  });
  after(() => closeAndDelete(launched));

  for (const tracker of TRACKERS) {
    it(`${tracker.site}: badges on the list, next to the issue title after navigating in place, and back`, async () => {
      const list = expectedOf(tracker.list);
      const issue = expectedOf(tracker.issue);
      const page = await launched.context.newPage();
      try {
        await page.goto(list.url);
        // Every row (or the board's open issue) has its badge, on the row's title.
        assert.deepEqual(await badgesAre(page, keysOf(tracker.list)), keysOf(tracker.list));
        for (const t of list.result.threads) assert.match((await anchorText(page, t.key)) ?? '', new RegExp(literal(t.title)), t.key);

        await swapIn(page, readFileSync(fixture(tracker.issue), 'utf8'), tracker.forward, issue.url);
        assert.deepEqual(await badgesAre(page, keysOf(tracker.issue)), keysOf(tracker.issue));
        const [only] = issue.result.threads;
        assert.match((await anchorText(page, only.key)) ?? '', new RegExp(literal(only.title)), 'the badge sits next to the issue title');

        // Done in the tracker: the side panel suggests Baked, as a suggestion.
        assert.equal(only.native.state, 'done');
        const signals = await panelSignals(page, only.title);
        assert.match(signals, /Done on the page/);
        assert.match(signals, /Suggested: 100%/);

        await swapIn(page, readFileSync(fixture(tracker.list), 'utf8'), tracker.back, null);
        await waitFor(() => page.evaluate(() => location.href), (href) => href === new URL(list.url).href, 15000);
        assert.deepEqual(await badgesAre(page, keysOf(tracker.list)), keysOf(tracker.list));
      } finally {
        await page.close();
      }
    });

    if (tracker.merged) {
      const merged = tracker.merged;
      it(`${tracker.site}: a merged ${merged.includes('pull') ? 'pull' : 'merge'} request is suggested as Baked in the side panel`, async () => {
        const expected = expectedOf(merged);
        const thread = expected.result.threads.find((t) => t.native.state === 'merged');
        assert.ok(thread, `${merged} has a merged thread`);
        const page = await launched.context.newPage();
        try {
          await page.goto(expected.url);
          await badgesAre(page, keysOf(merged));
          const signals = await panelSignals(page, thread.title);
          assert.match(signals, /Merged on the page/);
          assert.match(signals, /Suggested: 100%/);
        } finally {
          await page.close();
        }
      });
    }
  }
});

/** A title as a literal regular expression. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

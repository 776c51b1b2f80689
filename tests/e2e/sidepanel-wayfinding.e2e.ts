/**
 * Issue 18, defect 3 and build 2: the side panel on a big page (a talk page of 179 discussions).
 * Opening a discussion far down the list, editing it and going back with "← All discussions"
 * lands on the same scroll position with focus on that row, which is marked as edited last; the
 * page scrolls to the opened discussion; the filter box narrows the list and says how many it
 * shows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { mediawikiTalkPage } from '../../scripts/bench/pages';
import { launch, openExtensionPage, tabIdOf, waitFor, type Launched } from './harness';

const COUNT = 179;
const URL_ = 'https://en.wikipedia.org/wiki/Talk:Bench';

let launched: Launched;
let talk: Page;
let panel: Page;
let dir: string;

/** The side panel list's scroll position. */
const listTop = () => panel.evaluate(() => document.scrollingElement?.scrollTop ?? 0);

describe('side panel wayfinding on a page of 179 discussions', () => {
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'doneness-wayfinding-'));
    const file = path.join(dir, 'bench.html');
    writeFileSync(file, mediawikiTalkPage(COUNT));
    launched = await launch({ pages: [{ url: URL_, file }] });
    talk = await launched.context.newPage();
    await talk.goto(URL_);
    const tabId = await tabIdOf(launched, talk);
    panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await panel.setViewportSize({ width: 360, height: 700 });
    await waitFor(() => panel.locator('.thread-list > li').count(), (n) => n === COUNT, 15_000);
  });
  after(async () => {
    await launched?.context.close();
    if (launched) rmSync(launched.profileDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('"← All discussions" returns to the same place, focus on the discussion just left, marked as edited last', async () => {
    const row = panel.locator('.thread-list > li').nth(120);
    const title = (await row.locator('button.title').innerText()).trim();
    await row.scrollIntoViewIfNeeded();
    const before = await listTop();
    const rowTop = () => row.evaluate((el) => el.getBoundingClientRect().top);
    const rowBefore = await rowTop();
    // The rows in view on the page (its top) are marked.
    const { value: firstInView } = await waitFor(() => panel.locator('.thread-list > li.in-view').first().getAttribute('data-key'), (key) => key !== null, 10_000);
    assert.ok(before > 2000, `the list is scrolled far down (${before} px)`);
    const pageBefore = await talk.evaluate(() => scrollY);

    await row.locator('button.title').click();
    await panel.getByRole('heading', { name: title }).waitFor();
    // The page scrolls to the discussion opened.
    await waitFor(() => talk.evaluate(() => scrollY), (y) => y > pageBefore + 1000, 10_000);
    await panel.getByLabel(`Maturity of ${title}`).fill('45');
    await waitFor(() => panel.getByText('45%').count(), (n) => n > 0, 10_000);

    await panel.getByRole('button', { name: /All discussions/ }).click();
    await panel.locator('.thread-list').waitFor();
    await waitFor(listTop, (top) => Math.abs(top - before) <= 1, 5_000);
    // And it stays there while the marks of the rows in view on the page move (asked every 1.5 s).
    await waitFor(() => panel.locator('.thread-list > li.in-view').first().getAttribute('data-key'), (key) => key !== firstInView, 10_000);
    assert.ok(Math.abs((await listTop()) - before) <= 1, 'the list has not moved');
    assert.ok(Math.abs((await rowTop()) - rowBefore) <= 1, 'the row is where it was on screen');
    const focused = await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('li')?.querySelector('button.title')?.textContent?.trim());
    assert.equal(focused, title, 'focus is on the row just left');
    const marked = panel.locator('.thread-list > li.last-edited');
    assert.equal(await marked.count(), 1, 'one row is marked as edited last');
    assert.equal((await marked.locator('button.title').innerText()).trim(), title);
    assert.match(await marked.innerText(), /edited last/);
  });

  it('the filter box narrows the list, says how many it shows, and clears back to all', async () => {
    const filter = panel.getByLabel('Filter the discussions on this page');
    await filter.fill('Thread 17');
    // Thread 17 and Thread 170 to 179.
    await waitFor(() => panel.locator('.thread-list > li').count(), (n) => n === 11, 5_000);
    const titles = await panel.locator('.thread-list button.title').allInnerTexts();
    assert.ok(titles.every((t) => t.startsWith('Thread 17')), titles.join(' | '));
    assert.equal(await panel.getByRole('status').first().innerText(), `Showing 11 of ${COUNT} discussions`);
    await filter.fill('no such discussion');
    await waitFor(() => panel.locator('.thread-list > li').count(), (n) => n === 0, 5_000);
    await filter.fill('');
    await waitFor(() => panel.locator('.thread-list > li').count(), (n) => n === COUNT, 5_000);
  });
});

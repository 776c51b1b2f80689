/**
 * The annotation experience end to end in Chromium: rating from the popup, a full edit in the
 * side panel reaching the page's badge and the dashboard within 200 ms, a keyboard-only rating,
 * the context-menu thread lookup, delete-all, and axe-core on every surface in both themes.
 */
declare const chrome: {
  storage: { session: { get(keys: string | null): Promise<Record<string, unknown>>; remove(k: string): Promise<void> } };
  tabs: { sendMessage(tabId: number, message: unknown): Promise<unknown> };
};
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { isoDay } from '../../storage/model';
import type { ThreadRef } from '../../storage/schema';
import { DEMO_PAGES, launch, openExtensionPage, readBadges, tabIdOf, waitFor, type Launched } from './harness';
import { axeViolations } from './ui-helpers';

const TALK = DEMO_PAGES[0];
const threads = (
  JSON.parse(readFileSync(TALK.file.replace(/\.html$/, '.expected.json'), 'utf8')) as { result: { threads: ThreadRef[] } }
).result.threads;
const anchorOf = (url: string) => decodeURIComponent(url.slice(url.indexOf('#') + 1));
const LIMIT_MS = 200;

let launched: Launched;
let talk: Page;
let tabId: number;

/**
 * The badge of one thread, read without scrolling (so polling it times the badge, not the
 * scroll); the threads used are near the top, and the page was scrolled through once in `before`.
 */
async function badgeFor(anchor: string) {
  return (await readBadges(talk, undefined, { scroll: false })).find((b) => b.anchorId === anchor);
}

/** Text and badge label of one dashboard row ('' when the row is absent). */
async function dashboardRow(dashboard: Page, key: string): Promise<string> {
  return dashboard.evaluate((k) => {
    const row = [...document.querySelectorAll<HTMLElement>('tr[data-key]')].find((r) => r.dataset.key === k);
    if (!row) return '';
    const label = row.querySelector('.badge')?.getAttribute('aria-label') ?? '';
    return `${label} | ${row.innerText.replace(/\s+/g, ' ')}`;
  }, key);
}

/**
 * Runs an action in the side panel and waits until the page's badge and the dashboard row both
 * show its effect; returns the time from the person's input event in the panel (its wall-clock
 * time, so Playwright's own actionability checks are not counted) until both were seen.
 */
async function reachesBoth(
  panel: Page,
  action: () => Promise<unknown>,
  dashboard: Page,
  thread: ThreadRef,
  badgeOk: (b: { text: string; label: string }) => boolean,
  rowOk: (row: string) => boolean,
): Promise<{ certainly: number; atMost: number }> {
  await panel.evaluate(() => {
    const w = window as unknown as { actedAt: number; listening?: boolean };
    w.actedAt = 0;
    if (w.listening) return;
    w.listening = true;
    for (const type of ['pointerdown', 'keydown', 'input', 'change']) {
      addEventListener(type, () => (w.actedAt ||= Date.now()), { capture: true });
    }
  });
  await action();
  const reached = await Promise.all([
    waitFor(() => badgeFor(anchorOf(thread.url)), (b) => b !== undefined && badgeOk(b)),
    waitFor(() => dashboardRow(dashboard, thread.key), rowOk),
  ]);
  const seen = Date.now();
  const acted = await panel.evaluate(() => (window as unknown as { actedAt: number }).actedAt);
  assert.ok(acted > 0, 'the action reached the panel');
  // Certainly not there yet at the start of the last read that missed it; seen by the end of the
  // last read. The budget holds against the first: reading a closed shadow root through the
  // DevTools protocol alone can take longer than the budget on a busy machine.
  const missedAt = Math.max(acted, ...reached.map((r) => r.lastMissAt ?? 0));
  return { certainly: missedAt - acted, atMost: seen - acted };
}

async function assertAccessible(page: Page, what: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const found = await axeViolations(page);
    assert.deepEqual(found, [], `${what} (${scheme}): ${JSON.stringify(found, null, 1)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('annotation experience in Chromium', () => {
  before(async () => {
    launched = await launch();
    talk = await launched.context.newPage();
    await talk.goto(TALK.url);
    await waitFor(() => readBadges(talk), (b) => b.length === threads.length, 10000);
    tabId = await tabIdOf(launched, talk);
  });
  after(async () => {
    await launched?.context.close();
    if (launched) rmSync(launched.profileDir, { recursive: true, force: true });
  });

  it('rates a thread from the popup', async () => {
    const popup = await openExtensionPage(launched, `popup.html?tab=${tabId}`);
    const target = threads[0];
    await popup.getByRole('list', { name: 'Discussions on this page' }).waitFor();
    assert.equal(await popup.locator('.thread-item').count(), threads.length);
    // An unrated row shows its slider once its "rate" badge is clicked.
    // Once the list has its records (aria-busy false), a row's badge no longer changes by itself.
    await popup.locator('ul.thread-list[aria-busy="false"]').waitFor();
    const rateBadge = popup.locator(`li[data-key="${target.key}"] button.badge.unassessed`);
    if (await rateBadge.count()) await rateBadge.click();
    await popup.getByLabel(`Maturity of ${target.title}`).fill('45');
    const { value } = await waitFor(() => badgeFor(anchorOf(target.url)), (b) => b?.text.startsWith('45%') === true);
    assert.match(value!.label, /45% baked \(Mixing\)/);
    // The popup's own list shows the new badge and band too.
    await popup.locator(`li[data-key="${target.key}"] .badge[aria-label^="45% baked"]`).waitFor();
    assert.match(await popup.locator(`li[data-key="${target.key}"] .maturity-value`).innerText(), /45%\s*Mixing/);
    await popup.close();
  });

  it('a full edit in the side panel shows on the badge and in the dashboard within 200 ms', async () => {
    const target = threads[1];
    const dashboard = await openExtensionPage(launched, 'options.html');
    const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await panel.getByRole('button', { name: target.title }).click();
    await panel.getByRole('heading', { name: target.title }).waitFor();
    // The page's signals and the suggestion are shown beside the editor.
    assert.match(await panel.locator('.signals').innerText(), /Resolved on the page/);
    assert.match(await panel.locator('.signals').innerText(), /Suggested: 90%/);

    const timings: Record<string, { certainly: number; atMost: number }> = {};
    await panel.getByLabel(`Maturity of ${target.title}`).fill('60');
    await waitFor(() => dashboardRow(dashboard, target.key), (r) => r.includes('60% baked'));

    const issue = 'Who signs off on the colours?';
    await panel.getByLabel('New open issue').fill(issue);
    timings.addIssue = await reachesBoth(
      panel,
      () => panel.getByRole('button', { name: 'Add', exact: true }).click(),
      dashboard,
      target,
      (b) => b.text.includes('1 open'),
      (r) => r.includes('1 of 1 open'),
    );

    await panel.getByRole('button', { name: `Resolve: ${issue}` }).click();
    await panel.getByLabel(`Resolution of: ${issue}`).fill('The design team signs off');
    timings.resolve = await reachesBoth(
      panel,
      () => panel.getByLabel(`Resolution of: ${issue}`).press('Enter'),
      dashboard,
      target,
      (b) => !b.text.includes('open') && /0 open issues/.test(b.label),
      (r) => r.includes('0 of 1 open'),
    );
    assert.match(await panel.locator(`li.issue.resolved`).innerText(), /Resolution: The design team signs off/);

    timings.reopen = await reachesBoth(
      panel,
      () => panel.getByRole('button', { name: `Reopen: ${issue}` }).click(),
      dashboard,
      target,
      (b) => b.text.includes('1 open'),
      (r) => r.includes('1 of 1 open'),
    );

    timings.baked = await reachesBoth(
      panel,
      () => panel.getByLabel(`Maturity of ${target.title}`).fill('100'),
      dashboard,
      target,
      (b) => b.text.startsWith('100%') && b.text.includes('✓') && /100% baked \(Baked\)/.test(b.label),
      (r) => r.includes('100% baked (Baked)'),
    );
    // Baked asks for the answer and takes the person there.
    const answer = panel.getByLabel('Baked! What is the definitive answer?');
    await waitFor(() => answer.evaluate((el) => el === document.activeElement), (focused) => focused);
    await answer.fill('Infoboxes use the background-color-base variable from now on.');
    await answer.press('Tab');

    const today = isoDay(Date.now());
    timings.reviewOn = await reachesBoth(
      panel,
      () => panel.getByLabel('Review on').fill(today),
      dashboard,
      target,
      (b) => /due for review/.test(b.label),
      (r) => r.includes('due for review'),
    );

    console.log(
      `# side panel → badge and dashboard (ms, at least–at most): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, `${Math.round(v.certainly)}–${Math.round(v.atMost)}`])))}`,
    );
    for (const [step, { certainly }] of Object.entries(timings)) assert.ok(certainly < LIMIT_MS, `${step} took at least ${certainly.toFixed(0)} ms`);

    // The answer was stored, and the dashboard finds the thread by it.
    await dashboard.getByLabel('Search').fill('background-color-base');
    await waitFor(() => dashboard.locator('tbody tr').count(), (n) => n === 1);
    assert.equal(await dashboard.locator('tbody tr').getAttribute('data-key'), target.key);
    // History: 60 → 100 drawn and listed.
    assert.match(await panel.locator('.history').innerText(), /60% → 100%/);
    await dashboard.close();
    await panel.close();
  });

  it('deletes an issue with undo, edits and reorders issues', async () => {
    const target = threads[1];
    const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await panel.getByRole('heading', { name: target.title }).waitFor();
    for (const text of ['Second issue', 'Third issue']) {
      await panel.getByLabel('New open issue').fill(text);
      await panel.getByRole('button', { name: 'Add', exact: true }).click();
      await panel.getByRole('button', { name: `Delete: ${text}` }).waitFor();
    }
    const order = () => panel.locator('li.issue .issue-text').allInnerTexts();
    await panel.getByRole('button', { name: 'Move up: Third issue' }).click();
    await waitFor(order, (o) => o.join('|') === 'Who signs off on the colours?|Third issue|Second issue');
    await panel.getByRole('button', { name: 'Edit: Second issue' }).click();
    await panel.getByLabel('New text of: Second issue').fill('Second issue, reworded');
    await panel.getByLabel('New text of: Second issue').press('Enter');
    await waitFor(order, (o) => o.includes('Second issue, reworded'));

    await panel.getByRole('button', { name: 'Delete: Third issue' }).click();
    await waitFor(() => badgeFor(anchorOf(target.url)), (b) => b?.text.includes('2 open') === true);
    await panel.getByRole('button', { name: 'Undo' }).click();
    await waitFor(order, (o) => o.join('|') === 'Who signs off on the colours?|Third issue|Second issue, reworded');
    await waitFor(() => badgeFor(anchorOf(target.url)), (b) => b?.text.includes('3 open') === true);

    // Tags with autocomplete from other discussions.
    await panel.getByLabel('Tags').fill('design');
    await panel.getByLabel('Tags').press('Enter');
    await panel.getByRole('button', { name: 'Remove tag design' }).waitFor();
    await panel.close();
    // Another discussion's editor suggests it (read from the tags index).
    const other = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await other.getByRole('button', { name: 'All discussions on this page' }).click(); // it reopens on the last one
    await other.getByRole('button', { name: threads[2].title }).click();
    await other.getByRole('heading', { name: threads[2].title }).waitFor();
    await other.locator('datalist option[value="design"]').waitFor({ state: 'attached', timeout: 5000 });
    await other.close();
  });

  it('rates a thread with the keyboard only', async () => {
    const target = threads[4];
    // The badge on the page is a button: Enter opens the panel on its thread.
    await talk.bringToFront();
    await talk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let reached = false;
    for (let i = 0; i < 400 && !reached; i++) {
      await talk.keyboard.press('Tab');
      reached = await talk.evaluate(
        (index) => document.activeElement === document.querySelectorAll('[data-doneness-badge]')[index],
        threads.indexOf(target),
      );
    }
    assert.ok(reached, 'Tab reaches the badge of the thread');
    await talk.keyboard.press('Enter');
    const probe = await openExtensionPage(launched, 'options.html');
    const { value: selected } = await waitFor(
      () => probe.evaluate(async (id) => (await chrome.storage.session.get(`selection:${id}`))[`selection:${id}`] as { key?: string } | undefined, tabId),
      (s) => s?.key === target.key,
    );
    assert.equal(selected?.key, target.key);
    await probe.close();

    // In the side panel: Tab to the slider, arrows, and the rating is saved after a pause.
    const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await panel.getByRole('heading', { name: target.title }).waitFor();
    let onSlider = false;
    for (let i = 0; i < 30 && !onSlider; i++) {
      await panel.keyboard.press('Tab');
      onSlider = await panel.evaluate((label) => document.activeElement?.getAttribute('aria-label') === label, `Maturity of ${target.title}`);
    }
    assert.ok(onSlider, 'Tab reaches the maturity slider');
    for (let i = 0; i < 6; i++) await panel.keyboard.press('ArrowRight');
    const { value } = await waitFor(() => badgeFor(anchorOf(target.url)), (b) => b?.text.startsWith('30%') === true, 5000);
    assert.match(value!.label, /30% baked \(Mixing\)/);
    // Six arrow presses are one rating in the history, not six.
    await panel.getByText('All changes (1)').waitFor();
    await panel.close();
  });

  it('finds the right-clicked thread for "Annotate this discussion"', async () => {
    const target = threads[3];
    await talk.bringToFront();
    const paragraph = talk.locator(`[id="${anchorOf(target.url)}"]`).locator('xpath=following::p[1]');
    await paragraph.click({ button: 'right' });
    // The page answers with a contextmenu event of its own on another thread: not the person's.
    await talk.evaluate((id) => {
      const other = document.getElementById(id)!.closest('.mw-heading, h2')!.nextElementSibling ?? document.body;
      other.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true }));
    }, anchorOf(threads[0].url));
    const probe = await openExtensionPage(launched, 'options.html');
    const answer = (await probe.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'contextThread' }), tabId)) as {
      ok: boolean;
      value: { key: string } | null;
    };
    assert.equal(answer.ok, true);
    assert.equal(answer.value?.key, target.key);
    await probe.close();
  });

  it('has no serious or critical axe violations in popup, side panel and dashboard, light and dark', async () => {
    const popup = await openExtensionPage(launched, `popup.html?tab=${tabId}`);
    await popup.locator('.thread-list').waitFor();
    await assertAccessible(popup, 'popup');
    await popup.close();

    const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await panel.locator('.editor').waitFor();
    await assertAccessible(panel, 'side panel with a thread selected');
    await panel.getByRole('button', { name: 'All discussions on this page' }).click();
    await panel.locator('.thread-list').waitFor();
    await assertAccessible(panel, 'side panel thread list');
    await panel.close();

    const dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.locator('table.annotations tbody tr').first().waitFor();
    await assertAccessible(dashboard, 'dashboard');
    await dashboard.getByRole('button', { name: 'Delete all annotations…' }).click();
    await dashboard.getByRole('dialog').waitFor();
    await assertAccessible(dashboard, 'delete-all dialog');
    await dashboard.close();
  });

  it('deletes everything after confirmation; the badges on the page follow', async () => {
    const dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.locator('table.annotations tbody tr').first().waitFor();
    await dashboard.getByRole('button', { name: 'Delete all annotations…' }).click();
    const dialog = dashboard.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: /^Delete \d+ discussions?$/ });
    assert.equal(await confirm.isDisabled(), true, 'the delete button waits for the confirmation word');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.ok((await dashboard.locator('tbody tr').count()) > 0, 'cancel deletes nothing');

    await dashboard.getByRole('button', { name: 'Delete all annotations…' }).click();
    await dialog.getByLabel('Type “delete” to confirm').fill('delete');
    await confirm.click();
    await dashboard.getByText('Nothing annotated yet.', { exact: false }).waitFor();
    await waitFor(() => readBadges(talk), (badges) => badges.every((b) => /Not assessed yet/.test(b.label)));
    await dashboard.close();
  });
});

/**
 * End to end in real Chromium with the built extension, on a Wikipedia talk page served at its
 * real URL: badges on every thread, a rating from the side panel reaching the badge live,
 * persistence across a browser restart, the JSON export, and page scripts that try to forge.
 */
declare const chrome: { storage: { session: { get(keys: null): Promise<Record<string, unknown>> } } };
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parseImportText } from '../../storage/exchange/import';
import { visibleIssues } from '../../storage/model';
import { DEMO_PAGES, closeAndDelete, launch, openExtensionPage, openPage, readBadges, waitFor, type Launched } from './harness';

const TALK = DEMO_PAGES[0];
const expected = JSON.parse(readFileSync(TALK.file.replace(/\.html$/, '.expected.json'), 'utf8')) as {
  result: { threads: Array<{ key: string; title: string; url: string }> };
};
const threads = expected.result.threads;
const anchorOf = (url: string) => decodeURIComponent(url.slice(url.indexOf('#') + 1));

let launched: Launched;
let talk: Page;

/**
 * One thread's badge, read without scrolling so that polling it times the badge; the first test
 * scrolled the page through, so every badge is built.
 */
async function badgeFor(page: Page, anchor: string) {
  const badges = await readBadges(page, undefined, { scroll: false });
  return badges.find((b) => b.anchorId === anchor);
}

/** The talk page's tab id: the background keeps its badge subscription under it. */
async function talkTabId(): Promise<number> {
  const dashboard = await openExtensionPage(launched, 'options.html');
  const tabId = await dashboard.evaluate(async () => {
    const all = await chrome.storage.session.get(null);
    return Number(Object.keys(all).find((k) => k.startsWith('subs:'))!.slice('subs:'.length));
  });
  await dashboard.close();
  return tabId;
}

/** Sets a thread's maturity in the popup of the talk page's tab; resolves once its badge shows it. */
async function rateFromPopup(target: (typeof threads)[number], maturity: number) {
  const popup = await openExtensionPage(launched, `popup.html?tab=${await talkTabId()}`);
  // An unrated row shows its slider once its "rate" badge is clicked.
  // Once the list has its records (aria-busy false), a row's badge no longer changes by itself.
  await popup.locator('ul.thread-list[aria-busy="false"]').waitFor();
  const rateBadge = popup.locator(`li[data-key="${target.key}"] button.badge.unassessed`);
  if (await rateBadge.count()) await rateBadge.click();
  await popup.getByLabel(`Maturity of ${target.title}`).fill(String(maturity));
  await waitFor(() => badgeFor(talk, anchorOf(target.url)), (b) => b?.text.startsWith(`${maturity}%`) === true);
  await popup.close();
}

describe('MediaWiki talk page in Chromium', () => {
  before(async () => {
    launched = await launch();
    talk = await openPage(launched, TALK.url);
  });
  after(() => closeAndDelete(launched));

  it('puts a badge on every thread heading, and nowhere else', async () => {
    assert.ok(threads.length >= 5, 'the fixture has threads');
    const { value: badges } = await waitFor(() => readBadges(talk), (b) => b.length >= threads.length);
    assert.equal(badges.length, threads.length);
    assert.deepEqual(
      badges.map((b) => b.anchorId),
      threads.map((t) => anchorOf(t.url)),
    );
    for (const badge of badges) assert.match(badge.label, /Not assessed yet/);
  });

  it('rates a thread to 60% with 2 open issues in the side panel; the badge follows within 200 ms', async () => {
    const target = threads[1];
    const anchor = anchorOf(target.url);
    // Clicking the badge opens the side panel on that thread (and records the selection).
    const hostIndex = threads.indexOf(target);
    await talk.locator('[data-doneness-badge]').nth(hostIndex).click();
    const panel = await openExtensionPage(launched, 'options.html');
    const { value: tabId } = await waitFor(
      () =>
        panel.evaluate(async () => {
          const all = await chrome.storage.session.get(null);
          const key = Object.keys(all).find((k) => k.startsWith('selection:'));
          return key ? Number(key.slice('selection:'.length)) : 0;
        }),
      (id) => id > 0,
    );
    await panel.goto(`chrome-extension://${launched.extensionId}/sidepanel.html?tab=${tabId}`);
    await panel.getByRole('heading', { name: target.title }).waitFor();

    await panel.getByLabel(`Maturity of ${target.title}`).fill('60');
    await waitFor(() => badgeFor(talk, anchor), (b) => b?.text.startsWith('60%') === true);

    await panel.getByLabel('New open issue').fill('Who signs off on the change?');
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    await waitFor(() => badgeFor(talk, anchor), (b) => b?.text.includes('1 open') === true);

    await panel.getByLabel('New open issue').fill('Does it break the mobile skin?');
    const clicking = Date.now();
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    // The click happened by the time click() returned: a read that started later and still saw
    // one open issue proves the time it took at least; reading the badge's closed shadow root
    // through the DevTools protocol can itself take longer than the budget on a busy machine.
    const clicked = Date.now();
    const { value: badge, lastMissAt } = await waitFor(() => badgeFor(talk, anchor), (b) => b?.text.includes('2 open') === true);
    const atLeast = Math.max(0, (lastMissAt ?? clicked) - clicked);
    const atMost = Date.now() - clicking;
    console.log(`# badge updated ${atLeast.toFixed(0)}–${atMost.toFixed(0)} ms after the side panel edit`);
    assert.ok(atLeast < 200, `badge took at least ${atLeast.toFixed(0)} ms`);
    assert.match(badge!.text, /^60%/);
    assert.match(badge!.label, /60% baked \(Baking\)/);
    assert.match(badge!.label, /2 open issues/);
    // Only that thread changed.
    const others = (await readBadges(talk)).filter((b) => b.anchorId !== anchor);
    assert.ok(others.every((b) => /Not assessed yet/.test(b.label)));
    await panel.close();
  });

  it('rates another thread from the popup', async () => {
    await rateFromPopup(threads[0], 20);
  });

  it('gives every keyboard command a key in Chromium', async () => {
    const commands = await launched.worker.evaluate(async () =>
      (await (globalThis as unknown as { chrome: { commands: { getAll(): Promise<Array<{ name?: string; shortcut?: string }>> } } }).chrome.commands.getAll()).map(
        (c) => [c.name, c.shortcut ?? ''],
      ),
    );
    assert.ok(commands.length >= 3, JSON.stringify(commands));
    for (const [name, shortcut] of commands) assert.notEqual(shortcut, '', `${name} has no shortcut`);
  });

  it('ignores forged messages and events from page scripts', async () => {
    const before = await readBadges(talk);
    await talk.evaluate(({ key, extensionId }) => {
      const forged = { type: 'edit', thread: { key }, op: { kind: 'setMaturity', maturity: 100 } };
      window.postMessage(forged, '*');
      // Well formed, so only the content script's deafness to page messages keeps it out.
      window.postMessage({ type: 'badges', states: { [key]: { maturity: 100, openIssues: 0, totalIssues: 0, due: false, assessedActivity: null } } }, '*');
      document.dispatchEvent(new CustomEvent('doneness', { detail: forged }));
      // The start notice a newer copy of the content script sends to retire the old one. Its
      // name holds only the extension's id, which is public (store listings, web-accessible URLs).
      document.dispatchEvent(new CustomEvent(`${extensionId}:discussions:wxt:content-script-started`, {
        detail: { contentScriptName: 'discussions', messageId: 'forged' },
      }));
      // Page scripts cannot reach the extension's messaging at all.
      return typeof (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage;
    }, { key: threads[1].key, extensionId: launched.extensionId });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await readBadges(talk), before);
    const openShadow = await talk.evaluate(() =>
      [...document.querySelectorAll('[data-doneness-badge]')].some((el) => el.shadowRoot !== null),
    );
    assert.equal(openShadow, false, 'page scripts cannot read into badges');
    // And the badges still follow the person's edits.
    await rateFromPopup(threads[0], 30);
  });

  it('keeps the rating after the browser restarts with the same profile', async () => {
    const profileDir = launched.profileDir;
    await launched.context.close();
    launched = await launch({ profileDir });
    talk = await openPage(launched, TALK.url);
    const { value: badge } = await waitFor(() => badgeFor(talk, anchorOf(threads[1].url)), (b) => b?.text.startsWith('60%') === true);
    assert.match(badge!.text, /2 open/);
  });

  it('exports the rating as a valid JSON envelope from the dashboard', async () => {
    const dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.getByRole('link', { name: threads[1].title }).waitFor();
    const [download] = await Promise.all([
      dashboard.waitForEvent('download'),
      dashboard.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    // The import's own parser: what the dashboard would read back, every record valid.
    const parsed = parseImportText(text);
    assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.problems));
    assert.equal(parsed.format, 'doneness-json');
    assert.deepEqual(parsed.rejected, []);
    const annotation = parsed.annotations.find((a) => a.threadKey === threads[1].key);
    assert.ok(annotation, 'the rated thread is exported');
    assert.equal(annotation.maturity, 60);
    assert.deepEqual(
      // In the order the person sees them (stored records keep issues by id, order by position).
      visibleIssues(annotation).map((i) => [i.text, i.status]),
      [
        ['Who signs off on the change?', 'open'],
        ['Does it break the mobile skin?', 'open'],
      ],
    );
    assert.equal(parsed.annotations.length, 2);
    assert.match(download.suggestedFilename(), /^doneness-\d{4}-\d{2}-\d{2}\.json$/);
  });
});

/**
 * Company domains end to end in real Chromium: a self-hosted Discourse forum on a test host name
 * (served from a fixture) gets no badges until the user enables it from the toolbar popup; the
 * browser then asks for that origin's permission, and once it is granted badges appear, also
 * after a browser restart.
 *
 * How the permission prompt is driven: Playwright cannot reach the browser's own UI, and
 * headless Chromium keeps `permissions.request` pending forever behind an invisible dialog. So
 * this suite runs Chromium headed in its own Xvfb display and uses the keyboard, as a person
 * would, with xdotool: Alt+Shift+O (the extension's `_execute_action` command) opens the real
 * toolbar popup on the forum tab, which grants `activeTab` as a click on the toolbar button
 * does; the popup focuses "Enable Doneness on <origin>", Enter presses it (a real user gesture),
 * Chromium shows its real permission dialog (focus on "Deny"), and Tab, Enter choose "Allow".
 * Nothing is faked: `chrome.permissions.request` resolves through the browser's own prompt.
 * "Annotate this page" goes the same way (popup by keyboard, Tab to the button, Enter) and needs
 * no prompt at all: `activeTab` lets it inject the content script into that one tab.
 */
declare const chrome: {
  extension: { getViews(filter: { type: string }): Window[] };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  scripting: {
    getRegisteredContentScripts(): Promise<Array<{ id: string; matches?: string[] }>>;
    executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown>;
  };
  tabs: { query(filter: { url: string }): Promise<Array<{ id?: number }>> };
};
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ROOT, launch, openExtensionPage, readBadges, waitFor, type Launched, type ServedPage } from './harness';

const FORUM: ServedPage = {
  url: 'https://community.corp.example/forum/t/expense-policy-question/88',
  file: path.join(ROOT, 'tests', 'fixtures', 'discourse', 'topic-crawler.html'),
};
const QA: ServedPage = {
  url: 'https://qa.bakers.example/questions/118/why-does-my-bread-collapse?utm_source=share',
  file: path.join(ROOT, 'tests', 'fixtures', 'generic', 'qapage-jsonld.html'),
};
const ORIGIN = 'https://community.corp.example';
const KEY = 'discourse:community.corp.example/forum/t/88';

const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const missing = ['Xvfb', 'xdotool'].filter((tool) => !have(tool));

let xvfb: ChildProcess | null = null;
let display = '';
let launched: Launched;
let forum: Page;
/** An extension page kept in a background tab: it can look into the popup (same extension). */
let helper: Page;

/** Starts a private X display and answers its name (`:N`). */
function startXvfb(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    xvfb = child;
    let out = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(':' + out.trim());
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
}

function key(...keys: string[]): void {
  execFileSync('xdotool', ['key', '--delay', '80', ...keys], { env: { ...process.env, DISPLAY: display } });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The text of the focused element in the open toolbar popup, or null when none is open. */
function popupFocus(): Promise<string | null> {
  return helper.evaluate(() => {
    const view = chrome.extension.getViews({ type: 'popup' })[0];
    return view ? (view.document.activeElement?.textContent ?? '') : null;
  });
}

/** Opens the real toolbar popup on the front tab and waits until `focused` has the focus. */
async function openPopupFocused(front: Page, focused: RegExp): Promise<void> {
  await front.bringToFront();
  await pause(200);
  key('alt+shift+o');
  await waitFor(popupFocus, (text) => text !== null && focused.test(text), 5000);
}

const granted = () => launched.worker.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), ORIGIN);

describe('company domains in Chromium', { skip: missing.length ? `needs ${missing.join(' and ')}` : false }, () => {
  before(async () => {
    display = await startXvfb();
    launched = await launch({ pages: [FORUM, QA], headless: false, env: { DISPLAY: display } });
    helper = await openExtensionPage(launched, 'options.html');
    forum = await launched.context.newPage();
    await forum.goto(FORUM.url);
  });
  after(async () => {
    await launched?.context.close().catch(() => undefined);
    xvfb?.kill();
    if (launched) rmSync(launched.profileDir, { recursive: true, force: true });
  });

  it('shows nothing on a company domain that is not enabled', async () => {
    await pause(1000);
    assert.deepEqual(await readBadges(forum), []);
    assert.equal(await launched.worker.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), ORIGIN), false);
  });

  it('"Annotate this page" in the popup badges any other page through activeTab, with no host permission', async () => {
    const qa = await launched.context.newPage();
    await qa.goto(QA.url);
    await pause(800);
    assert.deepEqual(await readBadges(qa), []);
    await openPopupFocused(qa, /^Enable Doneness on https:\/\/qa\.bakers\.example$/);
    key('Tab');
    await waitFor(popupFocus, (text) => text === 'Annotate this page', 3000);
    key('Return');
    const { value } = await waitFor(() => readBadges(qa), (b) => b.length === 1, 8000);
    assert.equal(value[0].key, 'generic:https://qa.bakers.example/questions/118/why-does-my-bread-collapse');
    assert.match(value[0].label, /Answered on the page/);
    assert.equal(await launched.worker.evaluate(() => chrome.permissions.contains({ origins: ['https://qa.bakers.example/*'] })), false);
    key('Escape'); // close the popup
    await qa.close();
    await forum.bringToFront();
    await pause(300);
  });

  it('asks for the origin permission from the popup, and shows badges once it is granted', async () => {
    await openPopupFocused(forum, new RegExp(`^Enable Doneness on ${ORIGIN.replace(/\./g, '\\.')}$`));
    key('Return');
    // The click recorded the pending origin just before Chromium's dialog opened (focus on Deny).
    await waitFor(() => launched.worker.evaluate(() => chrome.storage.local.get('pendingDomains')), (v) => Array.isArray(v.pendingDomains) && v.pendingDomains.length > 0, 5000);
    await pause(800);
    assert.equal(await granted(), false);
    key('Tab', 'Return');
    await waitFor(granted, (ok) => ok, 5000);
    const { value: badges } = await waitFor(() => readBadges(forum), (b) => b.length === 1, 8000);
    assert.equal(badges[0].key, KEY);
    const stored = await launched.worker.evaluate(() => chrome.storage.local.get('companyDomains'));
    assert.deepEqual(
      (stored.companyDomains as Array<{ origin: string; kind: string; enabled: boolean }>).map((d) => [d.origin, d.kind, d.enabled]),
      [[ORIGIN, 'discourse', true]],
    );
    const scripts = await launched.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    assert.deepEqual(scripts.map((s) => s.matches), [['https://community.corp.example/*']]);
  });

  it('hands a second copy of the script injected into the page over to the running one', async () => {
    const before = await readBadges(forum);
    await launched.worker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      await chrome.scripting.executeScript({ target: { tabId: tab.id! }, files: ['content-scripts/discussions.js'] });
    }, FORUM.url);
    await pause(300);
    // One badge still, not one per copy.
    assert.deepEqual(await readBadges(forum), before);
    assert.equal(await forum.evaluate(() => document.querySelectorAll('[data-doneness-badge]').length), 1);
  });

  it('lists the domain on the dashboard', async () => {
    const dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.locator(`[data-origin="${ORIGIN}"]`).waitFor({ timeout: 5000 });
    await dashboard.getByLabel(`Doneness on ${ORIGIN}`).waitFor();
    await dashboard.close();
  });

  it('keeps badges on the domain after a browser restart', async () => {
    const profileDir = launched.profileDir;
    await launched.context.close();
    launched = await launch({ profileDir, pages: [FORUM] });
    forum = await launched.context.newPage();
    await forum.goto(FORUM.url);
    const { value } = await waitFor(() => readBadges(forum), (b) => b.length === 1, 8000).catch(async (error: Error) => {
      // What to look at if this ever fails: was the script registered, and did it run?
      // A string, not a function: the test runner's transpiler names functions with a helper
      // that does not exist in the worker.
      const seen = await launched.worker.evaluate(`(async () => {
        const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(FORUM.url)} });
        const ran = tab
          ? await chrome.scripting
              .executeScript({ target: { tabId: tab.id }, func: () => Boolean(globalThis.__donenessContentScript) })
              .then((r) => r[0]?.result, (e) => 'cannot probe: ' + e.message)
          : 'no tab';
        return { registered: (await chrome.scripting.getRegisteredContentScripts()).map((r) => r.id), contentScriptRan: ran };
      })()`);
      throw new Error(`${error.message}; ${JSON.stringify(seen)}`);
    });
    assert.equal(value[0].key, KEY);
  });

  it('switching the domain off and revoking it on the dashboard stop the badges', async () => {
    const dashboard = await openExtensionPage(launched, 'options.html');
    await dashboard.getByLabel(`Doneness on ${ORIGIN}`).uncheck();
    await waitFor(() => launched.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()), (s) => s.length === 0, 5000);
    await forum.reload();
    await pause(1000);
    assert.deepEqual(await readBadges(forum), []);
    await dashboard.getByLabel(`Doneness on ${ORIGIN}`).check();
    await forum.reload();
    await waitFor(() => readBadges(forum), (b) => b.length === 1, 8000);
    await dashboard.getByRole('button', { name: `Revoke access to ${ORIGIN}` }).click();
    await waitFor(() => launched.worker.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), ORIGIN), (ok) => !ok, 5000);
    await dashboard.locator(`[data-origin="${ORIGIN}"]`).waitFor({ state: 'detached', timeout: 5000 });
    await forum.reload();
    await pause(1000);
    assert.deepEqual(await readBadges(forum), []);
    await dashboard.close();
  });
});

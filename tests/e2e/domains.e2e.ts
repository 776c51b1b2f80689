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
 *
 * No step waits a fixed time: each waits on what the next key press needs (the popup shown with
 * the keyboard focus on the right button; the dialog up, which shows as the popup closed and the
 * browser window without focus; the grant in `permissions.contains`; the script registered), and
 * the dialog step starts over, within a bounded time, when a key press got lost on a busy
 * machine. Each test brings the browser to the state it needs (browser up, forum tab open,
 * domain enabled) instead of relying on the test before it.
 * "Annotate this page" goes the same way (popup by keyboard, Tab to the button, Enter) and needs
 * no prompt at all: `activeTab` lets it inject the content script into that one tab.
 */
declare const chrome: {
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  storage: { local: { get(key: string | null): Promise<Record<string, unknown>> } };
  scripting: {
    getRegisteredContentScripts(): Promise<Array<{ id: string; matches?: string[] }>>;
    executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown>;
  };
  tabs: { query(filter: { url: string }): Promise<Array<{ id?: number }>> };
};
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ROOT, launch, openExtensionPage, readBadges, waitFor, type Launched, type ServedPage } from './harness';
import { MISSING_DESKTOP_TOOLS, openPopupFocused as openPopupOn, popupState as popupIn, startDisplay, windowFocused as focusedIn, type Display } from './desktop';

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
const SCRIPT_ID = `doneness-domain:${ORIGIN}`;
/** The longest the real-dialog step may take, all its attempts together. */
const GRANT_DEADLINE_MS = 90_000;

let display: Display | null = null;
let launched: Launched | null = null;
let profileDir = '';
let forum: Page | null = null;
/** An extension page kept in a background tab: it can look into the popup (same extension). */
let helper: Page | null = null;

function key(...keys: string[]): void {
  display!.key(...keys);
}

/** The browser, headed in the private display; started again on the same profile when closed. */
let browserClosed = true;
async function browserUp(): Promise<Launched> {
  if (launched && !browserClosed) return launched;
  launched = await launch({ profileDir: profileDir || undefined, pages: [FORUM, QA], headless: false, env: { DISPLAY: display!.name } });
  browserClosed = false;
  launched.context.on('close', () => (browserClosed = true));
  profileDir = launched.profileDir;
  // The helper first, so that it stays a background tab (a tab opened later comes to the front).
  helper = await openExtensionPage(launched, 'options.html');
  forum = null;
  return launched;
}

async function helperPage(): Promise<Page> {
  const l = await browserUp();
  if (!helper || helper.isClosed()) helper = await openExtensionPage(l, 'options.html');
  return helper;
}

/** The forum's tab, opened when there is none. */
async function forumPage(): Promise<Page> {
  const l = await browserUp();
  if (!forum || forum.isClosed()) {
    forum = await l.context.newPage();
    await forum.goto(FORUM.url);
  }
  return forum;
}

const worker = () => launched!.worker;
const granted = (origin = ORIGIN) => worker().evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), origin);
const registered = () => worker().evaluate(() => chrome.scripting.getRegisteredContentScripts());
const windowFocused = () => focusedIn(worker());
/** The pending requests the background will finish when the grant arrives (origins, recorded at). */
const pendingRequests = () =>
  worker().evaluate(async () =>
    Object.entries(await chrome.storage.local.get(null))
      .filter(([k]) => k.startsWith('pendingDomain:'))
      .map(([, v]) => v as { origin: string; at: number }),
  );

/** The open toolbar popup's state, or null when none is open. */
const popupState = async () => popupIn(await helperPage());

/** Opens the real toolbar popup on `front`, focused on `focused` (tests/e2e/desktop.ts). */
const openPopupFocused = (front: Page, focused: RegExp, deadline?: number) =>
  openPopupOn(display!, { helper: helperPage, worker }, front, focused, deadline);

/**
 * Enables the forum's origin as a person does: "Enable Doneness on <origin>" in the popup,
 * then "Allow" in Chromium's real dialog. Each attempt waits for the dialog to be up (the popup
 * closed, the browser window without the focus, the request recorded for the background)
 * before Tab, Enter; when the grant does not show in `permissions.contains`, Escape closes
 * whatever is open and the attempt starts over, until GRANT_DEADLINE_MS.
 */
async function grantThroughDialog(): Promise<void> {
  const page = await forumPage();
  const deadline = Date.now() + GRANT_DEADLINE_MS;
  const attempts: string[] = [];
  while (!(await granted())) {
    if (Date.now() > deadline) throw new Error(`no grant within ${GRANT_DEADLINE_MS} ms: ${attempts.join('; ')}`);
    await openPopupFocused(page, new RegExp(`^Enable Doneness on ${ORIGIN.replace(/\./g, '\\.')}$`), deadline);
    const pressed = Date.now();
    key('Return');
    const dialog = await waitFor(
      async () => ({ popup: await popupState(), windowFocused: await windowFocused(), pending: await pendingRequests(), granted: await granted() }),
      (s) => s.granted || (s.popup === null && !s.windowFocused && s.pending.some((p) => p.origin === ORIGIN && p.at >= pressed)),
      10_000,
    ).catch((e: Error) => e);
    if (dialog instanceof Error) {
      attempts.push(`no dialog (${dialog.message})`);
      key('Escape');
      continue;
    }
    if (dialog.value.granted) break;
    // The popup closes when Chromium starts its dialog, but the dialog shows (and puts the
    // focus on "Deny") a moment later, later still on a busy machine, and nothing outside the
    // browser's own UI can see that moment (the dialog is drawn inside the browser's X window).
    // A Tab that comes too early is lost and the Enter after it denies; so the Tab waits a
    // little, twice as long on each attempt after a denial. Enter repeats: the dialog also
    // ignores a press that comes too soon after it showed (input protection).
    await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempts.length, 8000)));
    key('Tab');
    const pressUntil = Math.min(deadline, Date.now() + 20_000);
    let outcome = '';
    while (!outcome) {
      key('Return');
      const seen = await waitFor(
        async () => ({ granted: await granted(), windowFocused: await windowFocused() }),
        (s) => s.granted || s.windowFocused,
        1000,
      ).catch(() => null);
      if (seen?.value.granted) outcome = 'granted';
      else if (seen?.value.windowFocused) outcome = 'dialog closed without a grant';
      else if (Date.now() > pressUntil) outcome = 'no grant after Enter';
    }
    if (outcome !== 'granted') {
      attempts.push(outcome);
      key('Escape'); // the dialog, if it is still up, closes as a denial; the next attempt asks again
      await waitFor(windowFocused, Boolean, 10_000).catch(() => undefined);
    }
  }
  if (attempts.length) console.log(`# the grant took ${attempts.length + 1} attempt(s): ${attempts.join('; ')}`);
}

/** The domain enabled as the popup leaves it: granted, registered, listed, badges on the forum. */
async function domainEnabled(): Promise<Page> {
  const page = await forumPage();
  if (!(await granted())) await grantThroughDialog();
  await waitFor(registered, (s) => s.some((r) => r.id === SCRIPT_ID), 15_000);
  await waitFor(() => readBadges(page), (b) => b.length === 1, 15_000).catch(async () => {
    await page.reload();
    await waitFor(() => readBadges(page), (b) => b.length === 1, 15_000);
  });
  return page;
}

/**
 * Whether Doneness's content script runs in `page` (its instance in the extension's world), asked
 * at document_idle, when a registered script would have run. `no access` without a permission.
 * A string, not a function: the test runner's transpiler names functions with a helper that does
 * not exist in the worker.
 */
function contentScriptIn(page: Page): Promise<boolean | string> {
  return worker().evaluate(`(async () => {
    const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(page.url())} });
    // Without the tabs permission, a query by URL finds only tabs the extension may script.
    if (!tab) return 'no access';
    return chrome.scripting
      .executeScript({ target: { tabId: tab.id }, func: () => Boolean(globalThis.__donenessContentScript?.alive) })
      .then((r) => r[0]?.result, () => 'no access');
  })()`);
}

describe('company domains in Chromium', { skip: MISSING_DESKTOP_TOOLS.length ? `needs ${MISSING_DESKTOP_TOOLS.join(' and ')}` : false }, () => {
  before(async () => {
    display = await startDisplay();
    await browserUp();
  });
  after(async () => {
    await launched?.context.close().catch(() => undefined);
    display?.stop();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('shows nothing on a company domain that is not enabled', async (t) => {
    const page = await forumPage();
    if (await granted()) return t.skip('the domain was enabled by a test before this one');
    assert.equal(await granted(), false);
    assert.deepEqual(await registered(), []);
    assert.equal(await contentScriptIn(page), 'no access');
    assert.deepEqual(await readBadges(page), []);
  });

  it('"Annotate this page" in the popup badges any other page through activeTab, with no host permission', async () => {
    await browserUp();
    const qa = await launched!.context.newPage();
    await qa.goto(QA.url);
    assert.equal(await granted('https://qa.bakers.example'), false);
    assert.equal(await contentScriptIn(qa), 'no access');
    assert.deepEqual(await readBadges(qa), []);
    await openPopupFocused(qa, /^Enable Doneness on https:\/\/qa\.bakers\.example$/);
    key('Tab');
    await waitFor(popupState, (p) => p?.active === 'Annotate this page', 10_000);
    key('Return');
    const { value } = await waitFor(() => readBadges(qa), (b) => b.length === 1, 15_000);
    assert.equal(value[0].key, 'generic:https://qa.bakers.example/questions/118/why-does-my-bread-collapse');
    assert.match(value[0].label, /Answered on the page/);
    assert.equal(await granted('https://qa.bakers.example'), false);
    if (await popupState()) key('Escape'); // close the popup
    await waitFor(popupState, (p) => p === null, 10_000);
    await qa.close();
  });

  it('asks for the origin permission from the popup, and shows badges once it is granted', async () => {
    const page = await forumPage();
    if (!(await granted())) await grantThroughDialog();
    // The background finished enabling (the popup closed when the dialog opened): registered,
    // started in the open tab, remembered.
    await waitFor(registered, (s) => s.some((r) => r.id === SCRIPT_ID), 15_000);
    const { value: badges } = await waitFor(() => readBadges(page), (b) => b.length === 1, 15_000);
    assert.equal(badges[0].key, KEY);
    const stored = await worker().evaluate(() => chrome.storage.local.get('companyDomains'));
    assert.deepEqual(
      (stored.companyDomains as Array<{ origin: string; kind: string; enabled: boolean }>).map((d) => [d.origin, d.kind, d.enabled]),
      [[ORIGIN, 'discourse', true]],
    );
    assert.deepEqual((await registered()).map((s) => s.matches), [['https://community.corp.example/*']]);
    assert.deepEqual(await pendingRequests(), []);
  });

  it('hands a second copy of the script injected into the page over to the running one', async () => {
    const page = await domainEnabled();
    const before = await readBadges(page);
    // Mark the running instance, inject the file again, and find the same instance still running.
    const probe = (code: string) =>
      worker().evaluate(`(async () => {
        const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(FORUM.url)} });
        const [r] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: ${code} });
        return r?.result;
      })()`);
    assert.equal(await probe(`() => { globalThis.__donenessContentScript.marked = true; return true; }`), true);
    await worker().evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      await chrome.scripting.executeScript({ target: { tabId: tab.id! }, files: ['content-scripts/company.js'] });
    }, FORUM.url);
    assert.equal(await probe(`() => globalThis.__donenessContentScript.marked === true && globalThis.__donenessContentScript.alive`), true);
    // One badge still, not one per copy.
    assert.deepEqual(await readBadges(page), before);
    assert.equal(await page.evaluate(() => document.querySelectorAll('[data-doneness-badge]').length), 1);
  });

  it('lists the domain on the dashboard', async () => {
    await domainEnabled();
    const dashboard = await openExtensionPage(launched!, 'options.html');
    await dashboard.locator(`[data-origin="${ORIGIN}"]`).waitFor({ timeout: 15_000 });
    await dashboard.getByLabel(`Doneness on ${ORIGIN}`).waitFor({ timeout: 15_000 });
    await dashboard.close();
  });

  it('keeps badges on the domain after a browser restart', async () => {
    await domainEnabled();
    await launched!.context.close();
    await browserUp();
    const page = await forumPage();
    const { value } = await waitFor(() => readBadges(page), (b) => b.length === 1, 15_000).catch(async (error: Error) => {
      // What to look at if this ever fails: was the script registered, and did it run?
      const seen = { registered: (await registered()).map((r) => r.id), contentScriptRan: await contentScriptIn(page) };
      throw new Error(`${error.message}; ${JSON.stringify(seen)}`);
    });
    assert.equal(value[0].key, KEY);
  });

  it('switching the domain off and revoking it on the dashboard stop the badges', async () => {
    const page = await domainEnabled();
    const dashboard = await openExtensionPage(launched!, 'options.html');
    await dashboard.getByLabel(`Doneness on ${ORIGIN}`).uncheck({ timeout: 15_000 });
    await waitFor(registered, (s) => s.length === 0, 15_000);
    await page.reload();
    // Still granted, so the probe runs: the page loaded without the script.
    assert.equal(await contentScriptIn(page), false);
    assert.deepEqual(await readBadges(page), []);
    await dashboard.getByLabel(`Doneness on ${ORIGIN}`).check();
    await waitFor(registered, (s) => s.some((r) => r.id === SCRIPT_ID), 15_000);
    await page.reload();
    await waitFor(() => readBadges(page), (b) => b.length === 1, 15_000);
    await dashboard.getByRole('button', { name: `Revoke access to ${ORIGIN}` }).click();
    await waitFor(granted, (ok) => !ok, 15_000);
    await dashboard.locator(`[data-origin="${ORIGIN}"]`).waitFor({ state: 'detached', timeout: 15_000 });
    assert.deepEqual(await registered(), []);
    await page.reload();
    assert.equal(await contentScriptIn(page), 'no access');
    assert.deepEqual(await readBadges(page), []);
    await dashboard.close();
  });
});

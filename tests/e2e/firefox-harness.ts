/**
 * Firefox harness: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with the
 * test build of the extension (WXT_TEST_HOOKS=true, in <output folder>-fftest) installed as a temporary
 * add-on, and pages of real sites served from fixtures at their real URLs by request
 * interception (everything else is refused).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT, type ServedPage } from './harness';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = path.join(
  ROOT,
  process.env.DONENESS_FF_OUT ?? `${process.env.DONENESS_OUT ?? '.output'}-fftest`,
  'firefox-mv3',
);
const HOOK = 'https://doneness.test/open/';

export interface FirefoxLaunched {
  browser: Browser;
  profileDir: string;
}

/** A fresh, empty Firefox profile directory. */
export function freshFirefoxProfile(): string {
  return mkdtempSync(path.join(tmpdir(), 'doneness-firefox-'));
}

/**
 * Starts Firefox on `profileDir` with the build in `extensionDir` installed (the test build unless
 * told otherwise; none with null, for a caller that installs builds itself).
 */
export async function launchFirefox(
  profileDir = freshFirefoxProfile(),
  extensionDir: string | null = FIREFOX_EXTENSION_DIR,
): Promise<FirefoxLaunched> {
  if (extensionDir && !existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`no Firefox build at ${extensionDir}: run npm test (it builds the test build)`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profileDir,
    extraPrefsFirefox: {
      // A temporary add-on is removed when Firefox closes; keep its id → origin mapping and its
      // data so the restart test sees the same IndexedDB, as a signed install would.
      'extensions.webextensions.keepUuidOnUninstall': true,
      'extensions.webextensions.keepStorageOnUninstall': true,
      'dom.security.https_first': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  if (extensionDir) await browser.installExtension(extensionDir);
  return { browser, profileDir };
}

/** A new tab that serves `pages` at their URLs, lets hook URLs through and refuses the rest. */
export async function servingPage(browser: Browser, pages: ServedPage[]): Promise<Page> {
  const page = await browser.newPage();
  const bodies = new Map(pages.map((p) => [p.url, readFileSync(p.file, 'utf8')]));
  await page.setRequestInterception(true);
  // A request can be gone (its tab navigated away) before it is answered: ignore that race.
  const settle = (answer: Promise<void>) => void answer.catch(() => undefined);
  page.on('request', (request) => {
    const url = request.url().split('#')[0];
    const body = bodies.get(url);
    if (body !== undefined) settle(request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    else if (url.startsWith(HOOK)) settle(request.respond({ status: 200, contentType: 'text/html', body: '<title>hook</title>' }));
    else if (url.startsWith('moz-extension://')) settle(request.continue());
    else settle(request.abort());
  });
  return page;
}

/**
 * Opens an extension page (popup.html, sidepanel.html, options.html) in a new tab through the
 * test build's hook; `tabOf` names the page whose tab id the extension page should work on.
 */
export async function openFirefoxExtensionPage(browser: Browser, file: string, tabOf?: string): Promise<Page> {
  const page = await servingPage(browser, []);
  const query = tabOf ? `?tabOf=${encodeURIComponent(tabOf)}` : '';
  await page.goto(`${HOOK}${file}${query}`);
  await page.waitForFunction(() => location.protocol === 'moz-extension:', { timeout: 10000 });
  await page.waitForSelector('main', { timeout: 10000 });
  return page;
}

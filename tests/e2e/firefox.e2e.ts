/**
 * End to end in Firefox ESR (WebDriver BiDi through puppeteer-core) with the Firefox test build:
 * badges on a Wikipedia talk page served at its real URL, a rating from the side panel that is
 * stored, still there after Firefox restarts with the same profile, and in the JSON export.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { parseImportText } from '../../storage/exchange/import';
import { DEMO_PAGES, SCROLL_THROUGH } from './harness';
import { FIREFOX_EXTENSION_DIR, launchFirefox, openFirefoxExtensionPage, servingPage, type FirefoxLaunched } from './firefox-harness';

const TALK = DEMO_PAGES.find((p) => p.url.includes('wikipedia.org'))!;
const expected = JSON.parse(readFileSync(TALK.file.replace(/\.html$/, '.expected.json'), 'utf8')) as {
  result: { threads: Array<{ key: string; title: string }> };
};
const threads = expected.result.threads;
const target = threads[2];

let launched: FirefoxLaunched;

async function openTalk(): Promise<Page> {
  const page = await servingPage(launched.browser, [TALK]);
  await page.goto(TALK.url);
  // Badges are built near the viewport: scroll through as a reader would until all are there.
  const deadline = Date.now() + 15000;
  while ((await page.evaluate(() => document.querySelectorAll('[data-doneness-badge]').length)) < threads.length) {
    if (Date.now() > deadline) throw new Error('not every thread got a badge');
    await page.evaluate(SCROLL_THROUGH);
    await new Promise((r) => setTimeout(r, 100));
  }
  return page;
}

/** Reads an export with the import's own parser: a native file, every record valid. */
function readExport(text: string) {
  const parsed = parseImportText(text);
  assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.problems));
  assert.equal(parsed.format, 'doneness-json');
  assert.deepEqual(parsed.rejected, []);
  return parsed;
}

/** Exports from the dashboard by pressing its button, catching the file the page hands over. */
async function exportFromDashboard(): Promise<string> {
  const dashboard = await openFirefoxExtensionPage(launched.browser, 'options.html');
  await dashboard.evaluate(() => {
    const w = window as unknown as { exported?: Promise<string> };
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download) w.exported = fetch(this.href).then((r) => r.text());
      else original.call(this);
    };
  });
  await dashboard.locator('::-p-aria(Export JSON)').click();
  await dashboard.waitForFunction(() => (window as unknown as { exported?: unknown }).exported !== undefined);
  const text = await dashboard.evaluate(() => (window as unknown as { exported: Promise<string> }).exported);
  await dashboard.close();
  return text;
}

describe('Firefox', () => {
  before(async () => {
    launched = await launchFirefox();
  });
  after(async () => {
    await launched?.browser.close().catch(() => undefined);
    if (launched) rmSync(launched.profileDir, { recursive: true, force: true });
  });

  it('puts a badge on every thread of a talk page', async () => {
    const talk = await openTalk();
    const count = await talk.evaluate(() => document.querySelectorAll('[data-doneness-badge]').length);
    assert.equal(count, threads.length);
    const readable = await talk.evaluate(() =>
      [...document.querySelectorAll('[data-doneness-badge]')].some((el) => el.shadowRoot !== null),
    );
    assert.equal(readable, false, 'badges are closed to page scripts');
  });

  it('keeps its badges when the page forges the start notice of a newer copy of the script', async () => {
    const talk = await openTalk();
    const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      browser_specific_settings: { gecko: { id: string } };
    };
    // A retired copy takes its badges away.
    const count = () => talk.evaluate(() => document.querySelectorAll('[data-doneness-badge]').length);
    assert.equal(await count(), threads.length);
    await talk.evaluate((id) => {
      document.dispatchEvent(new CustomEvent(`${id}:discussions:wxt:content-script-started`, {
        detail: { contentScriptName: 'discussions', messageId: 'forged' },
      }));
    }, manifest.browser_specific_settings.gecko.id);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await count(), threads.length);
    await talk.close();
  });

  it('rates a thread to 60% with 2 open issues from the side panel', async () => {
    const panel = await openFirefoxExtensionPage(launched.browser, 'sidepanel.html', TALK.url);
    await panel.locator(`::-p-text(${target.title})`).click();
    const slider = `[aria-label="Maturity of ${target.title}"]`;
    await panel.waitForSelector(slider);
    await panel.$eval(slider, (input) => {
      const el = input as HTMLInputElement;
      el.value = '60';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    for (const text of ['Who signs off?', 'Does it work on mobile?']) {
      const field = await panel.waitForSelector('[aria-label="New open issue"]');
      await field!.type(text);
      await field!.press('Enter');
      await panel.waitForFunction((t) => document.body.textContent!.includes(t), {}, text);
    }
    await panel.close();
    const exported = readExport(await exportFromDashboard());
    const annotation = exported.annotations.find((a) => a.threadKey === target.key);
    assert.equal(annotation?.maturity, 60);
    assert.equal(annotation?.issues.filter((i) => i.status === 'open' && !i.deleted).length, 2);
  });

  it('keeps the rating after Firefox restarts with the same profile, and exports it', async () => {
    const profileDir = launched.profileDir;
    await launched.browser.close();
    launched = await launchFirefox(profileDir);
    await openTalk();
    const exported = readExport(await exportFromDashboard());
    assert.equal(exported.annotations.length, 1);
    const annotation = exported.annotations[0];
    assert.equal(annotation.threadKey, target.key);
    assert.equal(annotation.maturity, 60);
    assert.deepEqual(
      annotation.issues.map((i) => i.text).sort(),
      ['Does it work on mobile?', 'Who signs off?'],
    );
  });
});

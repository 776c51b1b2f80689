/**
 * `npm run screenshots` (after a build): drives the built extension in headless Chromium over the
 * bundled Wikipedia talk page, records a few realistic assessments through the real background,
 * and writes the README's screenshots to docs/screenshots/: inline badges on a light and a dark
 * page, then the popup (400 px), the side panel's list and editor (320, 360, 400 px) and the
 * dashboard (1024, 1280 px), each light and dark, named <surface>-<width>-<scheme>.png.
 *
 * It also writes the store listing to docs/store/: 1280×800 screenshots of the badges on a page,
 * the side panel beside that page and the dashboard; the 128 px icon of the build; and the short
 * and long description of each locale of the build's _locales (extDescription and
 * storeLongDescription).
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, ROOT, launch, openExtensionPage, readBadges, tabIdOf, waitFor, type Launched } from '../tests/e2e/harness';
import { SCHEMES, SURFACES, seedDemo } from '../tests/e2e/surfaces';
import { TALK, threads } from '../tests/support/demo-stories';

const OUT = path.join(ROOT, 'docs', 'screenshots');
const STORE = path.join(ROOT, 'docs', 'store');
/** The screenshot size both stores take. */
const STORE_SIZE = { width: 1280, height: 800 };
/** Colours like Wikipedia's night mode, for the badge-on-a-dark-page shot. */
const DARK_PAGE_CSS = `html,body{background:#101418!important;color:#eaecf0!important}
a{color:#88a3e8!important} h2,h3{color:#f8f9fa!important;border-color:#54595d!important}`;

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await page.screenshot({ path: path.join(OUT, name), fullPage: options.fullPage ?? false });
  console.log(`docs/screenshots/${name}`);
}

async function themed(page: Page, scheme: 'light' | 'dark', name: string, fullPage = false) {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForTimeout(100);
  await shoot(page, name, { fullPage });
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const launched = await launch();
  try {
    const talk = await launched.context.newPage();
    await talk.setViewportSize({ width: 820, height: 420 });
    await talk.goto(TALK.url);
    await waitFor(() => readBadges(talk), (b) => b.length === threads.length, 10000);
    const tabId = await tabIdOf(launched, talk);

    await seedDemo(launched);
    await waitFor(() => readBadges(talk), (b) => b.filter((x) => /baked/.test(x.label)).length >= 5, 10000);

    // Badges on the page, light and dark, each in a fresh tab at the same spot.
    for (const scheme of ['light', 'dark'] as const) {
      const page = await launched.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 760, height: 380 });
      await page.goto(TALK.url);
      if (scheme === 'dark') await page.addStyleTag({ content: DARK_PAGE_CSS });
      await waitFor(() => readBadges(page), (b) => b.filter((x) => /baked/.test(x.label)).length >= 5, 10000);
      await page.evaluate(() => {
        document.getElementById('Dark_mode_and_infobox_colours')?.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -60);
      });
      await themed(page, scheme, `badge-${scheme}.png`);
      await page.close();
    }

    // Every surface at every width people use it, light and dark (tests/e2e/surfaces.ts).
    for (const surface of SURFACES) {
      const page = await surface.open(launched, tabId);
      for (const scheme of SCHEMES) await themed(page, scheme, `${surface.name}-${scheme}.png`, true);
      await page.close();
    }
    await storeListing(launched, tabId);
  } finally {
    await launched.context.close();
  }
}

/** The store listing: screenshots, icon and descriptions, into docs/store/. */
async function storeListing(launched: Launched, tabId: number) {
  mkdirSync(STORE, { recursive: true });
  const store = async (page: Page, name: string) => {
    await page.screenshot({ path: path.join(STORE, name) });
    console.log(`docs/store/${name}`);
  };

  // The badges on the talk page.
  const page = await launched.context.newPage();
  await page.setViewportSize(STORE_SIZE);
  await page.goto(TALK.url);
  await waitFor(() => readBadges(page), (b) => b.filter((x) => /baked/.test(x.label)).length >= 5, 10000);
  await page.evaluate(() => {
    document.getElementById('Dark_mode_and_infobox_colours')?.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -120);
  });
  await store(page, 'screenshot-1-badges.png');

  // The side panel beside the page, as Chrome shows it: both shot at their sizes, then set side
  // by side on one 1280×800 canvas (an extension page cannot be framed into a web page).
  const panelWidth = 400;
  await page.setViewportSize({ width: STORE_SIZE.width - panelWidth, height: STORE_SIZE.height });
  await page.evaluate(() => {
    document.getElementById('Dark_mode_and_infobox_colours')?.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -120);
  });
  await waitFor(() => readBadges(page, undefined, { scroll: false }), (b) => b.length > 0, 10000);
  const pageShot = await page.screenshot();
  const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
  await panel.setViewportSize({ width: panelWidth, height: STORE_SIZE.height });
  const heading = panel.getByRole('heading', { name: threads[1].title });
  await Promise.race([heading.waitFor(), panel.locator('.thread-list').waitFor()]);
  if (!(await heading.isVisible())) await panel.getByRole('button', { name: threads[1].title }).click();
  await heading.waitFor();
  const panelShot = await panel.screenshot();
  await panel.close();
  const canvas = await launched.context.newPage();
  await canvas.setViewportSize(STORE_SIZE);
  const img = (png: Buffer, width: number) => `<img width="${width}" height="${STORE_SIZE.height}" src="data:image/png;base64,${png.toString('base64')}">`;
  await canvas.setContent(
    `<body style="margin:0;display:flex;background:#fff">${img(pageShot, STORE_SIZE.width - panelWidth)}` +
      `<div style="width:1px;background:#c8ccd1"></div>${img(panelShot, panelWidth - 1)}</body>`,
  );
  await canvas.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
  await store(canvas, 'screenshot-2-side-panel.png');
  await canvas.close();
  await page.close();

  // The dashboard.
  const dashboard = await openExtensionPage(launched, 'options.html');
  await dashboard.setViewportSize(STORE_SIZE);
  await dashboard.locator('table.annotations tbody tr').first().waitFor();
  await store(dashboard, 'screenshot-3-dashboard.png');
  await dashboard.close();

  // The icon and the descriptions, from the build.
  copyFileSync(path.join(EXTENSION_DIR, 'icon', '128.png'), path.join(STORE, 'icon-128.png'));
  console.log('docs/store/icon-128.png');
  const locales = path.join(EXTENSION_DIR, '_locales');
  for (const locale of readdirSync(locales).sort()) {
    const messages = JSON.parse(readFileSync(path.join(locales, locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
    const short = messages.extDescription?.message;
    const long = messages.storeLongDescription?.message;
    if (!short || !long) throw new Error(`_locales/${locale} lacks extDescription or storeLongDescription`);
    const name = messages.extName?.message ?? 'Doneness';
    writeFileSync(
      path.join(STORE, `listing.${locale}.md`),
      `<!-- Made by npm run screenshots from public/_locales/${locale}/messages.json: edit it there. -->\n` +
        `# ${name} (${locale})\n\n## Short description\n\n${short}\n\n## Long description\n\n${long}\n`,
    );
    console.log(`docs/store/listing.${locale}.md`);
  }
}

main().catch((error) => {
  console.error(`screenshots failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});

/**
 * `npm start` (after the build): opens Chromium with the extension on the bundled demo
 * discussions, served at their real URLs. With a display the browser stays open for you to
 * explore; without one the same tour runs headless, prints what it found and writes screenshots
 * of the page, popup, side panel and dashboard to screenshots/tour/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { COMPANY_DEMO_PAGES, DEMO_PAGES, ROOT, launch, openExtensionPage, readBadges, tabIdOf, waitFor } from '../tests/e2e/harness';

const headed = Boolean(process.env.DISPLAY) && process.env.DONENESS_HEADLESS !== '1';
const outDir = path.join(ROOT, 'screenshots', 'tour');

async function main() {
  const launched = await launch({ headless: !headed, pages: [...DEMO_PAGES, ...COMPANY_DEMO_PAGES] });
  console.log(`Doneness loaded in Chromium (extension id ${launched.extensionId}), ${headed ? 'headed' : 'headless'}.`);
  const pages = [];
  for (const demo of DEMO_PAGES) {
    const page = await launched.context.newPage();
    await page.goto(demo.url);
    const { value: badges } = await waitFor(() => readBadges(page), (b) => b.length > 0, 10000).catch(() => ({ value: [] }));
    console.log(`${demo.url}\n  ${badges.length} discussions found:`);
    for (const badge of badges) console.log(`   - #${badge.anchorId}: ${badge.label}`);
    pages.push(page);
  }
  // Self-hosted software (Discourse, Confluence Server, any other site) runs once enabled.
  for (const demo of COMPANY_DEMO_PAGES) {
    const page = await launched.context.newPage();
    await page.goto(demo.url);
    console.log(`${demo.url}\n  company domain: open the popup (Alt+Shift+O) and choose "Enable Doneness on ${new URL(demo.url).origin}"`);
  }
  if (headed) {
    console.log('\nClick a badge to rate a discussion; close the browser window to end the tour.');
    await new Promise((resolve) => launched.context.on('close', resolve));
    return;
  }
  mkdirSync(outDir, { recursive: true });
  const page = pages[0];
  const tabId = await tabIdOf(launched, page);
  await page.screenshot({ path: path.join(outDir, '1-talk-page.png') });
  const popup = await openExtensionPage(launched, `popup.html?tab=${tabId}`);
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.waitForSelector('.thread-list, .empty');
  await popup.screenshot({ path: path.join(outDir, '2-popup.png') });
  const panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
  await panel.setViewportSize({ width: 400, height: 800 });
  await panel.waitForSelector('.thread-list, .empty');
  await panel.locator('.thread-list .title').first().click().catch(() => undefined);
  await panel.screenshot({ path: path.join(outDir, '3-side-panel.png') });
  const dashboard = await openExtensionPage(launched, 'options.html');
  await dashboard.waitForSelector('h2');
  await dashboard.screenshot({ path: path.join(outDir, '4-dashboard.png') });
  console.log(`\nNo display: ran the tour headless; screenshots in ${path.relative(process.cwd(), outDir)}/`);
  await launched.context.close();
}

main().catch((error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

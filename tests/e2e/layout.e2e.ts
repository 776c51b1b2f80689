/**
 * Layout and accessibility of every surface at every width people use (issue 18): the popup at
 * 400 px, the side panel's list and editor (with a resolve form open) at 320, 360 and 400 px,
 * the dashboard at 1024 and 1280 px, in light and dark. Fails when a page scrolls sideways, a
 * control reaches past the edge or a placeholder is cut off, or axe finds a serious or critical
 * violation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { closeAndDelete, launch, type Launched } from './harness';
import { SCHEMES, SURFACES, layoutProblems, openDemoTab, seedDemo } from './surfaces';
import { axeViolations } from './ui-helpers';

let launched: Launched;
let tabId: number;

describe('layout at every width, light and dark', () => {
  before(async () => {
    launched = await launch();
    tabId = await openDemoTab(launched);
    await seedDemo(launched);
  });
  after(() => closeAndDelete(launched));

  for (const surface of SURFACES) {
    it(`${surface.name}: no sideways scroll, every control inside, axe clean (light and dark)`, async () => {
      const page: Page = await surface.open(launched, tabId);
      try {
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          assert.deepEqual(await layoutProblems(page), [], `${surface.name} ${scheme}: layout`);
          assert.deepEqual(await axeViolations(page), [], `${surface.name} ${scheme}: axe`);
        }
      } finally {
        await page.close();
      }
    });
  }
});

/**
 * Issue 18, defect 2: resolve, delete and undo an issue in the side panel with the keyboard
 * alone; after each, focus is on the next sensible control (document.activeElement), never on
 * <body>: after Resolve, the next open issue's Resolve; after Delete, the Undo button; after
 * Undo, the restored issue's Resolve.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { closeAndDelete, launch, openExtensionPage, waitFor, type Launched } from './harness';
import { EDITED, openDemoTab, seedDemo } from './surfaces';

let launched: Launched;
let panel: Page;

/** The accessible name of the focused element ('<body>' when focus fell to the page). */
const focusedName = () =>
  panel.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    return el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.localName;
  });

/** Presses Tab until the focused control has this name (at most 80 presses). */
async function tabTo(name: string) {
  for (let i = 0; i < 80; i++) {
    if ((await focusedName()) === name) return;
    await panel.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached "${name}"`);
}

const focusSettlesOn = (name: string) => waitFor(focusedName, (n) => n === name, 5000).then(({ value }) => assert.equal(value, name));

describe('issues by keyboard alone', () => {
  before(async () => {
    launched = await launch();
    const tabId = await openDemoTab(launched);
    await seedDemo(launched);
    panel = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
    await panel.setViewportSize({ width: 360, height: 900 });
    await panel.locator('.thread-list').waitFor();
    // Open the discussion from the list with Tab and Enter.
    await tabTo(EDITED.title);
    await panel.keyboard.press('Enter');
    await panel.getByRole('heading', { name: EDITED.title }).waitFor();
  });
  after(() => closeAndDelete(launched));

  it('resolve: focus goes on to the next open issue', async () => {
    await tabTo('Resolve: Who updates the style guide?');
    await panel.keyboard.press('Enter');
    await focusSettlesOn('Resolution of: Who updates the style guide?');
    await panel.keyboard.type('The docs team');
    await panel.keyboard.press('Enter');
    await panel.locator('.issue.resolved', { hasText: 'Who updates the style guide?' }).waitFor();
    await focusSettlesOn('Resolve: Night mode contrast for navboxes');
  });

  it('delete: focus is on Undo; undo: focus is on the restored issue', async () => {
    await tabTo('Delete: Night mode contrast for navboxes');
    await panel.keyboard.press('Enter');
    await panel.locator('.undo-bar').waitFor();
    await focusSettlesOn('Undo');
    assert.equal(await panel.locator('.issue', { hasText: 'Night mode contrast for navboxes' }).count(), 0);
    // Still there well after the 10 s it used to vanish in? It stays while it has focus: pressing
    // Enter now is "in time" whatever the reader's speed.
    await panel.keyboard.press('Enter');
    await panel.locator('.issue.open', { hasText: 'Night mode contrast for navboxes' }).waitFor();
    await focusSettlesOn('Resolve: Night mode contrast for navboxes');
    assert.equal(await panel.locator('.undo-bar').count(), 0);
  });
});

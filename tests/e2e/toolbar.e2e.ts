/**
 * Issue 18, build 1: the toolbar icon counts, per tab, the discussions there that are due for
 * review, read back with chrome.action.getBadgeText({tabId}); the count appears once a review
 * date has passed, clears when the review date moves on, and the tooltip says what it counts.
 */
declare const chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string>; getTitle(d: { tabId: number }): Promise<string> } };
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { isoDay } from '../../storage/model';
import { threads } from '../support/demo-stories';
import { closeAndDelete, launch, openExtensionPage, openPage, tabIdOf, waitFor, type Launched } from './harness';
import { openDemoTab } from './surfaces';
import { sendEdit } from './ui-helpers';

let launched: Launched;
let driver: Page;
let tabId: number;
let otherTab: number;
const DAY = 86_400_000;

const badgeText = (tab: number) => launched.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tab);
const title = (tab: number) => launched.worker.evaluate((id) => chrome.action.getTitle({ tabId: id }), tab);

describe('toolbar count per tab', () => {
  before(async () => {
    launched = await launch();
    tabId = await openDemoTab(launched);
    const blank = await openPage(launched, 'about:blank');
    otherTab = await tabIdOf(launched, blank);
    driver = await openExtensionPage(launched, 'options.html');
  });
  after(() => closeAndDelete(launched));

  it('shows nothing while nothing here needs attention', async () => {
    await sendEdit(driver, threads[0], { kind: 'setMaturity', maturity: 40 });
    await sendEdit(driver, threads[0], { kind: 'setReviewOn', date: isoDay(Date.now() + 7 * DAY) });
    // Wait for the refresh that follows the edit: the tooltip is set with the count.
    await waitFor(() => title(tabId), (t) => t === 'Doneness', 5000);
    assert.equal(await badgeText(tabId), '');
  });

  it('counts a discussion whose review date has passed, and says so in the tooltip', async () => {
    await sendEdit(driver, threads[0], { kind: 'setReviewOn', date: isoDay(Date.now() - DAY) });
    await waitFor(() => badgeText(tabId), (t) => t === '1', 5000);
    assert.equal(await title(tabId), '1 discussion here is due for review');
    await sendEdit(driver, threads[2], { kind: 'setMaturity', maturity: 70 });
    await sendEdit(driver, threads[2], { kind: 'setReviewOn', date: isoDay(Date.now() - 2 * DAY) });
    await waitFor(() => badgeText(tabId), (t) => t === '2', 5000);
    assert.equal(await title(tabId), '2 discussions here are due for review');
    // Only the tab that shows them.
    assert.equal(await badgeText(otherTab), '');
  });

  it('clears when the review dates move on', async () => {
    await sendEdit(driver, threads[0], { kind: 'setReviewOn', date: isoDay(Date.now() + 14 * DAY) });
    await waitFor(() => badgeText(tabId), (t) => t === '1', 5000);
    await sendEdit(driver, threads[2], { kind: 'setReviewOn', date: null });
    const { value } = await waitFor(() => badgeText(tabId), (t) => t === '', 5000);
    assert.equal(value, '');
  });
});

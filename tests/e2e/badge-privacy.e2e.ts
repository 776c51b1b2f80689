/**
 * Issue 20 item 5 in Chromium: a page must not learn a thread's rating from its badge. The page's
 * own `window.find` and selection search text nodes even inside a closed shadow root, so the
 * badge draws its percent and open count as generated content; screen readers still get them
 * from the badge's accessible name, once.
 */
declare const chrome: { storage: { session: { get(keys: null): Promise<Record<string, unknown>> } } };
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_PAGES, closeAndDelete, launch, openExtensionPage, openPage, readBadges, waitFor, type Launched } from './harness';

const TALK = DEMO_PAGES[0];
const expected = JSON.parse(readFileSync(TALK.file.replace(/\.html$/, '.expected.json'), 'utf8')) as {
  result: { threads: Array<{ key: string; title: string; url: string }> };
};
const target = expected.result.threads[1];
const anchor = decodeURIComponent(target.url.slice(target.url.indexOf('#') + 1));

let launched: Launched;
let talk: Page;

const badge = async () => (await readBadges(talk, undefined, { scroll: false })).find((b) => b.anchorId === anchor);

/** What the page's own script learns from `window.find(text)` (searching the whole page, wrapping). */
function pageFinds(text: string): Promise<{ found: boolean; selected: string }> {
  return talk.evaluate((t) => {
    getSelection()!.removeAllRanges();
    const found = (window as unknown as { find(s: string, cs: boolean, back: boolean, wrap: boolean): boolean }).find(t, false, false, true);
    const selected = String(getSelection());
    getSelection()!.removeAllRanges();
    return { found, selected };
  }, text);
}

interface AXNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
}

describe('Badge privacy in Chromium', () => {
  before(async () => {
    launched = await launch();
    talk = await openPage(launched, TALK.url);
  });
  after(() => closeAndDelete(launched));

  it("keeps a thread's 60% and open count from the page's find and selection, not from screen readers", async () => {
    const { value: all } = await waitFor(() => readBadges(talk), (b) => b.length === expected.result.threads.length);
    // Rate the thread in the side panel (clicking its badge selects it), with one open issue.
    await talk.locator('[data-doneness-badge]').nth(all.findIndex((b) => b.anchorId === anchor)).click();
    const panel = await openExtensionPage(launched, 'options.html');
    const { value: tabId } = await waitFor(
      () =>
        panel.evaluate(async () => {
          const key = Object.keys(await chrome.storage.session.get(null)).find((k) => k.startsWith('selection:'));
          return key ? Number(key.slice('selection:'.length)) : 0;
        }),
      (id) => id > 0,
    );
    await panel.goto(`chrome-extension://${launched.extensionId}/sidepanel.html?tab=${tabId}`);
    await panel.getByRole('heading', { name: target.title }).waitFor();
    await panel.getByLabel(`Maturity of ${target.title}`).fill('60');
    await panel.getByLabel('New open issue').fill('Who signs off on the change?');
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    await waitFor(badge, (b) => b?.text === '60%1 open');
    await panel.close();

    // The page's find works (it finds the heading), but not the badge's number or count.
    assert.equal((await pageFinds(target.title)).found, true, 'find works on this page');
    for (const probe of ['60%', '60', '1 open']) {
      const { found, selected } = await pageFinds(probe);
      assert.equal(found, false, `the page finds "${probe}" (selection: "${selected}")`);
    }
    // Selecting the heading with the badge in it gives the page the title only.
    const selected = await talk.evaluate((id) => {
      const heading = document.getElementById(id)!;
      getSelection()!.selectAllChildren(heading.parentElement!);
      const text = String(getSelection());
      getSelection()!.removeAllRanges();
      return text;
    }, anchor);
    assert.doesNotMatch(selected, /60|open/, `selection reads "${selected}"`);

    // Screen readers: the badge's accessible name carries the rating, and nothing reads it twice.
    const cdp = await talk.context().newCDPSession(talk);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    await cdp.detach();
    const naming = nodes.filter((n) => !n.ignored && /60%|1 open/.test(n.name?.value ?? ''));
    const buttons = naming.filter((n) => n.role?.value === 'button');
    assert.deepEqual(buttons.map((n) => n.name?.value.split(' · ').slice(0, 2).join(' · ')), ['60% baked (Baking) · 1 open issue']);
    // The drawn "60%" and "1 open" are no text of their own: the heading (named from its content,
    // the badge included) says the rating once, as the badge's name, and no text node says it.
    for (const node of naming.filter((n) => n.role?.value !== 'button')) {
      assert.equal(node.role?.value, 'heading', `${node.role?.value} "${node.name?.value}"`);
      assert.equal(node.name?.value.match(/60%/g)?.length, 1, `heading "${node.name?.value}"`);
      assert.doesNotMatch(node.name!.value, /1 open(?! issue)/);
    }
  });
});

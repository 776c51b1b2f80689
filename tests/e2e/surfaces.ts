/**
 * The extension's pages at the sizes people use them (issue 18): the popup at 400 px, the side
 * panel at 320 (the narrowest Chrome allows), 360 and 400 px, the dashboard at 1024 and 1280 px,
 * each in light and dark. Shared by the layout e2e and `npm run screenshots`, which both seed the
 * demo data of tests/support/demo-stories.ts first.
 */
import type { Page } from 'playwright-core';
import { TALK, demoStories, threads } from '../support/demo-stories';
import { openExtensionPage, readBadges, tabIdOf, waitFor, type Launched } from './harness';
import { sendEdit } from './ui-helpers';

export type Scheme = 'light' | 'dark';
export const SCHEMES: Scheme[] = ['light', 'dark'];

export interface Surface {
  /** File-name friendly: popup-400, sidepanel-320, sidepanel-editor-320, dashboard-1024. */
  name: string;
  width: number;
  height: number;
  /** Opens the page for the talk page's tab and waits until it shows what is to be checked. */
  open(launched: Launched, tabId: number): Promise<Page>;
}

/** The thread the side panel editor shows: several issues, a note, tags and a review date. */
export const EDITED = threads[1];

async function page(launched: Launched, file: string, width: number, height: number): Promise<Page> {
  const p = await openExtensionPage(launched, file);
  await p.setViewportSize({ width, height });
  return p;
}

/** The side panel on its list of the tab's discussions (nothing selected). */
async function panelList(launched: Launched, tabId: number, width: number): Promise<Page> {
  const p = await page(launched, `sidepanel.html?tab=${tabId}`, width, 800);
  await p.evaluate(() => chrome.storage.session.clear());
  await p.reload();
  await p.locator('.thread-list').waitFor();
  return p;
}

/** The side panel editing EDITED, with the resolve form of its first open issue showing. */
async function panelEditor(launched: Launched, tabId: number, width: number): Promise<Page> {
  const p = await panelList(launched, tabId, width);
  await p.locator('.thread-list button.title', { hasText: EDITED.title }).click();
  await p.getByRole('heading', { name: EDITED.title }).waitFor();
  await p.locator('.issue.open .issue-actions button').first().click();
  await p.locator('.issue .inline-form input').waitFor();
  return p;
}

declare const chrome: { storage: { session: { clear(): Promise<void> } } };

export const SURFACES: Surface[] = [
  {
    name: 'popup-400',
    width: 400,
    height: 600,
    async open(launched, tabId) {
      const p = await page(launched, `popup.html?tab=${tabId}`, 400, 600);
      await p.locator('.thread-list').waitFor();
      return p;
    },
  },
  ...[320, 360, 400].flatMap((width): Surface[] => [
    { name: `sidepanel-${width}`, width, height: 800, open: (l, tab) => panelList(l, tab, width) },
    { name: `sidepanel-editor-${width}`, width, height: 1200, open: (l, tab) => panelEditor(l, tab, width) },
  ]),
  ...[1024, 1280].map(
    (width): Surface => ({
      name: `dashboard-${width}`,
      width,
      height: 900,
      async open(launched) {
        const p = await page(launched, 'options.html', width, 900);
        await p.locator('table.annotations tbody tr').first().waitFor();
        return p;
      },
    }),
  ),
];

/** Opens the demo talk page in a tab, waits for all its badges, and answers the tab's id. */
export async function openDemoTab(launched: Launched): Promise<number> {
  const talk = await launched.context.newPage();
  await talk.goto(TALK.url);
  await waitFor(() => readBadges(talk), (b) => b.length === threads.length, 10_000);
  return tabIdOf(launched, talk);
}

/** Records the demo's stories through the real background (as a person's edits would be). */
export async function seedDemo(launched: Launched): Promise<void> {
  const driver = await openExtensionPage(launched, 'options.html');
  for (const [thread, ops] of demoStories()) for (const op of ops) await sendEdit(driver, thread, op);
  await driver.close();
}

/**
 * What is wrong with a page's layout at its current width: the page scrolls sideways
 * (scrollWidth beyond clientWidth), or a visible control's box reaches past the viewport's
 * left or right edge. Empty when all is well.
 */
export function layoutProblems(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const problems: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} px`);
    if (document.body.scrollWidth > document.body.clientWidth + 1) {
      problems.push(`body is wider than the page: ${document.body.scrollWidth} > ${document.body.clientWidth} px`);
    }
    const width = document.documentElement.clientWidth;
    const controls = document.querySelectorAll<HTMLElement>('button, input:not([type=hidden]), select, textarea, summary, [role=button]');
    for (const el of Array.from(controls)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      if (el.closest('.sr-only')) continue;
      if (box.left < -0.5 || box.right > width + 0.5) {
        const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.localName;
        problems.push(`${el.localName} "${name.slice(0, 40)}" spans ${Math.round(box.left)}–${Math.round(box.right)} px of ${width}`);
      }
    }
    // A placeholder is the field's only hint while it is empty: it must fit, not be cut off.
    const canvas = document.createElement('canvas').getContext('2d')!;
    for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input[placeholder]'))) {
      if (input.getClientRects().length === 0 || input.value) continue;
      const style = getComputedStyle(input);
      canvas.font = style.font;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const needed = canvas.measureText(input.placeholder).width;
      if (needed > room + 1) problems.push(`placeholder "${input.placeholder}" cut off: ${Math.ceil(needed)} px in ${Math.floor(room)} px`);
    }
    return problems;
  });
}

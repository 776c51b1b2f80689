/**
 * Starting the picker in a tab (popup button, keyboard command, context menu "Mark as a
 * discussion"), and the page outline for bug reports. Like "Annotate this page" it needs no host
 * permission: the person's gesture grants `activeTab`, which lets `scripting.executeScript` put
 * the page's content script (for the badges: its site family's, services/shared/annotate-page.ts)
 * and the picker script into that one tab. Other frames: only
 * the top frame is picked in; same-origin iframes are read as part of it by neither (say so).
 */
import { contentScriptForTab } from './annotate-page';
import { CONTENT_GLOBAL, PICKER_GLOBAL, PICKER_SCRIPT_FILE } from '../../protocol/keys';

/** The browser APIs this needs (a subset, so tests can fake them). */
export interface PickBrowser {
  scripting: {
    executeScript(injection: {
      target: { tabId: number };
      files?: string[];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each injected function has its own arguments
      func?: (...args: any[]) => unknown;
      args?: unknown[];
    }): Promise<unknown>;
  };
}

/** Puts the content script (when it is not running yet) and the picker script into a tab. */
export async function ensurePicker(browser: PickBrowser, tabId: number): Promise<void> {
  const [running] = (await browser.scripting.executeScript({
    target: { tabId },
    func: (name: string) => Boolean((globalThis as unknown as Record<string, { alive?: boolean } | undefined>)[name]?.alive),
    args: [CONTENT_GLOBAL],
  })) as { result?: unknown }[];
  if (running?.result !== true) {
    await browser.scripting.executeScript({ target: { tabId }, files: [await contentScriptForTab(browser, tabId)] });
  }
  await browser.scripting.executeScript({ target: { tabId }, files: [PICKER_SCRIPT_FILE] });
}

/**
 * Lets the person pick a discussion in a tab; must be called from a user gesture. Resolves when
 * the picker is on the page (the choice itself goes from the page to the side panel).
 */
export async function startPicking(browser: PickBrowser, tabId: number, options: { fromContext?: boolean; repointKey?: string } = {}): Promise<void> {
  await ensurePicker(browser, tabId);
  await browser.scripting.executeScript({
    target: { tabId },
    func: (name: string, opts: unknown) => {
      const api = (globalThis as unknown as Record<string, { pick(o: unknown): Promise<unknown> } | undefined>)[name];
      void api?.pick(opts);
    },
    args: [PICKER_GLOBAL, options],
  });
}

/** The outline of the page in a tab (no text, no query strings); throws when it cannot be read. */
export async function pageOutlineOf(browser: PickBrowser, tabId: number): Promise<string> {
  await browser.scripting.executeScript({ target: { tabId }, files: [PICKER_SCRIPT_FILE] });
  const [answer] = (await browser.scripting.executeScript({
    target: { tabId },
    func: (name: string) => (globalThis as unknown as Record<string, { outline(): string } | undefined>)[name]?.outline() ?? null,
    args: [PICKER_GLOBAL],
  })) as { result?: unknown }[];
  if (typeof answer?.result !== 'string') throw new Error('no outline');
  return answer.result;
}

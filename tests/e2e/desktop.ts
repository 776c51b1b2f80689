/**
 * Driving Chromium as a person does, for what Playwright cannot reach: the browser runs headed in
 * a private Xvfb display and keys are pressed with xdotool, so keyboard commands (the toolbar
 * popup's Alt+Shift+O, which grants `activeTab` as a click on the toolbar button does; the
 * picker's Alt+Shift+U) run through the browser's own shortcut handling. Shared by the suites
 * that need a real gesture (domains.e2e.ts, picker.e2e.ts). No fixed waits: each step waits on
 * what the next key press needs, and presses again, within a deadline, when a key got lost on a
 * busy machine.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Page, Worker } from 'playwright-core';
import { waitFor } from './harness';

declare const chrome: {
  extension: { getViews(filter?: { type: string }): Window[] };
  windows: { getAll(): Promise<Array<{ focused: boolean }>> };
};

const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
/** The desktop tools this needs that the machine lacks (suites skip when any is missing). */
export const MISSING_DESKTOP_TOOLS = ['Xvfb', 'xdotool'].filter((tool) => !have(tool));

/** A private X display. */
export interface Display {
  /** Its name (`:N`), for the browser's DISPLAY. */
  name: string;
  /** Presses keys in it (xdotool names: `alt+shift+o`, `Return`, `Tab`). */
  key(...keys: string[]): void;
  stop(): void;
}

/** Starts a private X display. */
export function startDisplay(): Promise<Display> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    let out = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      const name = ':' + out.trim();
      resolve({
        name,
        key: (...keys) => execFileSync('xdotool', ['key', '--delay', '80', ...keys], { env: { ...process.env, DISPLAY: name } }),
        stop: () => void child.kill(),
      });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
}

/** Whether a browser window has the keyboard focus (asked of the extension's worker). */
export const windowFocused = (worker: Worker) => worker.evaluate(async () => (await chrome.windows.getAll()).some((w) => w.focused));

/** What the open toolbar popup shows. */
export interface PopupState {
  /** The popup window has the keyboard focus (keys go to it). */
  focused: boolean;
  visible: boolean;
  /** Text of the focused element. */
  active: string;
  /** All its text. */
  text: string;
}

/** The open toolbar popup's state, or null when none is open; `helper` is any extension page. */
export function popupState(helper: Page): Promise<PopupState | null> {
  return helper.evaluate(() => {
    const view = chrome.extension.getViews({ type: 'popup' })[0];
    return view
      ? {
          focused: view.document.hasFocus(),
          visible: view.document.visibilityState === 'visible',
          active: view.document.activeElement?.textContent ?? '',
          text: view.document.body?.innerText ?? '',
        }
      : null;
  });
}

/**
 * Opens the real toolbar popup on `front` with Alt+Shift+O and waits until it is shown with the
 * keyboard focus on `focused` (focus inside a popup that is still hidden does not get the keys).
 * Presses the command again when no popup came up (a key press lost on a busy machine).
 */
export async function openPopupFocused(
  display: Display,
  session: { helper: () => Promise<Page>; worker: () => Worker },
  front: Page,
  focused: RegExp,
  deadline = Date.now() + 30_000,
): Promise<void> {
  await front.bringToFront();
  const state = async () => popupState(await session.helper());
  // The keys go to the focused window: wait until the browser window has the focus, no popup open.
  await waitFor(async () => (await state()) === null && (await windowFocused(session.worker())), Boolean, 10_000);
  for (;;) {
    display.key('alt+shift+o');
    const shown = await waitFor(state, (p) => p !== null && p.focused && p.visible && focused.test(p.active), 10_000).catch(() => null);
    if (shown) return;
    const last = await state();
    if (Date.now() > deadline) throw new Error(`the popup did not come up focused on ${focused}; last state ${JSON.stringify(last)}`);
    if (last) {
      display.key('Escape');
      await waitFor(state, (p) => p === null, 10_000);
    }
  }
}

/** Closes the toolbar popup when one is open, and waits until it is gone. */
export async function closePopup(display: Display, helper: () => Promise<Page>): Promise<void> {
  if (await popupState(await helper())) display.key('Escape');
  await waitFor(async () => popupState(await helper()), (p) => p === null, 10_000);
}

/**
 * "Annotate this page" (popup button, keyboard command): the whole page of the current tab
 * becomes one discussion (`generic:<URL>`), on any site, with no host permission: the popup's
 * user gesture grants `activeTab`, which lets `scripting.executeScript` inject the content
 * script into that one tab: the script of the page's site family, by host on the built-in sites
 * (a tab opened before the extension was installed) and by fingerprint anywhere else (a wiki or
 * forum not enabled as a company domain is still read as one). Where a content script already
 * runs it is simply told to.
 */
import { ANNOTATE_PAGE_FLAG, contentScriptFile } from '../../protocol/keys';
import type { PageToContent, PageToContentResults } from '../../protocol/messages';
import { caller } from '../../protocol/request';
import { familyOfSoftware, fingerprintPage, type SoftwareKind } from '../../sites/fingerprint';
import { familyOf } from '../../sites/hosts';

/**
 * The company domains' script: a fingerprint that has the background inject the script of the
 * page's site family (entrypoints/company.content).
 */
export const COMPANY_SCRIPT_FILE = contentScriptFile('company');

/** The content script of a built-in host's family (sites/hosts.ts), or null for any other page. */
export function contentScriptFor(url: string | undefined): string | null {
  try {
    const family = url ? familyOf(new URL(url)) : null;
    return family ? contentScriptFile(family) : null;
  } catch {
    return null;
  }
}

/** What choosing a tab's content script needs (a subset, so tests can fake it). */
export interface ScriptingBrowser {
  scripting: {
    executeScript(injection: { target: { tabId: number }; func?: (...args: never[]) => unknown }): Promise<unknown>;
  };
}

/**
 * The content script for the page in a tab: its family's by host on the built-in sites (the tab's
 * `href` when the caller read it already), else by the page's fingerprint (a wiki or forum not
 * enabled as a company domain is still read as one). Needs the tab scriptable (`activeTab`).
 */
export async function contentScriptForTab(browser: ScriptingBrowser, tabId: number, href?: unknown): Promise<string> {
  if (typeof href !== 'string') {
    const [where] = ((await browser.scripting.executeScript({ target: { tabId }, func: () => location.href })) ?? []) as Array<{ result?: unknown }>;
    href = where?.result;
  }
  const byHost = contentScriptFor(typeof href === 'string' ? href : undefined);
  if (byHost) return byHost;
  const [software] = ((await browser.scripting.executeScript({ target: { tabId }, func: fingerprintPage })) ?? []) as Array<{ result?: unknown }>;
  return contentScriptFile(familyOfSoftware((software?.result as SoftwareKind | undefined) ?? 'generic'));
}

/** The browser APIs this needs (a subset, so tests can fake them). */
export interface AnnotateBrowser {
  tabs: { sendMessage(tabId: number, message: unknown): Promise<unknown> };
  scripting: {
    executeScript(injection: {
      target: { tabId: number };
      files?: string[];
      func?: (...args: never[]) => unknown;
      args?: unknown[];
    }): Promise<Array<{ result?: unknown }> | undefined>;
  };
}

/**
 * Makes the whole page of `tabId` a discussion. Must be called from a user gesture (popup click
 * or command) so that `activeTab` covers the tab. Resolves to how it got there.
 */
export async function annotatePage(browser: AnnotateBrowser, tabId: number): Promise<'told' | 'injected'> {
  const toPage = caller<PageToContent, PageToContentResults>((message) => browser.tabs.sendMessage(tabId, message), 'the page');
  try {
    await toPage({ type: 'annotatePage' });
    return 'told';
  } catch {
    /* no content script in this tab yet: inject it */
  }
  // Sets the flag the script reads when it starts, and says where the tab is now.
  const [probe] = (await browser.scripting.executeScript({
    target: { tabId },
    func: (flag: string) => {
      (globalThis as Record<string, unknown>)[flag] = true;
      return location.href;
    },
    args: [ANNOTATE_PAGE_FLAG],
  })) ?? [];
  const file = await contentScriptForTab(browser, tabId, probe?.result);
  await browser.scripting.executeScript({ target: { tabId }, files: [file] });
  return 'injected';
}

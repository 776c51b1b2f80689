/**
 * Keyboard commands (open the side panel; annotate this page) and the context-menu entry
 * "Annotate this discussion". Both open the panel first, synchronously, because the browser allows
 * that only inside the user's gesture; what the panel shows follows through storage.session.
 */
import type { Browser, WxtBrowser } from 'wxt/browser';
import { ThreadRef } from '../../storage/schema';
import { ThreadList, type PageToContent, type PageToContentResults } from '../../protocol/messages';
import { caller } from '../../protocol/request';
import { selectionKey } from '../../protocol/keys';

/** Command names, as declared in the manifest (wxt.config.ts). */
export const COMMAND_OPEN_PANEL = 'open-side-panel';
export const COMMAND_ANNOTATE_PAGE = 'annotate-page';
export const COMMAND_PICK = 'pick-discussion';
/** Id of the context-menu entry. */
export const MENU_ANNOTATE = 'annotate-discussion';
/** Id of the context-menu entry "Mark as a discussion" (the picker, starting at the element). */
export const MENU_PICK = 'pick-discussion';

type Tab = Browser.tabs.Tab;

/** What the commands need; tests pass fakes. */
export interface CommandDeps {
  browser: WxtBrowser;
  /** Opens the side panel or sidebar; must run synchronously inside the gesture. */
  openPanel: (tabId: number | undefined, windowId: number | undefined) => void;
  /**
   * Makes the whole page of a tab one discussion (services/shared/annotate-page.ts); the commands then
   * select it in the panel. Without it, "annotate this page" opens the panel on the page's list.
   */
  annotatePage?: (tabId: number) => Promise<unknown>;
  /** Localised menu title (i18n.getMessage in the browser). */
  menuTitle: string;
  /** Starts the picker in a tab (services/shared/pick-page.ts), at the right-clicked element when asked. */
  pick?: (tabId: number, fromContext: boolean) => Promise<unknown>;
  /** Localised title of "Mark as a discussion". */
  pickMenuTitle?: string;
}

/** Creates the listeners for commands and the context menu. */
export function createCommands(deps: CommandDeps) {
  const { browser } = deps;

  /** Calls the content script of a tab (its top frame, or the frame given). */
  const toContent = (tabId: number, frameId?: number) =>
    caller<PageToContent, PageToContentResults>(
      (message) => browser.tabs.sendMessage(tabId, message, frameId !== undefined ? { frameId } : undefined),
      'the page',
    );

  /** Asks the tab which thread was right-clicked and selects it for the panel; false if none. */
  async function selectRightClicked(tab: Tab, frameId: number | undefined): Promise<boolean> {
    if (tab.id === undefined) return false;
    try {
      // The answer comes from a script running in a web page: checked like any other input.
      const thread = ThreadRef.safeParse(await toContent(tab.id, frameId)({ type: 'contextThread' }));
      if (!thread.success) return false;
      await browser.storage.session.set({ [selectionKey(tab.id)]: thread.data });
      return true;
    } catch {
      return false; // no content script in that tab or frame
    }
  }

  /** Annotates the whole page, then selects its page-level discussion for the panel. */
  async function annotateAndSelect(tab: Tab): Promise<boolean> {
    if (tab.id === undefined || !deps.annotatePage) return false;
    await deps.annotatePage(tab.id);
    const threads = ThreadList.safeParse(await toContent(tab.id)({ type: 'listThreads' }).catch(() => undefined));
    const page = threads.success ? threads.data.find((thread) => thread.site === 'generic') : undefined;
    if (!page) return false;
    await browser.storage.session.set({ [selectionKey(tab.id)]: page });
    return true;
  }

  /** runtime.onInstalled: (re)creates the context-menu entry (menus persist across restarts). */
  async function installMenu(): Promise<void> {
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({
      id: MENU_ANNOTATE,
      title: deps.menuTitle,
      contexts: ['page', 'selection', 'link'],
      documentUrlPatterns: ['http://*/*', 'https://*/*'],
    });
    if (deps.pick && deps.pickMenuTitle) {
      browser.contextMenus.create({
        id: MENU_PICK,
        title: deps.pickMenuTitle,
        contexts: ['page', 'selection', 'link'],
        documentUrlPatterns: ['http://*/*', 'https://*/*'],
      });
    }
  }

  /** commands.onCommand. */
  function onCommand(command: string, tab: Tab | undefined): void {
    if (command === COMMAND_PICK) {
      if (tab?.id !== undefined) deps.pick?.(tab.id, false).catch((e) => console.warn('[doneness] picking failed:', e));
      return;
    }
    if (command !== COMMAND_OPEN_PANEL && command !== COMMAND_ANNOTATE_PAGE) return;
    deps.openPanel(tab?.id, tab?.windowId);
    if (command === COMMAND_ANNOTATE_PAGE && tab) {
      annotateAndSelect(tab).catch((e) => console.warn('[doneness] annotate this page failed:', e));
    }
  }

  /** contextMenus.onClicked: opens the panel on the thread under the pointer. */
  function onMenuClicked(info: { menuItemId: string | number; frameId?: number }, tab: Tab | undefined): Promise<boolean> {
    if (info.menuItemId === MENU_PICK && tab?.id !== undefined && deps.pick) {
      return deps.pick(tab.id, true).then(() => true, () => false);
    }
    if (info.menuItemId !== MENU_ANNOTATE || !tab) return Promise.resolve(false);
    deps.openPanel(tab.id, tab.windowId);
    return selectRightClicked(tab, info.frameId).then((found) => found || annotateAndSelect(tab));
  }

  return { installMenu, onCommand, onMenuClicked };
}

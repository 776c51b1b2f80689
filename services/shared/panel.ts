/**
 * Opening the side panel (Chrome) or sidebar (Firefox). Both browsers only allow it inside a user
 * gesture, so callers must invoke this synchronously from the click or message handler.
 */
interface ChromeSidePanel {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
  setPanelBehavior?(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}
interface FirefoxSidebar {
  open(): Promise<void>;
}

/** Opens the side panel for a tab (Chrome) or the sidebar (Firefox); failures are logged only. */
export function openPanel(tabId: number | undefined, windowId: number | undefined): void {
  const g = globalThis as { chrome?: { sidePanel?: ChromeSidePanel }; browser?: { sidebarAction?: FirefoxSidebar } };
  const report = (e: unknown) => console.warn('[doneness] could not open the side panel:', e);
  try {
    if (g.chrome?.sidePanel) {
      g.chrome.sidePanel.open(tabId !== undefined ? { tabId } : { windowId }).catch(report);
    } else if (g.browser?.sidebarAction) {
      g.browser.sidebarAction.open().catch(report);
    }
  } catch (e) {
    report(e);
  }
}

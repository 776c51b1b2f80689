/**
 * Where team sync keeps its settings and status (browser.storage.local): the background's
 * scheduler writes them, the dashboard reads and watches them.
 */
import type { WxtBrowser } from 'wxt/browser';
import { INITIAL_SYNC_STATUS, SyncConfig, SyncStatus } from '../../storage/schema';

/** browser.storage.local keys (credentials live only here; exports never read them). */
export const SYNC_CONFIG_KEY = 'syncConfig';
export const SYNC_STATUS_KEY = 'syncStatus';
/** The stored sync settings, or null when unset or unreadable. */
export async function readSyncConfig(browser: WxtBrowser): Promise<SyncConfig | null> {
  const raw = (await browser.storage.local.get(SYNC_CONFIG_KEY))[SYNC_CONFIG_KEY];
  const parsed = SyncConfig.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The stored sync status (initial when unset or unreadable). */
export async function readSyncStatus(browser: WxtBrowser): Promise<SyncStatus> {
  const raw = (await browser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY];
  const parsed = SyncStatus.safeParse(raw);
  return parsed.success ? parsed.data : INITIAL_SYNC_STATUS;
}

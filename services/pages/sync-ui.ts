/**
 * Team sync as extension pages use it: asking for the server's host permission from the
 * person's click, requests to the background (which runs every pass), the stored status, and
 * the long-poll an open dashboard or side panel keeps on the team database so a teammate's
 * change arrives within seconds (the service worker itself never waits in a loop).
 */
import { browser } from 'wxt/browser';
import {
  ConnectionVerdict,
  SyncConfig,
  SyncStatus,
  type SyncStatus as SyncStatusT,
} from '../../storage/schema';
import { CouchClient, SyncError, originPattern } from '../../storage/sync/couch';
import { pendingCounts } from '../../storage/sync/outbox';
import { readSyncConfig, readSyncStatus, SYNC_CONFIG_KEY, SYNC_STATUS_KEY } from '../shared/sync-settings';
import { toBackground } from './calls';
import { repository } from './ui';

/**
 * Asks for permission to contact the server's origin. Must be called synchronously inside the
 * click handler (browsers grant the prompt only to a user gesture); resolves to the answer.
 */
export function requestServerPermission(url: string): Promise<boolean> {
  try {
    return browser.permissions.request({ origins: [originPattern(url)] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

/** Stores sync settings through the background; answers the status after the first pass. */
export function saveSyncConfig(config: SyncConfig): Promise<SyncStatusT> {
  return toBackground({ type: 'saveSyncConfig', config }).then((v) => SyncStatus.parse(v));
}

/** Tries settings (saved or not) and answers the verdict. */
export function testConnection(config: SyncConfig): Promise<ConnectionVerdict> {
  return toBackground({ type: 'testConnection', config }).then((v) => ConnectionVerdict.parse(v));
}

/** Runs a pass now (also after a halt). */
export function syncNow(): Promise<SyncStatusT> {
  return toBackground({ type: 'syncNow' }).then((v) => SyncStatus.parse(v));
}

/** The stored settings (with credentials: only this extension's pages can read them). */
export function loadSyncConfig(): Promise<SyncConfig | null> {
  return readSyncConfig(browser);
}

/** The stored status, then every change of it, until the returned function is called. */
export function watchSyncStatus(onStatus: (status: SyncStatusT) => void): () => void {
  void readSyncStatus(browser).then(onStatus);
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(SYNC_STATUS_KEY in changes)) return;
    const parsed = SyncStatus.safeParse(changes[SYNC_STATUS_KEY].newValue);
    if (parsed.success) onStatus(parsed.data);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Threads waiting in the outbox, and those the server refused (for the status line). */
export function pendingChanges(): Promise<{ pending: number; blocked: number }> {
  return pendingCounts(repository().db);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Time between plain polls when a server's long-poll feed cannot be used. */
const POLL_MS = 3_000;
/** How long one long-poll waits on the server for a change. */
const LONGPOLL_MS = 10_000;

/**
 * While a page is open: long-polls the team database's `_changes` and asks the background for
 * a pass whenever something changed there. Stops when `signal` aborts (the page closes). Does
 * nothing while sync is off or the server's permission is missing; backs off on errors. A
 * server whose long-poll answers are unreadable or late is polled every few seconds instead.
 */
export async function watchTeamChanges(signal: AbortSignal, onChange: () => Promise<unknown> = syncNow): Promise<void> {
  let since: string | number | null = null;
  let target = '';
  let failures = 0;
  let longpoll = true;
  const reset = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && SYNC_CONFIG_KEY in changes) target = '';
  };
  browser.storage.onChanged.addListener(reset);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(reset));
  while (!signal.aborted) {
    const config = await readSyncConfig(browser);
    const allowed = config?.enabled ? await browser.permissions.contains({ origins: [originPattern(config.url)] }).catch(() => false) : false;
    if (!config || !allowed) {
      await sleep(2_000, signal);
      continue;
    }
    const client = new CouchClient(config);
    try {
      if (`${config.url}|${config.db}` !== target || since === null) {
        // Start from the database's current sequence: only changes from now on matter here.
        const info = await client.dbInfo();
        since = typeof info.update_seq === 'string' || typeof info.update_seq === 'number' ? info.update_seq : 0;
        target = `${config.url}|${config.db}`;
        longpoll = true;
        // Whatever changed before watching began is fetched by one pass now.
        await onChange().catch(() => undefined);
      }
      const page = await client.changes(since, { limit: 100, includeDocs: false, longpoll, waitMs: LONGPOLL_MS, graceMs: 3_000, signal });
      failures = 0;
      since = page.last_seq;
      if (page.results.length > 0 && !signal.aborted) await onChange().catch(() => undefined);
      if (!longpoll) await sleep(POLL_MS, signal);
    } catch (error) {
      if (signal.aborted) return;
      if (longpoll && error instanceof SyncError && (error.kind === 'badAnswer' || error.kind === 'timeout')) {
        // The long-poll ended with an unreadable answer, or the server ignored its time limit
        // (PouchDB Server does both with auth on): poll plainly, and look now in case it changed.
        longpoll = false;
        await onChange().catch(() => undefined);
        continue;
      }
      failures += 1;
      const delay = Math.min(60_000, 1_000 * 2 ** failures);
      await sleep(delay / 2 + Math.random() * (delay / 2), signal);
    }
  }
}

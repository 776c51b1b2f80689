/**
 * Team sync in the background: settings, status and scheduling around the engine in
 * storage/sync. MV3 service workers stop when idle, so nothing here loops: a pass runs on an
 * alarm (every 5 min, and every 30 s while a tab shows badges), a few seconds after local writes, at start-up, and on request from a page; the outbox
 * lives in IndexedDB and is simply sent by the next pass after a restart. Failures back off
 * exponentially with jitter on an alarm; a refused sign-in or database stops passes until the
 * person acts, because retrying cannot fix it.
 */
import type { WxtBrowser } from 'wxt/browser';
import type { DonenessDb } from '../../storage/db';
import {
  ConnectionVerdict,
  SyncConfig,
  SyncStatus,
  type Annotation,
  type SyncErrorKind,
} from '../../storage/schema';
import { CouchClient, SyncError, originPattern } from '../../storage/sync/couch';
import { SyncEngine, type EngineOptions } from '../../storage/sync/engine';
import type { Calls, PageToBackground, PageToBackgroundResults } from '../../protocol/messages';
import { readSyncConfig, readSyncStatus, SYNC_CONFIG_KEY, SYNC_STATUS_KEY } from '../shared/sync-settings';

/** The periodic pass, and the one-shot retry after a failure. */
export const SYNC_ALARM = 'doneness-sync';
export const SYNC_RETRY_ALARM = 'doneness-sync-retry';
/**
 * While some tab shows badges: a pass every 30 s, the shortest period Chrome (120+) gives an
 * alarm, so a teammate's change reaches an open page's badges within about half a minute with
 * no extension page open. An alarm wakes a stopped service worker; a long-poll would need the
 * worker kept alive, which MV3 does not promise. Each pass is a few small requests (the changes
 * feed since the last sequence); the alarm clears itself once no tab shows badges.
 */
export const SYNC_LIVE_ALARM = 'doneness-sync-live';
const LIVE_PERIOD_MINUTES = 0.5;
const PERIOD_MINUTES = 5;
/**
 * Chrome fires alarms no sooner than 30 s; back-off starts there and stops growing at 2 min
 * (jitter keeps a retry between half and all of it), so once the server is back a person waits at
 * most 2 minutes even with no extension page open — the alarm wakes a stopped worker. The
 * browser's `online` event retries at once, but only reaches a running worker (MV3 does not wake a
 * worker for it), hence the cap.
 */
const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 2 * 60_000;

/** Sync messages from extension pages (see protocol/messages.ts). */
export type SyncRequest = Extract<PageToBackground, { type: 'syncNow' | 'testConnection' | 'saveSyncConfig' }>;

export interface SyncDeps {
  browser: WxtBrowser;
  db: DonenessDb;
  /** Sends the badges of changed annotations to the tabs that show them (services/background/handlers.ts). */
  publish: (changed: readonly Annotation[]) => Promise<void>;
  now?: () => number;
  fetch?: typeof fetch;
  /** Time limit of one request (default 30 s). */
  timeoutMs?: number;
  /** Bytes read of one answer at most (default storage/sync/couch.ts MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
  /** Quiet time after a local write before the pass (default 2 s). */
  debounceMs?: number;
  engine?: EngineOptions;
  random?: () => number;
  /** Whether some tab shows badges now (services/background/handlers.ts); none: no live passes. */
  badgesShown?: () => Promise<boolean>;
}

/** Error kinds that retrying cannot fix: passes stop until the person changes something. */
const HALTING: ReadonlySet<SyncErrorKind> = new Set(['unauthorized', 'forbidden', 'permission', 'notFound']);

/** Creates the background's sync scheduler. */
export function createSync(deps: SyncDeps) {
  const { browser, db } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  let running: Promise<SyncStatus> | null = null;
  let again = false;
  let debounce: ReturnType<typeof setTimeout> | null = null;

  async function setStatus(patch: Partial<SyncStatus>): Promise<SyncStatus> {
    const next = { ...(await readSyncStatus(browser)), ...patch };
    await browser.storage.local.set({ [SYNC_STATUS_KEY]: next });
    return next;
  }

  async function hasPermission(url: string): Promise<boolean> {
    try {
      return await browser.permissions.contains({ origins: [originPattern(url)] });
    } catch {
      return false;
    }
  }

  function clientOf(config: SyncConfig): CouchClient {
    return new CouchClient(config, { timeoutMs: deps.timeoutMs, fetch: deps.fetch, maxAnswerBytes: deps.maxAnswerBytes });
  }

  /** Keeps the periodic alarm in step with the enabled switch. */
  async function ensureAlarm(config: SyncConfig | null): Promise<void> {
    if (!config?.enabled) {
      await browser.alarms.clear(SYNC_ALARM);
      await browser.alarms.clear(SYNC_RETRY_ALARM);
      await browser.alarms.clear(SYNC_LIVE_ALARM);
      return;
    }
    const existing = await browser.alarms.get(SYNC_ALARM);
    if (!existing) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: PERIOD_MINUTES });
  }

  async function runOnce(manual: boolean): Promise<SyncStatus> {
    const config = await readSyncConfig(browser);
    const status = await readSyncStatus(browser);
    if (!config?.enabled) return status;
    if (status.halted && !manual) return status;
    await setStatus({ running: true });
    let signedInAs: string | null = null;
    try {
      if (!(await hasPermission(config.url))) {
        throw new SyncError('permission', `no permission to reach ${new URL(config.url).origin}`);
      }
      const client = clientOf(config);
      const session = await client.session();
      signedInAs = session.name;
      const engine = new SyncEngine(db, client, session.name, deps.engine);
      const report = await engine.pass();
      if (report.changed.length) await deps.publish(report.changed);
      await browser.alarms.clear(SYNC_RETRY_ALARM);
      // Changes left at the page cap: pulled on by another pass once this one has pushed.
      if (report.more) afterLocalWrite();
      const refused = report.refused[0];
      return await setStatus({
        running: false,
        lastSync: now(),
        lastError: refused
          ? { kind: 'forbidden', message: `${report.refused.length} refused, e.g. ${refused.key}: ${refused.reason}`.slice(0, 500), at: now() }
          : report.stopped
            ? { kind: 'badAnswer', message: report.stopped.slice(0, 500), at: now() }
            : null,
        halted: false,
        failures: 0,
        retryAt: null,
      });
    } catch (error) {
      let kind: SyncErrorKind = error instanceof SyncError ? error.kind : 'server';
      // Some servers (PouchDB Server) answer 401, not 403, to a signed-in non-member.
      if (kind === 'unauthorized' && signedInAs !== null) kind = 'forbidden';
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      if (HALTING.has(kind)) {
        await browser.alarms.clear(SYNC_RETRY_ALARM);
        return await setStatus({ running: false, lastError: { kind, message, at: now() }, halted: true, retryAt: null });
      }
      const failures = status.failures + 1;
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 16));
      const retryAt = now() + Math.round(delay / 2 + random() * (delay / 2));
      await browser.alarms.create(SYNC_RETRY_ALARM, { when: retryAt });
      return await setStatus({ running: false, lastError: { kind, message, at: now() }, failures, retryAt, halted: false });
    }
  }

  /**
   * Runs a pass unless one is running; a request during a pass runs one more pass after it (so
   * writes made meanwhile are not left for the next alarm). `manual` also runs halted passes.
   */
  function pass(manual = false): Promise<SyncStatus> {
    if (running) {
      again = true;
      return running;
    }
    running = runOnce(manual).finally(() => {
      running = null;
      if (again) {
        again = false;
        void pass();
      }
    });
    return running;
  }

  /** After a local write: one pass once writes pause for a moment (several edits, one pass). */
  function afterLocalWrite(): void {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      void pass();
    }, deps.debounceMs ?? 2000);
  }

  /** The verdict of "test connection" for settings not necessarily saved yet. */
  async function testConnection(config: SyncConfig): Promise<ConnectionVerdict> {
    if (!(await hasPermission(config.url))) return { verdict: 'permission', detail: new URL(config.url).origin, user: null };
    const client = clientOf(config);
    try {
      await client.dbInfo();
      const session = await client.session().catch(() => null);
      return { verdict: 'ok', detail: '', user: session?.name ?? null };
    } catch (error) {
      if (!(error instanceof SyncError)) return { verdict: 'error', detail: String(error).slice(0, 500), user: null };
      const detail = error.message.slice(0, 500);
      switch (error.kind) {
        case 'unreachable':
        case 'timeout':
          return { verdict: 'unreachable', detail, user: null };
        case 'unauthorized': {
          // The sign-in may be right and only the database closed to this user (PouchDB
          // Server answers 401 there where CouchDB answers 403): ask who we are.
          const session = await client.session().catch(() => null);
          return session?.name ? { verdict: 'forbidden', detail, user: session.name } : { verdict: 'unauthorized', detail, user: null };
        }
        case 'forbidden':
          return { verdict: 'forbidden', detail, user: null };
        case 'notFound': {
          // Is this a CouchDB server at all, or some other web server answering 404?
          const welcome = await client.welcome().catch(() => null);
          return { verdict: welcome?.couch ? 'noDatabase' : 'notCouch', detail, user: null };
        }
        default:
          return { verdict: error.kind === 'badAnswer' ? 'notCouch' : 'error', detail, user: null };
      }
    }
  }

  /** Stores new settings; a new server, database or sign-in lifts a halt and syncs at once. */
  async function saveConfig(config: SyncConfig): Promise<SyncStatus> {
    const valid = SyncConfig.parse(config);
    await browser.storage.local.set({ [SYNC_CONFIG_KEY]: valid });
    await setStatus({ halted: false, failures: 0, retryAt: null, lastError: null });
    await ensureAlarm(valid);
    return valid.enabled ? pass(true) : readSyncStatus(browser);
  }

  /** The sync calls of extension pages (already validated by schema; see protocol/messages.ts). */
  const calls: Calls<SyncRequest, PageToBackgroundResults> = {
    syncNow: () => pass(true),
    testConnection: (message) => testConnection(message.config),
    saveSyncConfig: (message) => saveConfig(message.config),
  };

  /**
   * A tab asked for its badges: with sync on, passes run every 30 s while it (or another) shows
   * them (SYNC_LIVE_ALARM). Cheap to call on every lookup: one alarm read when it runs already.
   */
  async function onBadgesShown(): Promise<void> {
    if (await browser.alarms.get(SYNC_LIVE_ALARM)) return;
    if (!(await readSyncConfig(browser))?.enabled) return;
    await browser.alarms.create(SYNC_LIVE_ALARM, { periodInMinutes: LIVE_PERIOD_MINUTES, delayInMinutes: LIVE_PERIOD_MINUTES });
  }

  /** Alarm listener: the periodic pass, the retry after a failure, and the live pass while badges show. */
  async function onAlarm(alarm: { name: string }): Promise<SyncStatus | undefined> {
    if (alarm.name === SYNC_LIVE_ALARM) {
      if (!(await deps.badgesShown?.()) || !(await readSyncConfig(browser))?.enabled) {
        await browser.alarms.clear(SYNC_LIVE_ALARM);
        return undefined;
      }
      // A failing server is retried on the back-off alarm, not every 30 s.
      if ((await readSyncStatus(browser)).failures > 0) return undefined;
      return pass();
    }
    if (alarm.name !== SYNC_ALARM && alarm.name !== SYNC_RETRY_ALARM) return undefined;
    return pass();
  }

  /**
   * When the worker starts (browser start, install, or a wake-up after being stopped): keep the
   * alarm, clear a "running" left by a stopped worker, and send what the outbox still holds.
   */
  async function onWake(startup = false): Promise<void> {
    const config = await readSyncConfig(browser);
    await ensureAlarm(config);
    const status = await readSyncStatus(browser);
    if (status.running && !running) await setStatus({ running: false });
    if (!config?.enabled) return;
    if (startup || (await db.outbox.filter((r) => !r.blocked).count()) > 0) await pass();
  }

  /**
   * The browser reports it is online again (the worker's `online` event; navigator.onLine): after
   * failed passes or with edits waiting, sync now instead of at the next retry alarm.
   */
  async function onOnline(): Promise<SyncStatus | undefined> {
    const config = await readSyncConfig(browser);
    if (!config?.enabled) return undefined;
    const status = await readSyncStatus(browser);
    if (status.halted) return undefined;
    if (status.failures > 0 || (await db.outbox.filter((r) => !r.blocked).count()) > 0) return pass();
    return undefined;
  }

  return { pass, afterLocalWrite, testConnection, saveConfig, calls, onAlarm, onWake, onOnline, onBadgesShown };
}

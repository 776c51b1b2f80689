/**
 * The background's message handlers: it owns the database, answers content scripts' lookups,
 * applies edits from extension pages and pushes new badge states to the tabs that show them.
 * Kept out of entrypoints/ so unit tests can drive it with WXT's fake browser.
 */
import type { Browser, WxtBrowser } from 'wxt/browser';
import { createRateLimiter } from './rate-limit';
import { badgeStateOf } from '../../storage/model';
import {
  ContentToBackground,
  PageToBackground,
  type BackgroundToContent,
  type Calls,
  type ContentToBackgroundResults,
  type PageToBackgroundResults,
  type Result,
} from '../../protocol/messages';
import { dispatch } from '../../protocol/request';
import { describeError, readableError } from '../../storage/describe-error';
import type { Repository } from '../../storage/repository';
import type { Annotation, BadgeState, Settings, ThreadRef } from '../../storage/schema';
import type { SyncRequest } from './sync';
import { selectionKey, type SiteFamily } from '../../protocol/keys';
import { normaliseGenericUrl } from '../../sites/generic.urls';

/** The thread reference of a picked discussion's annotation. */
function refOfPicked(a: Annotation): ThreadRef {
  return {
    key: a.threadKey,
    site: a.site,
    title: a.title,
    url: a.url,
    native: { state: null, replies: null, participants: null, lastActivity: null },
    ...(a.target ? { target: a.target } : {}),
  };
}

const SUBSCRIPTION_PREFIX = 'subs:';

/** What the handlers need from the outside world; tests pass fakes. */
export interface BackgroundDeps {
  browser: WxtBrowser;
  repository: Repository;
  now?: () => number;
  /** Opens the side panel or sidebar for a tab; must run synchronously inside the user gesture. */
  openPanel?: (tabId: number, windowId: number | undefined) => void;
  /**
   * Puts the picker script into a tab's frame (services/shared/pick-page.ts) before the content
   * script is told which discussions were picked there.
   */
  injectPicker?: (tabId: number, frameId: number | undefined) => Promise<void>;
  /**
   * Injects a site family's content script into a tab (the company script asked, having read which
   * software made the page: entrypoints/company.content).
   */
  startFamily?: (tabId: number, family: SiteFamily) => Promise<unknown>;
  /** Team sync (services/background/sync.ts): answers sync messages and hears about local writes. */
  sync?: { calls: Calls<SyncRequest, PageToBackgroundResults>; afterLocalWrite(): void; onBadgesShown?(): Promise<void> };
  /** The toolbar icon's per-tab count (services/background/toolbar-count.ts). */
  toolbar?: { schedule(tabId: number): void; forget(tabId: number): void };
}

/**
 * A one-line message for a failed request. A full disk (IndexedDB quota) gets its own words:
 * the write was refused whole, so nothing stored was changed or lost.
 */
export function describeFailure(error: unknown): string {
  const names = [error, (error as { inner?: unknown } | null)?.inner].map((e) => (e as { name?: string } | null)?.name);
  if (names.includes('QuotaExceededError')) {
    return 'Storage is full: the browser refused to save this change, and nothing stored was changed. Free disk space, or export and delete old discussions, then try again.';
  }
  return readableError(error);
}

/** Message budgets: generous for a person's pages, tight enough to stop a flooding web page. */
export const CONTENT_BUDGET = { perSecond: 50, burst: 200 };
export const PAGE_BUDGET = { perSecond: 1000, burst: 2000 };

/** The tab a content-script message came from (onMessage lets none through without one). */
function tabOf(sender: Browser.runtime.MessageSender): number {
  const tabId = sender.tab?.id;
  if (tabId === undefined) throw new Error('content messages must come from a tab');
  return tabId;
}

/** Creates the runtime.onMessage listener and the change fan-out of the background. */
export function createBackground(deps: BackgroundDeps) {
  const { browser, repository } = deps;
  const now = deps.now ?? Date.now;
  const extensionOrigin = browser.runtime.getURL('/');
  const contentLimiter = createRateLimiter(CONTENT_BUDGET, now);
  const pageLimiter = createRateLimiter(PAGE_BUDGET, now);

  /**
   * Which tab shows which keys: kept in memory for speed and mirrored to storage.session, which
   * a restarted worker reads back once.
   */
  let subscriptionIndex: Promise<Map<number, Set<string>>> | null = null;
  function subscriptions(): Promise<Map<number, Set<string>>> {
    subscriptionIndex ??= browser.storage.session.get(null).then((all: Record<string, unknown>) => {
      const index = new Map<number, Set<string>>();
      for (const [name, value] of Object.entries(all)) {
        if (name.startsWith(SUBSCRIPTION_PREFIX) && Array.isArray(value)) {
          index.set(Number(name.slice(SUBSCRIPTION_PREFIX.length)), new Set(value as string[]));
        }
      }
      return index;
    });
    return subscriptionIndex;
  }

  /** Tabs that show at least one of these threads. */
  async function subscribers(keys: readonly string[]): Promise<number[]> {
    const tabs: number[] = [];
    for (const [tabId, shown] of await subscriptions()) {
      if (keys.some((k) => shown.has(k))) tabs.push(tabId);
    }
    return tabs;
  }

  /** Sends new badge states to every tab that shows one of these threads. */
  async function publish(states: Record<string, BadgeState | null>): Promise<void> {
    const tabs = await subscribers(Object.keys(states));
    for (const tabId of tabs) deps.toolbar?.schedule(tabId);
    const message: BackgroundToContent = { type: 'badges', states };
    await Promise.all(tabs.map((tabId) => browser.tabs.sendMessage(tabId, message).catch(() => undefined)));
  }

  /** The badges of these annotations as this profile sees them (a team badge names its own rating). */
  async function publishAnnotations(annotations: readonly Annotation[]): Promise<void> {
    const member = await memberId();
    const at = now();
    await publish(Object.fromEntries(annotations.map((a) => [a.threadKey, a.deleted ? null : badgeStateOf(a, at, member)])));
  }

  /**
   * Sends the stored badge states of these threads (null where nothing is stored) to the tabs
   * that show them, after a write that changed them. Reads only the threads some tab shows.
   */
  async function publishStored(keys: readonly string[]): Promise<void> {
    const shownSets = [...(await subscriptions()).values()];
    const shown = keys.filter((key) => shownSets.some((set) => set.has(key)));
    if (shown.length === 0) return;
    const stored = await repository.badgeStates(shown, now(), await memberId());
    await publish(Object.fromEntries(shown.map((key) => [key, stored.get(key) ?? null])));
  }

  async function subscribe(tabId: number, keys: readonly string[], reset: boolean): Promise<void> {
    const index = await subscriptions();
    const shown = reset ? new Set<string>() : (index.get(tabId) ?? new Set<string>());
    for (const key of keys) shown.add(key);
    index.set(tabId, shown);
    await browser.storage.session.set({ [SUBSCRIPTION_PREFIX + tabId]: [...shown] });
  }

  /** Settings, read once per worker life and refreshed when saved here (the only writer). */
  let settingsCache: Promise<Settings> | null = null;
  function settings(): Promise<Settings> {
    settingsCache ??= repository.settings();
    return settingsCache;
  }

  /**
   * This profile's member id, or undefined before its first edit (then it has no rating of its
   * own): read, never made here, so a page asking for badges writes nothing.
   */
  async function memberId(): Promise<string | undefined> {
    return (await settings()).memberId ?? (await repository.settings()).memberId;
  }

  async function displayName(): Promise<string> {
    return (await settings()).displayName;
  }

  /**
   * Tells a frame which discussions were picked on its page, after putting the picker script
   * (which finds them) into it; nothing when there are none.
   */
  async function pushPicked(tabId: number, frameId: number | undefined, url: string): Promise<void> {
    let page: string;
    try {
      page = normaliseGenericUrl(new URL(url));
    } catch {
      return;
    }
    const found: ThreadRef[] = (await repository.pickedOn(page)).map(refOfPicked);
    if (found.length === 0) return;
    await deps.injectPicker?.(tabId, frameId);
    const update: BackgroundToContent = { type: 'picked', url, found };
    await browser.tabs.sendMessage(tabId, update, frameId !== undefined ? { frameId } : undefined);
  }

  /** The content script's calls (sender: the tab that sent them). */
  const contentCalls: Calls<ContentToBackground, ContentToBackgroundResults, Browser.runtime.MessageSender> = {
    async lookup(message, sender) {
      const tabId = tabOf(sender);
      const [current, member] = await Promise.all([settings(), memberId(), subscribe(tabId, message.keys, message.reset)]);
      const found = await repository.badgeStates(message.keys, now(), member);
      const states: Record<string, BadgeState> = Object.fromEntries(found);
      const siteEnabled = !message.site || !(current.disabledSites ?? []).includes(message.site);
      // A new page in this frame: the discussions picked on it follow, when there are any.
      if (message.reset && sender.url) void pushPicked(tabId, sender.frameId, sender.url).catch(() => undefined);
      deps.toolbar?.schedule(tabId);
      // With team sync on, teammates' changes now reach this tab's badges within about 30 s.
      if (message.keys.length > 0) void deps.sync?.onBadgesShown?.().catch(() => undefined);
      return { states, unassessedBadge: current.unassessedBadge, siteEnabled };
    },
    async openThread(message, sender) {
      const tabId = tabOf(sender);
      // Must be the first thing done: the user gesture does not survive an await.
      deps.openPanel?.(tabId, sender.tab?.windowId);
      await browser.storage.session.set({ [selectionKey(tabId)]: message.thread });
      return null;
    },
    async startFamily(message, sender) {
      if (!deps.startFamily) throw new Error('no content scripts to start here');
      await deps.startFamily(tabOf(sender), message.family);
      return null;
    },
  };

  /** Team sync's calls, where it runs. */
  const sync = (): Calls<SyncRequest, PageToBackgroundResults> => {
    if (!deps.sync) throw new Error('team sync is not available here');
    return deps.sync.calls;
  };

  /** The extension pages' calls. */
  const pageCalls: Calls<PageToBackground, PageToBackgroundResults> = {
    async edit(message) {
      const thread: ThreadRef = message.thread;
      const annotation: Annotation = await repository.edit(thread, message.op, {
        now: now(),
        by: await displayName(),
        lastActivity: thread.native.lastActivity,
      });
      await publishAnnotations([annotation]);
      deps.sync?.afterLocalWrite();
      return annotation;
    },
    async deleteAnnotation(message) {
      await repository.remove(message.key);
      await publishStored([message.key]);
      deps.sync?.afterLocalWrite();
      return null;
    },
    async annotationsChanged(message) {
      deps.sync?.afterLocalWrite();
      await publishStored(message.keys);
      return null;
    },
    async deleteAll() {
      const keys = await repository.removeAll();
      await publishStored(keys);
      deps.sync?.afterLocalWrite();
      return keys.length;
    },
    syncNow: async (message) => sync().syncNow(message),
    testConnection: async (message) => sync().testConnection(message),
    saveSyncConfig: async (message) => sync().saveSyncConfig(message),
    async saveSettings(message) {
      const saved = await repository.saveSettings(message.settings);
      settingsCache = Promise.resolve(saved);
      const tabs = [...(await subscriptions()).keys()];
      for (const tabId of tabs) deps.toolbar?.schedule(tabId);
      const update: BackgroundToContent = { type: 'settings', settings: saved };
      await Promise.all(tabs.map((tabId) => browser.tabs.sendMessage(tabId, update).catch(() => undefined)));
      return saved;
    },
  };

  /**
   * The runtime.onMessage listener. Accepts only messages from this extension; content-script
   * messages must come from a tab, page messages from an extension page; every message is
   * validated by schema before anything happens.
   */
  function onMessage(raw: unknown, sender: Browser.runtime.MessageSender): Promise<Result<unknown>> | undefined {
    if (sender.id !== browser.runtime.id) return Promise.resolve({ ok: false, error: 'unknown sender' });
    const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
    const type = (raw as { type?: unknown } | null)?.type;
    // Messages meant for content scripts or pages (e.g. listThreads) are not ours to answer.
    if (type === 'listThreads' || type === 'focusThread' || type === 'contextThread' || type === 'threadsInView') return undefined;
    if (!fromExtensionPage) {
      // Content scripts run in top-level pages only: anything else is not ours.
      if (sender.tab?.id === undefined || (sender.frameId !== undefined && sender.frameId !== 0)) {
        return Promise.resolve({ ok: false, error: 'content messages must come from a top-level page' });
      }
      if (!contentLimiter.take(`tab:${sender.tab.id}`)) {
        return Promise.resolve({ ok: false, error: 'too many messages from this page; try again in a moment' });
      }
    } else if (!pageLimiter.take('pages')) {
      return Promise.resolve({ ok: false, error: 'too many requests; try again in a moment' });
    }
    const run = async (): Promise<Result<unknown>> => {
      try {
        if (fromExtensionPage) {
          const parsed = PageToBackground.safeParse(raw);
          if (!parsed.success) return { ok: false, error: `rejected message: ${describeError(parsed.error)}` };
          return { ok: true, value: await dispatch(pageCalls, parsed.data, undefined) };
        }
        const parsed = ContentToBackground.safeParse(raw);
        if (!parsed.success) return { ok: false, error: `rejected message: ${describeError(parsed.error)}` };
        return { ok: true, value: await dispatch(contentCalls, parsed.data, sender) };
      } catch (error) {
        return { ok: false, error: describeFailure(error) };
      }
    };
    return run();
  }

  /** Forget a closed tab's subscriptions and selection. */
  async function onTabRemoved(tabId: number): Promise<void> {
    contentLimiter.forget(`tab:${tabId}`);
    deps.toolbar?.forget(tabId);
    (await subscriptions()).delete(tabId);
    await browser.storage.session.remove([SUBSCRIPTION_PREFIX + tabId, selectionKey(tabId)]);
  }

  /** Whether some tab shows discussions now (team sync's live passes run while one does). */
  async function badgesShown(): Promise<boolean> {
    for (const shown of (await subscriptions()).values()) if (shown.size > 0) return true;
    return false;
  }

  /** Every tab showing discussions counts again (review dates pass while nobody edits). */
  async function refreshToolbars(): Promise<void> {
    for (const tabId of (await subscriptions()).keys()) deps.toolbar?.schedule(tabId);
  }

  return { onMessage, onTabRemoved, publish, publishAnnotations, refreshToolbars, settings, badgesShown };
}

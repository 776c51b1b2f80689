/**
 * The background's message handlers: it owns the database, answers content scripts' lookups,
 * applies edits from extension pages and pushes new badge states to the tabs that show them.
 * Kept out of entrypoints/ so unit tests can drive it with WXT's fake browser.
 */
import type { Browser, WxtBrowser } from 'wxt/browser';
import { createRateLimiter } from './rate-limit';
import { badgeStateOf } from '../storage/model';
import {
  ContentToBackground,
  UiToBackground,
  describeError,
  type BackgroundToContent,
  type LookupAnswer,
  type Result,
} from '../storage/messages';
import type { Repository } from '../storage/repository';
import type { Annotation, BadgeState, ThreadRef } from '../storage/schema';

const SUBSCRIPTION_PREFIX = 'subs:';
const SELECTION_PREFIX = 'selection:';

/** Storage key of the thread selected in a tab's side panel (storage.session). */
export function selectionKey(tabId: number): string {
  return SELECTION_PREFIX + tabId;
}

/** What the handlers need from the outside world; tests pass fakes. */
export interface BackgroundDeps {
  browser: WxtBrowser;
  repository: Repository;
  now?: () => number;
  /** Opens the side panel or sidebar for a tab; must run synchronously inside the user gesture. */
  openPanel?: (tabId: number, windowId: number | undefined) => void;
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
  return error instanceof Error ? error.message : String(error);
}

/** Message budgets: generous for a person's pages, tight enough to stop a flooding web page. */
export const CONTENT_BUDGET = { perSecond: 50, burst: 200 };
export const PAGE_BUDGET = { perSecond: 1000, burst: 2000 };

/** Creates the runtime.onMessage listener and the change fan-out of the background. */
export function createBackground(deps: BackgroundDeps) {
  const { browser, repository } = deps;
  const now = deps.now ?? Date.now;
  const extensionOrigin = browser.runtime.getURL('/');
  const contentLimiter = createRateLimiter(CONTENT_BUDGET, now);
  const pageLimiter = createRateLimiter(PAGE_BUDGET, now);

  /** Tabs subscribed to each key, kept in storage.session so a restarted worker still knows. */
  async function subscribers(keys: readonly string[]): Promise<number[]> {
    const all = (await browser.storage.session.get(null)) as Record<string, unknown>;
    const wanted = new Set(keys);
    const tabs: number[] = [];
    for (const [name, value] of Object.entries(all)) {
      if (!name.startsWith(SUBSCRIPTION_PREFIX) || !Array.isArray(value)) continue;
      if (value.some((k) => wanted.has(k as string))) tabs.push(Number(name.slice(SUBSCRIPTION_PREFIX.length)));
    }
    return tabs;
  }

  /** Sends new badge states to every tab that shows one of these threads. */
  async function publish(states: Record<string, BadgeState | null>): Promise<void> {
    const tabs = await subscribers(Object.keys(states));
    const message: BackgroundToContent = { type: 'badges', states };
    await Promise.all(tabs.map((tabId) => browser.tabs.sendMessage(tabId, message).catch(() => undefined)));
  }

  async function subscribe(tabId: number, keys: readonly string[], reset: boolean): Promise<void> {
    const name = SUBSCRIPTION_PREFIX + tabId;
    const previous = reset ? [] : (((await browser.storage.session.get(name))[name] as string[] | undefined) ?? []);
    await browser.storage.session.set({ [name]: [...new Set([...previous, ...keys])] });
  }

  async function displayName(): Promise<string> {
    return (await repository.settings()).displayName;
  }

  async function handleContent(message: ContentToBackground, sender: Browser.runtime.MessageSender): Promise<unknown> {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('content messages must come from a tab');
    switch (message.type) {
      case 'lookup': {
        const [found, settings] = await Promise.all([repository.getMany(message.keys), repository.settings()]);
        await subscribe(tabId, message.keys, message.reset);
        const at = now();
        const states: Record<string, BadgeState> = {};
        for (const [key, annotation] of found) states[key] = badgeStateOf(annotation, at);
        const answer: LookupAnswer = { states, unassessedBadge: settings.unassessedBadge };
        return answer;
      }
      case 'openThread': {
        // Must be the first thing done: the user gesture does not survive an await.
        deps.openPanel?.(tabId, sender.tab?.windowId);
        await browser.storage.session.set({ [selectionKey(tabId)]: message.thread });
        return null;
      }
    }
  }

  async function handleUi(message: UiToBackground): Promise<unknown> {
    switch (message.type) {
      case 'edit': {
        const thread: ThreadRef = message.thread;
        const annotation: Annotation = await repository.edit(thread, message.op, {
          now: now(),
          by: await displayName(),
          lastActivity: thread.native.lastActivity,
        });
        await publish({ [annotation.threadKey]: badgeStateOf(annotation, now()) });
        return annotation;
      }
      case 'deleteAnnotation':
        await repository.remove(message.key);
        await publish({ [message.key]: null });
        return null;
      case 'annotationsChanged': {
        const found = await repository.getMany(message.keys);
        const at = now();
        await publish(Object.fromEntries(message.keys.map((key) => [key, found.has(key) ? badgeStateOf(found.get(key)!, at) : null])));
        return null;
      }
      case 'deleteAll': {
        const keys = await repository.removeAll();
        await publish(Object.fromEntries(keys.map((key) => [key, null])));
        return keys.length;
      }
      case 'saveSettings': {
        const saved = await repository.saveSettings(message.settings);
        const all = (await browser.storage.session.get(null)) as Record<string, unknown>;
        const tabs = Object.keys(all)
          .filter((k) => k.startsWith(SUBSCRIPTION_PREFIX))
          .map((k) => Number(k.slice(SUBSCRIPTION_PREFIX.length)));
        const update: BackgroundToContent = { type: 'settings', settings: saved };
        await Promise.all(tabs.map((tabId) => browser.tabs.sendMessage(tabId, update).catch(() => undefined)));
        return saved;
      }
    }
  }

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
    if (type === 'listThreads' || type === 'focusThread' || type === 'contextThread') return undefined;
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
          const parsed = UiToBackground.safeParse(raw);
          if (!parsed.success) return { ok: false, error: `rejected message: ${describeError(parsed.error)}` };
          return { ok: true, value: await handleUi(parsed.data) };
        }
        const parsed = ContentToBackground.safeParse(raw);
        if (!parsed.success) return { ok: false, error: `rejected message: ${describeError(parsed.error)}` };
        return { ok: true, value: await handleContent(parsed.data, sender) };
      } catch (error) {
        return { ok: false, error: describeFailure(error) };
      }
    };
    return run();
  }

  /** Forget a closed tab's subscriptions and selection. */
  async function onTabRemoved(tabId: number): Promise<void> {
    contentLimiter.forget(`tab:${tabId}`);
    await browser.storage.session.remove([SUBSCRIPTION_PREFIX + tabId, selectionKey(tabId)]);
  }

  return { onMessage, onTabRemoved, publish };
}

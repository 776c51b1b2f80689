/**
 * The toolbar icon's count, per tab: how many discussions on that tab need attention (due for
 * review, or stale: the page shows activity newer than the rating), or how many open issues they
 * hold, as the dashboard's setting picks; nothing when there are none or the setting is off. The
 * tooltip says what the number counts. The tab is asked for its discussions (the content
 * script's `listThreads`, with the page's last activity) after it looked up badges and after an
 * edit touched one of its threads; an hourly alarm catches review dates passing overnight.
 */
import type { WxtBrowser } from 'wxt/browser';
import { ThreadList, type PageToContent, type Result } from '../../protocol/messages';
import { badgeIsStale } from '../../storage/bands';
import type { Repository } from '../../storage/repository';
import type { BadgeState, Settings, ThreadRef } from '../../storage/schema';

export type ToolbarCountMode = NonNullable<Settings['toolbarCount']>;

/** What the icon shows for a tab: the number ('' for none) and the tooltip's message. */
export interface ToolbarCount {
  text: string;
  /** Message key and count for the tooltip, or null for the extension's plain name. */
  title: { key: string; count: number } | null;
}

/** The count for these threads and their stored badge states (pure: unit-tested). */
export function toolbarCount(threads: readonly ThreadRef[], states: ReadonlyMap<string, BadgeState>, mode: ToolbarCountMode): ToolbarCount {
  if (mode === 'off') return { text: '', title: null };
  const seen = new Set<string>();
  let due = 0;
  let stale = 0;
  let openIssues = 0;
  for (const thread of threads) {
    const state = states.get(thread.key);
    if (!state || seen.has(thread.key)) continue;
    seen.add(thread.key);
    openIssues += state.openIssues;
    if (state.due) due += 1;
    else if (badgeIsStale(state, thread.native.lastActivity)) stale += 1;
  }
  if (mode === 'openIssues') {
    return openIssues === 0 ? { text: '', title: null } : { text: String(openIssues), title: { key: 'toolbarOpenIssues', count: openIssues } };
  }
  const count = due + stale;
  if (count === 0) return { text: '', title: null };
  return { text: String(count), title: { key: stale === 0 ? 'toolbarDue' : 'toolbarAttention', count } };
}

export interface ToolbarDeps {
  browser: WxtBrowser;
  repository: Repository;
  now: () => number;
  mode: () => Promise<ToolbarCountMode>;
  /** The tooltip's words (lib/i18n's tn in the extension). */
  words: (key: string, count: number) => string;
  /** The extension's name: the tooltip when there is nothing to count. */
  name: string;
}

/** Amber, like the "due" tag: 4.5:1 with the white number. */
const BADGE_COLOUR = '#9a5b00';
const DEBOUNCE_MS = 250;

export function createToolbarCount(deps: ToolbarDeps) {
  const { browser } = deps;
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  async function threadsOf(tabId: number): Promise<ThreadRef[]> {
    const message: PageToContent = { type: 'listThreads' };
    const answer = (await browser.tabs.sendMessage(tabId, message).catch(() => undefined)) as Result<unknown> | undefined;
    if (!answer?.ok) return [];
    const parsed = ThreadList.safeParse(answer.value);
    return parsed.success ? parsed.data : [];
  }

  /** Asks the tab for its discussions and shows their count on the icon. */
  async function refresh(tabId: number): Promise<ToolbarCount> {
    const mode = await deps.mode();
    const threads = mode === 'off' ? [] : await threadsOf(tabId);
    const states = threads.length ? await deps.repository.badgeStates([...new Set(threads.map((t) => t.key))], deps.now()) : new Map();
    const shown = toolbarCount(threads, states, mode);
    const title = shown.title ? deps.words(shown.title.key, shown.title.count) : deps.name;
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: shown.text }),
      browser.action.setTitle({ tabId, title }),
      shown.text ? browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR }) : undefined,
      shown.text && browser.action.setBadgeTextColor ? browser.action.setBadgeTextColor({ tabId, color: '#ffffff' }) : undefined,
    ]).catch(() => undefined); // the tab closed meanwhile
    return shown;
  }

  /** Refreshes a tab soon, once for a burst of lookups or edits. */
  function schedule(tabId: number): void {
    clearTimeout(timers.get(tabId));
    timers.set(
      tabId,
      setTimeout(() => {
        timers.delete(tabId);
        void refresh(tabId);
      }, DEBOUNCE_MS),
    );
  }

  return { refresh, schedule, forget: (tabId: number) => clearTimeout(timers.get(tabId)) };
}

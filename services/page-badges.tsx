/**
 * What the content script does on a page: find the threads with the site adapters, mount one
 * badge per thread in a closed shadow root, fetch their states in one round trip, and keep them
 * live. Never throws out to the page; a broken adapter means "no threads found".
 */
import { render } from 'preact';
import { BADGE_CSS, Badge } from '../components/Badge';
import { t } from '../components/i18n';
import { detectThreads } from '../sites';
import { BADGE_HOST_ATTRIBUTE, observeAdditions } from '../sites/observer';
import type { FoundThread } from '../sites/types';
import {
  BackgroundToContent,
  LookupAnswer,
  UiToContent,
  type ContentToBackground,
  type Result,
} from '../storage/messages';
import { badgeIsStale } from '../storage/model';
import { LIMITS, ThreadKey, type BadgeState, type SiteId, type ThreadRef } from '../storage/schema';

/** The browser APIs the content script uses (a subset, so tests can fake them). */
export interface ContentBrowser {
  runtime: {
    id: string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: {
      addListener(listener: (message: unknown, sender: { id?: string }) => Promise<unknown> | undefined): void;
      removeListener(listener: (message: unknown, sender: { id?: string }) => Promise<unknown> | undefined): void;
    };
  };
}

interface Mounted {
  host: HTMLElement;
  root: ShadowRoot;
  thread: FoundThread;
}

/** Plain-text label of a thread's native state, e.g. "Resolved on the page". */
function nativeLabel(thread: FoundThread): string | undefined {
  return thread.native.state ? t('native_' + thread.native.state) : undefined;
}

/** Starts decorating `doc`; returns a handle to rescan (after SPA navigation) and to stop. */
export function startPageBadges(browser: ContentBrowser, doc: Document, currentUrl: () => string) {
  let site: SiteId | null = null;
  let threads: FoundThread[] = [];
  const mounted = new Map<string, Mounted[]>();
  const states = new Map<string, BadgeState>();
  let showUnassessed = true;
  let observing: AbortController | null = null;
  let warned = false;

  const warnOnce = (error: unknown) => {
    if (!warned) console.warn('[doneness] content script:', error);
    warned = true;
  };

  function refOf(thread: FoundThread): ThreadRef {
    return {
      key: thread.key,
      site: site ?? 'generic',
      title: thread.title.slice(0, LIMITS.title),
      url: thread.url.slice(0, LIMITS.url),
      native: thread.native,
    };
  }

  function draw(entry: Mounted): void {
    const state = states.get(entry.thread.key) ?? null;
    render(
      <Badge
        state={state}
        nativeLabel={nativeLabel(entry.thread)}
        stale={state !== null && badgeIsStale(state, entry.thread.native.lastActivity)}
        showUnassessed={showUnassessed}
        onActivate={() => {
          const message: ContentToBackground = { type: 'openThread', thread: refOf(entry.thread) };
          browser.runtime.sendMessage(message).catch(warnOnce);
        }}
      />,
      entry.root,
    );
  }

  function mount(thread: FoundThread): Mounted {
    const host = doc.createElement('span');
    host.setAttribute(BADGE_HOST_ATTRIBUTE, '');
    // Closed: page scripts cannot reach into the badge to read the annotation.
    const root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = BADGE_CSS;
    root.append(style);
    thread.badgeAnchor.append(host);
    return { host, root, thread };
  }

  async function lookup(keys: string[], reset: boolean): Promise<void> {
    if (keys.length === 0 && !reset) return;
    const message: ContentToBackground = { type: 'lookup', keys, reset };
    const answer = (await browser.runtime.sendMessage(message)) as Result<unknown> | undefined;
    if (!answer?.ok) throw new Error(answer ? answer.error : 'no answer from the background');
    const parsed = LookupAnswer.safeParse(answer.value);
    if (!parsed.success) throw new Error('malformed lookup answer');
    showUnassessed = parsed.data.unassessedBadge === 'faint';
    for (const key of keys) {
      const state = parsed.data.states[key];
      if (state) states.set(key, state);
      else states.delete(key);
    }
    for (const entries of mounted.values()) entries.forEach(draw);
  }

  /** Finds threads, mounts badges for new ones, drops badges whose thread is gone. */
  function scan(reset: boolean): void {
    let found: { site: SiteId | null; threads: FoundThread[] };
    try {
      found = detectThreads(new URL(currentUrl()), doc);
    } catch (error) {
      warnOnce(error);
      found = { site: null, threads: [] };
    }
    site = found.site;
    threads = found.threads.filter((thread) => ThreadKey.safeParse(thread.key).success);
    const fresh: string[] = [];
    const live = new Map<string, Mounted[]>();
    for (const thread of threads) {
      const previous = mounted.get(thread.key) ?? [];
      let entry = previous.find((m) => m.host.isConnected && m.host.parentNode === thread.badgeAnchor);
      if (entry) entry.thread = thread;
      else {
        entry = mount(thread);
        if (!states.has(thread.key)) fresh.push(thread.key);
        draw(entry);
      }
      live.set(thread.key, [...(live.get(thread.key) ?? []), entry]);
    }
    for (const [key, entries] of mounted) {
      for (const entry of entries) {
        if (!live.get(key)?.includes(entry)) {
          render(null, entry.root);
          entry.host.remove();
        }
      }
    }
    mounted.clear();
    for (const [key, entries] of live) mounted.set(key, entries);
    const keys = reset ? threads.map((thread) => thread.key) : [...new Set(fresh)];
    lookup(keys, reset).catch(warnOnce);
  }

  function focus(key: string): boolean {
    const entry = mounted.get(key)?.[0];
    if (!entry) return false;
    entry.thread.badgeAnchor.scrollIntoView({ block: 'center' });
    return true;
  }

  const onMessage = (raw: unknown, sender: { id?: string }): Promise<unknown> | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const update = BackgroundToContent.safeParse(raw);
    if (update.success) {
      if (update.data.type === 'badges') {
        for (const [key, state] of Object.entries(update.data.states)) {
          if (state) states.set(key, state);
          else states.delete(key);
          mounted.get(key)?.forEach(draw);
        }
      } else {
        showUnassessed = update.data.settings.unassessedBadge === 'faint';
        for (const entries of mounted.values()) entries.forEach(draw);
      }
      return undefined;
    }
    const request = UiToContent.safeParse(raw);
    if (!request.success) return undefined;
    if (request.data.type === 'listThreads') return Promise.resolve({ ok: true, value: threads.map(refOf) });
    if (request.data.type === 'contextThread') {
      const hit = threadAt(rightClicked);
      return Promise.resolve({ ok: true, value: hit ? refOf(hit) : null });
    }
    return Promise.resolve({ ok: true, value: focus(request.data.key) });
  };

  /** (Re)starts observation; `reset` after navigation re-subscribes this tab from scratch. */
  function start(reset: boolean): void {
    observing?.abort();
    observing = new AbortController();
    scan(reset);
    observeAdditions(doc.body ?? doc.documentElement, () => scan(false), observing.signal);
  }

  /** The last right-clicked node, so "Annotate this discussion" knows which thread was meant. */
  let rightClicked: Node | null = null;
  const onContextMenu = (event: Event) => (rightClicked = event.target as Node | null);
  /** The thread a node belongs to: the last thread whose badge anchor is at or before it. */
  function threadAt(node: Node | null): FoundThread | null {
    if (!node?.isConnected) return null;
    let hit: FoundThread | null = null;
    for (const thread of threads) {
      const anchor = thread.badgeAnchor;
      // 4 = Node.DOCUMENT_POSITION_FOLLOWING: the node comes after this thread's anchor.
      if (anchor === node || anchor.contains(node) || anchor.compareDocumentPosition(node) & 4) hit = thread;
    }
    return hit;
  }
  doc.addEventListener('contextmenu', onContextMenu, true);

  browser.runtime.onMessage.addListener(onMessage);
  start(true);

  return {
    /** Rescan from scratch, e.g. after an SPA route change. */
    restart: () => start(true),
    /** Remove every badge and listener. */
    stop: () => {
      observing?.abort();
      browser.runtime.onMessage.removeListener(onMessage);
      doc.removeEventListener('contextmenu', onContextMenu, true);
      for (const entries of mounted.values()) {
        for (const entry of entries) {
          render(null, entry.root);
          entry.host.remove();
        }
      }
      mounted.clear();
    },
    /** The threads found by the last scan. */
    threads: () => threads.map(refOf),
  };
}

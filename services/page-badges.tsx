/**
 * What the content script does on a page: find the threads with the site adapters, mount one
 * badge per thread in a closed shadow root, fetch their states in one round trip per batch, and
 * keep them live. Never throws out to the page; a broken adapter means "no threads found".
 *
 * Single-page apps and virtualised feeds: the thread of a badge is re-derived from the page on
 * every scan, never remembered per element. Each badge host records the key it shows; when a
 * recycled node now holds another thread, its badge is re-keyed and redrawn, and a badge left
 * where no thread is any more is removed. After a mutation only the changed region is scanned
 * (for adapters that can), and route changes (history API, popstate, hash, silent URL swaps
 * caught by polling) rescan from scratch.
 */
import { render } from 'preact';
import { BADGE_CSS, Badge } from '../components/Badge';
import { t } from '../components/i18n';
import { scanPage, watchedAttributes, type ScanResult } from '../sites';
import { inPageOrder } from '../sites/dom-text';
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

/** Attribute on each badge host naming the thread it shows (read by tests; a key, no annotation). */
export const BADGE_KEY_ATTRIBUTE = 'data-doneness-key';

/** How often the URL is compared, for routes that change without any event. */
const LOCATION_POLL_MS = 250;

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
  /** Every badge on the page, by host element; `byKey` indexes the same entries by thread. */
  const entries = new Map<HTMLElement, Mounted>();
  const byKey = new Map<string, Set<Mounted>>();
  const states = new Map<string, BadgeState>();
  /** Keys already looked up (and so subscribed to) since the last reset. */
  const lookedUp = new Set<string>();
  let showUnassessed = true;
  let siteEnabled = true;
  let wholePage = false;
  let observing: AbortController | null = null;
  let observedSite: SiteId | null = null;
  let scannedUrl = '';
  let warned = false;
  const view = doc.defaultView;

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

  function index(entry: Mounted): void {
    let set = byKey.get(entry.thread.key);
    if (!set) byKey.set(entry.thread.key, (set = new Set()));
    set.add(entry);
  }

  function unindex(entry: Mounted): void {
    const set = byKey.get(entry.thread.key);
    set?.delete(entry);
    if (set?.size === 0) byKey.delete(entry.thread.key);
  }

  function mount(thread: FoundThread): Mounted {
    const host = doc.createElement('span');
    host.setAttribute(BADGE_HOST_ATTRIBUTE, '');
    host.setAttribute(BADGE_KEY_ATTRIBUTE, thread.key);
    // A page-level badge with nowhere better to go floats at the top corner instead of the end.
    if (thread.badgeAnchor === doc.body || thread.badgeAnchor === doc.documentElement) {
      host.style.cssText = 'position:fixed;top:8px;right:8px;z-index:2147483647';
    }
    // Closed: page scripts cannot reach into the badge to read the annotation.
    const root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = BADGE_CSS;
    root.append(style);
    thread.badgeAnchor.append(host);
    const entry: Mounted = { host, root, thread };
    entries.set(host, entry);
    index(entry);
    draw(entry);
    return entry;
  }

  function unmount(entry: Mounted): void {
    render(null, entry.root);
    entry.host.remove();
    entries.delete(entry.host);
    unindex(entry);
  }

  /** Our badge directly inside an anchor (the last one, where `mount` appends it). */
  function hostIn(anchor: Element): HTMLElement | null {
    for (let c = anchor.lastElementChild; c; c = c.previousElementSibling) {
      if (c.hasAttribute(BADGE_HOST_ATTRIBUTE)) return c as HTMLElement;
    }
    return null;
  }

  async function lookup(keys: string[], reset: boolean): Promise<void> {
    if (keys.length === 0 && !reset) return;
    const message: ContentToBackground = { type: 'lookup', keys, reset, site };
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
    if (parsed.data.siteEnabled === false) {
      disable();
      return;
    }
    for (const key of keys) byKey.get(key)?.forEach(draw);
    if (reset) for (const entry of entries.values()) draw(entry);
  }

  /** The site is switched off: no badges until the settings say otherwise. */
  function disable(): void {
    siteEnabled = false;
    for (const entry of [...entries.values()]) unmount(entry);
  }

  /**
   * Applies a scan: badges on every thread found (re-keyed where a recycled node changed
   * threads), none left in the scanned scopes where no thread is. Returns the keys never looked
   * up before.
   */
  function apply(found: ScanResult): string[] {
    site = found.site;
    const fresh = new Set<string>();
    const confirmed = new Set<Mounted>();
    for (const thread of found.threads) {
      if (!ThreadKey.safeParse(thread.key).success || !thread.badgeAnchor.isConnected) continue;
      const host = hostIn(thread.badgeAnchor);
      let entry = host ? entries.get(host) : undefined;
      if (host && !entry) host.remove(); // left by an earlier instance of the content script
      if (entry && confirmed.has(entry)) continue; // two threads on one anchor: the first wins
      if (entry && entry.thread.key !== thread.key) {
        unindex(entry);
        entry.thread = thread;
        entry.host.setAttribute(BADGE_KEY_ATTRIBUTE, thread.key);
        index(entry);
        draw(entry);
      } else if (entry) {
        const redraw = entry.thread.native.state !== thread.native.state || entry.thread.native.lastActivity !== thread.native.lastActivity;
        entry.thread = thread;
        if (redraw) draw(entry);
      } else entry = mount(thread);
      confirmed.add(entry);
      if (!lookedUp.has(thread.key)) fresh.add(thread.key);
    }
    if (found.scopes === null) {
      for (const entry of [...entries.values()]) if (!confirmed.has(entry)) unmount(entry);
    } else {
      for (const scope of found.scopes) {
        if (!scope.isConnected) continue;
        for (const host of Array.from(scope.querySelectorAll(`[${BADGE_HOST_ATTRIBUTE}]`))) {
          const entry = entries.get(host as HTMLElement);
          if (!entry) host.remove();
          else if (!confirmed.has(entry)) unmount(entry);
        }
      }
    }
    // Badges whose post left the page (a virtualised feed dropped it) are forgotten.
    for (const entry of [...entries.values()]) if (!entry.host.isConnected) unmount(entry);
    return [...fresh];
  }

  /** Finds threads (everywhere, or where the page changed) and updates the badges. */
  function scan(reset: boolean, roots: readonly Element[] | null): void {
    if (!siteEnabled) return;
    let found: ScanResult;
    try {
      found = scanPage(new URL(currentUrl()), doc, { wholePage, roots });
    } catch (error) {
      warnOnce(error);
      found = { site: null, threads: [], scopes: null };
    }
    const fresh = apply(found);
    // A single-page app often renders its posts after the first scan: watch what its site needs.
    if (observing && site !== observedSite) observe();
    if (reset) lookedUp.clear();
    const keys = reset ? [...byKey.keys()] : fresh;
    for (const key of keys) lookedUp.add(key);
    lookup(keys, reset).catch(warnOnce);
  }

  /** The threads on the page now, in page order. */
  function currentThreads(): FoundThread[] {
    const list = inPageOrder([...entries.values()].filter((e) => e.host.isConnected).map((e) => e.thread));
    const seen = new Set<string>();
    return list.filter((th) => !seen.has(th.key) && seen.add(th.key));
  }

  function focus(key: string): boolean {
    const entry = [...(byKey.get(key) ?? [])].find((e) => e.host.isConnected);
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
          byKey.get(key)?.forEach(draw);
        }
      } else {
        showUnassessed = update.data.settings.unassessedBadge === 'faint';
        const off = site !== null && (update.data.settings.disabledSites ?? []).includes(site);
        if (off) disable();
        else if (!siteEnabled) {
          siteEnabled = true;
          start(true);
        } else for (const entry of entries.values()) draw(entry);
      }
      return undefined;
    }
    const request = UiToContent.safeParse(raw);
    if (!request.success) return undefined;
    switch (request.data.type) {
      case 'listThreads':
        return Promise.resolve({ ok: true, value: currentThreads().map(refOf) });
      case 'contextThread': {
        const hit = threadAt(rightClicked);
        return Promise.resolve({ ok: true, value: hit ? refOf(hit) : null });
      }
      case 'annotatePage':
        annotatePage();
        return Promise.resolve({ ok: true, value: currentThreads().map(refOf) });
      case 'focusThread':
        return Promise.resolve({ ok: true, value: focus(request.data.key) });
    }
  };

  /**
   * Observes the page for the current site: added nodes always, and the attributes that can
   * re-key a recycled node on feeds (only there: attribute churn would rescan a wiki for nothing).
   */
  function observe(): void {
    observing?.abort();
    observing = new AbortController();
    observedSite = site;
    // The whole document, not the body: apps like GitHub's (Turbo) swap in a new <body>.
    observeAdditions(
      doc.documentElement ?? doc,
      (changed) => {
        if (checkLocation()) return;
        scan(false, changed);
      },
      observing.signal,
      { attributes: watchedAttributes(site) },
    );
  }

  /** (Re)starts observation; `reset` after navigation re-subscribes this tab from scratch. */
  function start(reset: boolean): void {
    scannedUrl = currentUrl();
    scan(reset, null);
    observe();
  }

  /** Rescans from scratch when the URL changed since the last scan; says whether it did. */
  function checkLocation(): boolean {
    let url: string;
    try {
      url = currentUrl();
    } catch {
      return false;
    }
    if (url === scannedUrl) return false;
    // "Annotate this page" was about the page the user saw, not the next route.
    wholePage = false;
    start(true);
    return true;
  }

  /** The user chose "Annotate this page": the whole page is a discussion as well. */
  function annotatePage(): void {
    wholePage = true;
    siteEnabled = true;
    start(true);
  }

  /** The last right-clicked node, so "Annotate this discussion" knows which thread was meant. */
  let rightClicked: Node | null = null;
  const onContextMenu = (event: Event) => (rightClicked = event.target as Node | null);
  /** The thread a node belongs to: the last thread whose badge anchor is at or before it. */
  function threadAt(node: Node | null): FoundThread | null {
    if (!node?.isConnected) return null;
    let hit: FoundThread | null = null;
    for (const thread of currentThreads()) {
      const anchor = thread.badgeAnchor;
      // 4 = Node.DOCUMENT_POSITION_FOLLOWING: the node comes after this thread's anchor.
      if (anchor === node || anchor.contains(node) || anchor.compareDocumentPosition(node) & 4) hit = thread;
    }
    return hit;
  }
  doc.addEventListener('contextmenu', onContextMenu, true);

  // Route changes: history traversal and hash changes fire events; pushState and silent swaps
  // are caught by polling the URL (a string comparison) and on every mutation batch.
  const onRoute = () => void checkLocation();
  view?.addEventListener('popstate', onRoute);
  view?.addEventListener('hashchange', onRoute);
  const poll = setInterval(onRoute, LOCATION_POLL_MS);

  browser.runtime.onMessage.addListener(onMessage);
  start(true);

  return {
    /** Rescan from scratch, e.g. after an SPA route change. */
    restart: () => start(true),
    /** Rescan if the URL changed (call after a navigation event; safe to call any time). */
    checkLocation: () => void checkLocation(),
    /** "Annotate this page": add the whole page as a discussion. */
    annotatePage,
    /** Remove every badge and listener. */
    stop: () => {
      observing?.abort();
      clearInterval(poll);
      view?.removeEventListener('popstate', onRoute);
      view?.removeEventListener('hashchange', onRoute);
      browser.runtime.onMessage.removeListener(onMessage);
      doc.removeEventListener('contextmenu', onContextMenu, true);
      for (const entry of [...entries.values()]) unmount(entry);
      // Copies of our hosts the page made (cloned nodes) go too: nothing of ours stays behind.
      for (const host of Array.from(doc.querySelectorAll(`[${BADGE_HOST_ATTRIBUTE}]`))) host.remove();
    },
    /** The threads on the page now. */
    threads: () => currentThreads().map(refOf),
  };
}

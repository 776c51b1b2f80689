/**
 * What the content script does on a page: find the threads with the site adapters, give each a
 * badge in a closed shadow root once it comes near the viewport, fetch the states of those badges
 * in one round trip per batch, and keep them live. Never throws out to the page; a broken
 * adapter means "no threads found".
 *
 * Cost (issue 7): the page pays for what the reader can see. Every thread is detected, but a
 * badge is only built when its anchor comes within NEAR_PX of the viewport (an
 * IntersectionObserver, one callback per frame for the whole batch), so a 2,000-thread archive
 * mounts a screenful of badges, not 2,000; badges are plain DOM sharing one constructed style
 * sheet (no framework, no zod: see protocol/content-guards.ts).
 *
 * Single-page apps and virtualised feeds: the thread of a badge is re-derived from the page on
 * every scan, never remembered per element. Each entry is keyed by its anchor element and records
 * the thread it shows; when a recycled node now holds another thread, its badge is re-keyed and
 * redrawn, and an entry left where no thread is any more is removed. After a mutation only the
 * changed region is scanned (for adapters that can), and route changes (history API, popstate,
 * hash, silent URL swaps caught by polling) rescan from scratch.
 */
import { BADGE_CSS, createBadge } from './badge-view';
import { t } from '../lib/i18n';
import { scanPageSteps, watchedAttributes, type ScanResult } from '../sites';
import { inPageOrder } from '../sites/dom-text';
import { advance } from '../sites/steps';
import { BADGE_HOST_ATTRIBUTE, observeAdditions } from '../sites/observer';
import type { FoundThread } from '../sites/types';
import { badgeIsStale } from '../storage/bands';
import { contentRequest, contentUpdate, lookupAnswer } from '../protocol/content-guards';
import { LIMITS, isThreadKey } from '../storage/limits';
import type { ContentToBackground, Result } from '../protocol/messages';
import type { BadgeState, SiteId, ThreadRef } from '../storage/schema';

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

/** Badges are built this far above and below the viewport, so scrolling never shows a gap. */
const NEAR_PX = 800;

/** Longest stretch of scanning before the page gets the main thread back. */
const SLICE_MS = 12;

/** How long badges near the viewport wait for their states before showing without them. */
export const LOOKUP_PATIENCE_MS = 2000;

/** One detected thread: its anchor, and its badge once the anchor came near the viewport. */
interface Entry {
  thread: FoundThread;
  anchor: Element;
  host: HTMLElement | null;
  root: ShadowRoot | null;
  badge: HTMLElement | null;
}

/** Reports elements that come near the viewport, in batches. */
interface NearWatch {
  observe(el: Element): void;
  unobserve(el: Element): void;
  disconnect(): void;
}

/**
 * An IntersectionObserver with a margin of NEAR_PX; where there is none that reports (no layout,
 * as in happy-dom), every element counts as near, in one batch per microtask.
 */
function nearWatch(view: (Window & typeof globalThis) | null, onNear: (els: Element[]) => void): NearWatch {
  const IO = view?.IntersectionObserver;
  if (IO) {
    // scrollMargin widens the clip of scrolling containers too (feeds that scroll inside a box);
    // browsers without it ignore it and build those badges as they come into view.
    const margin = `${NEAR_PX}px 0px`;
    const io = new IO(
      (records) => onNear(records.filter((r) => r.isIntersecting).map((r) => r.target)),
      { rootMargin: margin, scrollMargin: margin } as IntersectionObserverInit,
    );
    return { observe: (el) => io.observe(el), unobserve: (el) => io.unobserve(el), disconnect: () => io.disconnect() };
  }
  let batch = new Set<Element>();
  return {
    observe(el) {
      if (batch.size === 0) {
        queueMicrotask(() => {
          const els = [...batch];
          batch = new Set();
          if (els.length) onNear(els);
        });
      }
      batch.add(el);
    },
    unobserve: (el) => void batch.delete(el),
    disconnect: () => void (batch = new Set()),
  };
}

/** One style sheet shared by every badge's shadow root, where the browser allows it. */
function sharedSheet(view: (Window & typeof globalThis) | null): CSSStyleSheet | null {
  try {
    const sheet = new view!.CSSStyleSheet();
    sheet.replaceSync(BADGE_CSS);
    return sheet;
  } catch {
    return null;
  }
}

/** Plain-text label of a thread's native state, e.g. "Resolved on the page". */
function nativeLabel(thread: FoundThread): string | undefined {
  return thread.native.state ? t('native_' + thread.native.state) : undefined;
}

/** Starts decorating `doc`; returns a handle to rescan (after SPA navigation) and to stop. */
export function startPageBadges(browser: ContentBrowser, doc: Document, currentUrl: () => string) {
  let site: SiteId | null = null;
  /** Every detected thread, by badge anchor; `byKey` indexes the same entries by thread. */
  const entries = new Map<Element, Entry>();
  const byKey = new Map<string, Set<Entry>>();
  /** Our badge hosts, to tell them from copies the page made or an earlier instance left. */
  const ownHosts = new WeakMap<Element, Entry>();
  const states = new Map<string, BadgeState>();
  /** Keys already looked up (and so subscribed to) since the last reset. */
  const lookedUp = new Set<string>();
  /** Where the next check for threads that left the page starts (see `apply`). */
  let sweepAt = 0;
  /** The next lookup drops this tab's earlier subscriptions (after a navigation). */
  let resetPending = true;
  let showUnassessed = true;
  let siteEnabled = true;
  let wholePage = false;
  let observing: AbortController | null = null;
  let observedSite: SiteId | null = null;
  let scannedUrl = '';
  let warned = false;
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  const sheet = sharedSheet(view);
  const near = nearWatch(view, (els) => mountNear(els));

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

  function draw(entry: Entry): void {
    if (!entry.root) return;
    const thread = entry.thread;
    const state = states.get(thread.key) ?? null;
    const badge = createBadge(doc, {
      state,
      nativeLabel: nativeLabel(thread),
      stale: state !== null && badgeIsStale(state, thread.native.lastActivity),
      showUnassessed,
      onActivate: () => {
        const message: ContentToBackground = { type: 'openThread', thread: refOf(entry.thread) };
        browser.runtime.sendMessage(message).catch(warnOnce);
      },
    });
    if (entry.badge && badge) entry.badge.replaceWith(badge);
    else {
      entry.badge?.remove();
      if (badge) entry.root.append(badge);
    }
    entry.badge = badge;
  }

  function index(entry: Entry): void {
    let set = byKey.get(entry.thread.key);
    if (!set) byKey.set(entry.thread.key, (set = new Set()));
    set.add(entry);
  }

  function unindex(entry: Entry): void {
    const set = byKey.get(entry.thread.key);
    set?.delete(entry);
    if (set?.size === 0) byKey.delete(entry.thread.key);
  }

  /** Builds the badge of an entry whose anchor came near the viewport. */
  function mount(entry: Entry): void {
    const { thread, anchor } = entry;
    const stray = hostIn(anchor);
    if (stray) stray.remove(); // left by an earlier instance of the content script
    const host = doc.createElement('span');
    host.setAttribute(BADGE_HOST_ATTRIBUTE, '');
    host.setAttribute(BADGE_KEY_ATTRIBUTE, thread.key);
    // A page-level badge with nowhere better to go floats at the top corner instead of the end.
    if (anchor === doc.body || anchor === doc.documentElement) {
      host.style.cssText = 'position:fixed;top:8px;right:8px;z-index:2147483647';
    }
    // Closed: page scripts cannot reach into the badge to read the annotation.
    const root = host.attachShadow({ mode: 'closed' });
    let styled = false;
    if (sheet) {
      try {
        root.adoptedStyleSheets = [sheet];
        styled = true;
      } catch {
        // Firefox does not let a content script adopt its sheets into a page's shadow root.
      }
    }
    if (!styled) {
      const style = doc.createElement('style');
      style.textContent = BADGE_CSS;
      root.append(style);
    }
    entry.host = host;
    entry.root = root;
    entry.badge = null;
    ownHosts.set(host, entry);
    draw(entry);
    anchor.append(host);
  }

  /** Forgets an entry and removes its badge. */
  function remove(entry: Entry): void {
    near.unobserve(entry.anchor);
    entry.host?.remove();
    entries.delete(entry.anchor);
    unindex(entry);
  }

  /** Our badge (or a stray copy) directly inside an anchor: the last one, where `mount` puts it. */
  function hostIn(anchor: Element): HTMLElement | null {
    for (let c = anchor.lastElementChild; c; c = c.previousElementSibling) {
      if (c.hasAttribute(BADGE_HOST_ATTRIBUTE)) return c as HTMLElement;
    }
    return null;
  }

  /**
   * Anchors came near the viewport: one lookup for their threads, then all their badges built in
   * one go with the states known, so the page lays out once for the batch (on a big archive each
   * layout costs tens of milliseconds), not once for the badges and again for their states.
   */
  function mountNear(anchors: Element[]): void {
    if (!siteEnabled) return;
    const batch: Entry[] = [];
    const fresh: string[] = [];
    for (const anchor of anchors) {
      const entry = entries.get(anchor);
      if (!entry || entry.host || !anchor.isConnected) continue;
      near.unobserve(anchor);
      batch.push(entry);
      claim(entry.thread.key, fresh);
    }
    if (batch.length === 0) return;
    const build = () => {
      if (!siteEnabled) return;
      const late: string[] = [];
      for (const entry of batch) {
        // Still wanted: not forgotten, re-built or moved while the lookup was on its way.
        if (entries.get(entry.anchor) !== entry || entry.host || !entry.anchor.isConnected) continue;
        mount(entry);
        claim(entry.thread.key, late); // re-keyed meanwhile: look the new thread up too
      }
      if (late.length) lookup(late).catch(warnOnce);
    };
    if (fresh.length === 0 && !resetPending) {
      build();
      return;
    }
    // A background that does not answer (starting up, stuck) must not keep the badges away: after
    // a while they are built without their states, and the answer fills them in when it comes.
    let built = false;
    const buildOnce = () => {
      clearTimeout(patience);
      if (built) return;
      built = true;
      build();
    };
    const patience = setTimeout(buildOnce, LOOKUP_PATIENCE_MS);
    lookup(fresh).then(buildOnce, (error) => {
      warnOnce(error);
      buildOnce();
    });
  }

  /** Adds `key` to `into` unless it was looked up (and so subscribed to) since the last reset. */
  function claim(key: string, into: string[]): void {
    if (lookedUp.has(key)) return;
    lookedUp.add(key);
    into.push(key);
  }

  /** Records a thread's badge state; none (undefined or null) means it has no annotation. */
  function setState(key: string, state: BadgeState | null | undefined): void {
    if (state) states.set(key, state);
    else states.delete(key);
  }

  /**
   * Fetches the states of `keys` in one round trip (subscribing this tab to them); the first
   * lookup after a navigation also drops the tab's earlier subscriptions.
   */
  async function lookup(keys: string[]): Promise<void> {
    const reset = resetPending;
    if (keys.length === 0 && !reset) return;
    resetPending = false;
    const message: ContentToBackground = { type: 'lookup', keys, reset, site };
    const answer = (await browser.runtime.sendMessage(message)) as Result<unknown> | undefined;
    if (!answer?.ok) throw new Error(answer ? answer.error : 'no answer from the background');
    const parsed = lookupAnswer(answer.value);
    if (!parsed) throw new Error('malformed lookup answer');
    const faint = parsed.unassessedBadge === 'faint';
    const restyle = faint !== showUnassessed;
    showUnassessed = faint;
    for (const key of keys) setState(key, parsed.states[key]);
    if (parsed.siteEnabled === false) {
      disable();
      return;
    }
    if (restyle) redrawAll();
    else for (const key of keys) byKey.get(key)?.forEach(draw);
  }

  function redrawAll(): void {
    for (const entry of entries.values()) draw(entry);
  }

  /** The site is switched off: no badges until the settings say otherwise. */
  function disable(): void {
    siteEnabled = false;
    for (const entry of [...entries.values()]) remove(entry);
  }

  /** Adds an entry for a newly detected thread; its badge waits until it comes near the viewport. */
  function add(thread: FoundThread): Entry {
    const entry: Entry = { thread, anchor: thread.badgeAnchor, host: null, root: null, badge: null };
    entries.set(entry.anchor, entry);
    index(entry);
    toWatch.push(entry);
    return entry;
  }

  /** Entries whose anchors are still to be handed to the IntersectionObserver, in page order. */
  let toWatch: Entry[] = [];
  let watching = false;

  /**
   * Hands new anchors to the IntersectionObserver for about SLICE_MS at a time, with the page free
   * in between (registering thousands at once is itself a long task on an archive).
   */
  function watchNew(budgetMs = SLICE_MS): void {
    const deadline = performance.now() + budgetMs;
    let i = 0;
    for (; i < toWatch.length; i++) {
      if (i % 100 === 99 && performance.now() > deadline) break;
      const entry = toWatch[i];
      if (entries.get(entry.anchor) === entry && !entry.host) near.observe(entry.anchor);
    }
    toWatch = toWatch.slice(i);
    watching = toWatch.length > 0;
    if (watching) later(watchNew);
  }

  /** Entries in the scanned scopes that no thread confirmed, and stray hosts there. */
  function staleIn(scopes: Element[], confirmed: Set<Entry>): Set<Entry> {
    const stale = new Set<Entry>();
    const inScope = scopes.filter((s) => s.isConnected);
    for (const scope of inScope) {
      for (const host of Array.from(scope.querySelectorAll(`[${BADGE_HOST_ATTRIBUTE}]`))) {
        const entry = ownHosts.get(host);
        if (!entry || entry.host !== host) host.remove();
      }
    }
    // Entries without a badge yet: look from whichever side is smaller, the entries or the scopes.
    if (entries.size * inScope.length <= 4096) {
      for (const entry of entries.values()) {
        if (!confirmed.has(entry) && inScope.some((s) => s.contains(entry.anchor))) stale.add(entry);
      }
    } else {
      for (const scope of inScope) {
        const check = (el: Element) => {
          const entry = entries.get(el);
          if (entry && !confirmed.has(entry)) stale.add(entry);
        };
        check(scope);
        for (const el of Array.from(scope.getElementsByTagName('*'))) check(el);
      }
    }
    return stale;
  }

  /**
   * Applies a scan: an entry for every thread found (re-keyed where a recycled node changed
   * threads), none left in the scanned scopes where no thread is. New badges come from the
   * IntersectionObserver; returns the keys of built badges that now show a thread not looked up.
   */
  function apply(found: ScanResult): string[] {
    site = found.site;
    const confirmed = new Set<Entry>();
    const fresh: string[] = [];
    for (const thread of found.threads) {
      if (!isThreadKey(thread.key) || !thread.badgeAnchor.isConnected) continue;
      let entry = entries.get(thread.badgeAnchor);
      if (entry && confirmed.has(entry)) continue; // two threads on one anchor: the first wins
      if (!entry) entry = add(thread);
      else if (entry.thread.key !== thread.key) {
        unindex(entry);
        entry.thread = thread;
        index(entry);
        if (entry.host) {
          entry.host.setAttribute(BADGE_KEY_ATTRIBUTE, thread.key);
          draw(entry);
          claim(thread.key, fresh);
        }
      } else {
        const redraw = entry.thread.native.state !== thread.native.state || entry.thread.native.lastActivity !== thread.native.lastActivity;
        entry.thread = thread;
        if (redraw) draw(entry);
      }
      confirmed.add(entry);
    }
    if (found.scopes === null) {
      for (const entry of [...entries.values()]) if (!confirmed.has(entry)) remove(entry);
    } else {
      for (const entry of staleIn(found.scopes, confirmed)) remove(entry);
    }
    // Threads whose post left the page (a virtualised feed dropped it) are forgotten; a badge the
    // page removed (a re-render) is built again when its anchor is near. After a change only a
    // share of the entries in proportion to the change is checked, in turn, so appending to a
    // feed of thousands of posts costs what was appended.
    const all = [...entries.values()];
    const budget = found.scopes === null ? all.length : Math.min(all.length, 64 + 2 * found.threads.length);
    if (sweepAt >= all.length) sweepAt = 0;
    for (let i = 0; i < budget; i++) {
      const entry = all[(sweepAt + i) % all.length];
      if (!entry.anchor.isConnected) remove(entry);
      else if (entry.host && !entry.host.isConnected) {
        ownHosts.delete(entry.host);
        entry.host = entry.root = entry.badge = null;
        near.observe(entry.anchor);
      }
    }
    sweepAt += budget;
    return fresh;
  }

  /** The scan in progress, if it had to be spread over several tasks. */
  let scanning: { cancelled: boolean } | null = null;

  /** Gives the page the main thread back, then goes on (in idle time where the browser has it). */
  function later(run: (budgetMs: number) => void): void {
    if (view?.requestIdleCallback) view.requestIdleCallback((idle) => run(Math.min(SLICE_MS, Math.max(4, idle.timeRemaining()))), { timeout: 250 });
    else setTimeout(() => run(SLICE_MS), 0);
  }

  /**
   * Finds threads (everywhere, or where the page changed), updates the entries and hands the
   * keys to look up to `done`. A small page or a changed region is scanned at once; a big page
   * in slices of about SLICE_MS with the page free in between. A newer scan replaces one still
   * running (as a whole-page scan: the old one may have passed the changed part already).
   */
  function scan(roots: readonly Element[] | null, done: (fresh: string[]) => void, now = false): void {
    if (!siteEnabled) return;
    if (scanning) {
      scanning.cancelled = true;
      roots = null;
    }
    const token = { cancelled: false };
    scanning = token;
    let steps: Generator<void, ScanResult>;
    try {
      steps = scanPageSteps(new URL(currentUrl()), doc, { wholePage, roots });
    } catch (error) {
      warnOnce(error);
      steps = (function* () {
        return { site: null, threads: [], scopes: null } as ScanResult;
      })();
    }
    const run = (budgetMs: number) => {
      if (token.cancelled || !siteEnabled) return;
      let found: ScanResult | null = null;
      try {
        found = advance(steps, performance.now() + budgetMs)?.value ?? null;
      } catch (error) {
        warnOnce(error);
        found = { site: null, threads: [], scopes: null };
      }
      if (!found) return later(run);
      scanning = null;
      const fresh = apply(found);
      if (!watching && toWatch.length) watchNew();
      // A single-page app often renders its posts after the first scan: watch what its site needs.
      if (observing && site !== observedSite) observe();
      done(fresh);
    };
    // A changed region is scanned at once (a feed shows its new posts' badges without delay), and
    // so is a page the person asked about (`now`); otherwise a whole page waits for idle time, so
    // the task that loads the script stays short.
    if (roots || now) run(SLICE_MS);
    else later(run);
  }

  /** The threads on the page now, in page order. */
  function currentThreads(): FoundThread[] {
    const list = inPageOrder([...entries.values()].filter((e) => e.anchor.isConnected).map((e) => e.thread));
    const seen = new Set<string>();
    return list.filter((th) => !seen.has(th.key) && seen.add(th.key));
  }

  function focus(key: string): boolean {
    const entry = [...(byKey.get(key) ?? [])].find((e) => e.anchor.isConnected);
    if (!entry) return false;
    entry.anchor.scrollIntoView({ block: 'center' });
    return true;
  }

  const onMessage = (raw: unknown, sender: { id?: string }): Promise<unknown> | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const update = contentUpdate(raw);
    if (update) {
      if (update.type === 'badges') {
        for (const key of Object.keys(update.states)) {
          setState(key, update.states[key]);
          byKey.get(key)?.forEach(draw);
        }
      } else {
        showUnassessed = update.settings.unassessedBadge === 'faint';
        const off = site !== null && (update.settings.disabledSites ?? []).includes(site);
        if (off) disable();
        else if (!siteEnabled) {
          siteEnabled = true;
          start(true);
        } else redrawAll();
      }
      return undefined;
    }
    const request = contentRequest(raw);
    if (!request) return undefined;
    switch (request.type) {
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
        return Promise.resolve({ ok: true, value: focus(request.key) });
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
        scan(changed, (fresh) => {
          if (fresh.length) lookup(fresh).catch(warnOnce);
        });
      },
      observing.signal,
      { attributes: watchedAttributes(site) },
    );
  }

  /**
   * (Re)starts observation; `reset` after navigation re-subscribes this tab from scratch; `now`
   * scans before returning (the person asked, and waits for the answer).
   */
  function start(reset: boolean, now = false): void {
    scannedUrl = currentUrl();
    if (reset) {
      lookedUp.clear();
      resetPending = true;
    }
    scan(null, (keys) => {
      // After a reset, badges already built are looked up again under the new subscription.
      if (reset) {
        for (const entry of entries.values()) if (entry.host) claim(entry.thread.key, keys);
      }
      if (keys.length) lookup(keys).catch(warnOnce);
    }, now);
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
    start(true, true);
  }

  /** The last right-clicked node, so "Annotate this discussion" knows which thread was meant. */
  let rightClicked: Node | null = null;
  // Only the person's own right-click: a page may dispatch contextmenu events of its own.
  const onContextMenu = (event: Event) => {
    if (event.isTrusted) rightClicked = event.target as Node | null;
  };
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
      if (scanning) scanning.cancelled = true;
      observing?.abort();
      near.disconnect();
      clearInterval(poll);
      view?.removeEventListener('popstate', onRoute);
      view?.removeEventListener('hashchange', onRoute);
      browser.runtime.onMessage.removeListener(onMessage);
      doc.removeEventListener('contextmenu', onContextMenu, true);
      for (const entry of [...entries.values()]) remove(entry);
      // Copies of our hosts the page made (cloned nodes) go too: nothing of ours stays behind.
      for (const host of Array.from(doc.querySelectorAll(`[${BADGE_HOST_ATTRIBUTE}]`))) host.remove();
    },
    /** The threads on the page now. */
    threads: () => currentThreads().map(refOf),
  };
}

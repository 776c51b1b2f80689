/**
 * What the content script does on a page: find the threads with the site adapters, give each a
 * badge in a closed shadow root once it comes near the viewport, fetch the states of those badges
 * in one round trip per batch, and keep them live, until the signal aborts (WXT's `ctx.signal`:
 * the extension was reloaded or updated). Never throws out to the page; a broken adapter means
 * "no threads found".
 *
 * The rooms it wires together, one idea each:
 * - thread-registry.ts: the threads found, by anchor and key, reconciled with each scan, and the sweep;
 * - scan-scheduler.ts: scans in slices with the page free in between; queues worked in slices;
 * - near-viewport.ts: badges are built only near the viewport (issue 7), once a scroll stops (issue 17);
 * - badge-host.ts + badge-view.ts: the closed shadow-root host and the badge drawn in it;
 * - badge-states.ts: states looked up in one round trip per batch, and the patience for them;
 * - route-watch.ts: the one route watcher (SPA navigation rescans from scratch);
 * - right-click.ts: which thread "Annotate this discussion" means;
 * - picked.ts: discussions people picked on this page, found again through the picker script
 *   (entrypoints/picker.ts), which the background puts into the page only when there are some.
 */
import type { ScanResult, SiteRegistry } from '../sites/registry';
import { observeAdditions } from '../sites/observer';
import type { FoundThread } from '../sites/types';
import { badgeIsStale } from '../storage/bands';
import { LIMITS } from '../storage/limits';
import type { SiteId, ThreadRef } from '../storage/schema';
import { contentRequest, contentUpdate, lookupAnswer, type ContentRequest } from '../protocol/content-guards';
import type { Calls, ContentToBackground, ContentToBackgroundResults, PageToContentResults } from '../protocol/messages';
import { caller, dispatch } from '../protocol/request';
import { t } from '../lib/i18n';
import { badgeHosts, hostsIn } from './badge-host';
import { badgeStates, withPatience } from './badge-states';
import { createBadge } from './badge-view';
import { watchNearViewport } from './near-viewport';
import { threadAt, trackRightClicks } from './right-click';
import { watchRoute } from './route-watch';
import { scanScheduler, slicedQueue } from './scan-scheduler';
import { threadRegistry, type Entry } from './thread-registry';
import { pickedOnPage, pickedRefs } from './picked';
import type { PickerApi } from './picker-api';
import { PICKER_GLOBAL } from '../protocol/keys';
import { belongsToPage } from '../sites/ownership';
import { SITE_IDS } from '../storage/limits';

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

/** Plain-text label of a thread's native state, e.g. "Resolved on the page". */
function nativeLabel(thread: FoundThread): string | undefined {
  return thread.native.state ? t('native_' + thread.native.state) : undefined;
}

/**
 * Starts decorating `doc` with the threads `sites` (this script's site family, sites/families/)
 * finds, until `signal` aborts, when every badge and listener goes. Returns what the entrypoint
 * and tests may ask: "Annotate this page" and the threads found.
 */
export function startPageBadges(
  browser: ContentBrowser,
  doc: Document,
  currentUrl: () => string,
  signal: AbortSignal,
  sites: SiteRegistry,
) {
  let site: SiteId | null = null;
  let siteEnabled = true;
  let wholePage = false;
  let observing: AbortController | null = null;
  let observedSite: SiteId | null = null;
  let warned = false;
  const view = doc.defaultView as (Window & typeof globalThis) | null;

  const warnOnce = (error: unknown) => {
    if (!warned) console.warn('[doneness] content script:', error);
    warned = true;
  };

  const toBackground = caller<ContentToBackground, ContentToBackgroundResults>((message) => browser.runtime.sendMessage(message), 'the background');
  const states = badgeStates(async (keys, reset, site) => {
    // Checked without zod (see protocol/content-guards.ts), as everything the content script gets.
    const parsed = lookupAnswer(await toBackground({ type: 'lookup', keys, reset, site }));
    if (!parsed) throw new Error('malformed lookup answer');
    return parsed;
  });
  const hosts = badgeHosts(doc);
  const picked = pickedOnPage(() => (globalThis as Record<string, unknown>)[PICKER_GLOBAL] as PickerApi | undefined, doc);
  let lateScan: ReturnType<typeof setTimeout> | undefined;
  const near = watchNearViewport(view, (els) => mountNear(els), signal);
  const toWatch = slicedQueue<Entry>(view, (entry) => {
    if (registry.get(entry.anchor) === entry && !entry.host) near.observe(entry.anchor);
  }, signal);
  const registry = threadRegistry({
    draw,
    added: (entry) => toWatch.push(entry),
    watch: (anchor) => near.observe(anchor),
    unwatch: (anchor) => near.unobserve(anchor),
    claim: states.claim,
  });
  const scanner = scanScheduler({
    doc,
    sites,
    currentUrl,
    enabled: () => siteEnabled,
    wholePage: () => wholePage,
    apply: function* (found: ScanResult) {
      site = found.site;
      if (picked.any()) {
        const page = new URL(currentUrl());
        const mine = picked.threads(rescanLater).filter((th) => belongsToPage(th, page));
        found = { ...found, threads: [...found.threads, ...mine] };
      }
      const fresh = yield* registry.applySteps(found);
      toWatch.start();
      // A single-page app often renders its posts after the first scan: watch what its site needs.
      if (observing && site !== observedSite) observe();
      return fresh;
    },
    warn: warnOnce,
    signal,
  });
  const route = watchRoute(view, currentUrl, () => {
    // "Annotate this page" was about the page the user saw, not the next route.
    wholePage = false;
    start(true);
  }, signal);
  const rightClicked = trackRightClicks(doc, signal);

  function refOf(thread: FoundThread): ThreadRef {
    // A picked discussion travels with its target, so the side panel's edits store it.
    const own = picked.ref(thread.key);
    if (own) return { ...own, title: thread.title.slice(0, LIMITS.title) };
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
    const state = states.get(thread.key);
    const badge = createBadge(doc, {
      state,
      nativeLabel: nativeLabel(thread),
      stale: state !== null && badgeIsStale(state, thread.native.lastActivity),
      showUnassessed: states.showUnassessed,
      onActivate: () => {
        toBackground({ type: 'openThread', thread: refOf(entry.thread) }).catch(warnOnce);
      },
    });
    if (entry.badge && badge) entry.badge.replaceWith(badge);
    else {
      entry.badge?.remove();
      if (badge) entry.root.append(badge);
    }
    entry.badge = badge;
  }

  /** Builds the badge of an entry whose anchor came near the viewport. */
  function mount(entry: Entry): void {
    const { host, root } = hosts.create(entry.anchor, entry.thread.key);
    registry.mounted(entry, host, root);
    draw(entry);
    entry.anchor.append(host);
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
      const entry = registry.get(anchor);
      if (!entry || entry.host || !anchor.isConnected) continue;
      near.unobserve(anchor);
      batch.push(entry);
      states.claim(entry.thread.key, fresh);
    }
    if (batch.length === 0) return;
    const build = () => {
      if (!siteEnabled || signal.aborted) return;
      const late: string[] = [];
      near.mounting();
      for (const entry of batch) {
        // Still wanted: not forgotten, re-built or moved while the lookup was on its way.
        if (registry.get(entry.anchor) !== entry || entry.host || !entry.anchor.isConnected) continue;
        mount(entry);
        states.claim(entry.thread.key, late); // re-keyed meanwhile: look the new thread up too
      }
      if (late.length) lookup(late).catch(warnOnce);
    };
    if (fresh.length === 0 && !states.resetPending) build();
    else withPatience(lookup(fresh), build, warnOnce);
  }

  /** Looks `keys` up and shows the answer: redrawn badges, or none when the site is switched off. */
  async function lookup(keys: string[]): Promise<void> {
    const outcome = await states.lookup(keys, site);
    if (!outcome) return;
    if (!outcome.siteEnabled) disable();
    else if (outcome.restyle) redrawAll();
    else for (const key of keys) registry.ofKey(key).forEach(draw);
  }

  function redrawAll(): void {
    registry.all().forEach(draw);
  }

  /** The site is switched off: no badges until the settings say otherwise. */
  function disable(): void {
    siteEnabled = false;
    registry.clear();
  }

  function focus(key: string): boolean {
    const entry = registry.ofKey(key).find((e) => e.anchor.isConnected);
    if (!entry) return false;
    entry.anchor.scrollIntoView({ block: 'center' });
    // Flash the badge so the eye finds the thread the side panel pointed at.
    entry.host?.animate?.(
      [{ outline: '3px solid #ffd43b', outlineOffset: '2px' }, { outline: '3px solid transparent', outlineOffset: '6px' }],
      { duration: 700, iterations: 2 },
    );
    return true;
  }

  /** Keys of the threads whose anchors are (partly) in the viewport, in page order. */
  function inView(): string[] {
    const height = window.innerHeight;
    const keys = new Set<string>();
    for (const thread of registry.threads()) {
      const box = thread.badgeAnchor.getBoundingClientRect();
      if (box.bottom > 0 && box.top < height && (box.width > 0 || box.height > 0)) keys.add(thread.key);
    }
    return [...keys];
  }

  /** The calls extension pages (and the background's context menu) make to this page. */
  const pageCalls: Calls<ContentRequest, PageToContentResults> = {
    listThreads: async () => registry.threads().map(refOf),
    contextThread: async () => {
      const hit = threadAt(rightClicked(), registry.threads());
      return hit ? refOf(hit) : null;
    },
    annotatePage: async () => {
      annotatePage();
      return registry.threads().map(refOf);
    },
    focusThread: async (request) => focus(request.key),
    listPicked: async () => picked.list(),
    detectionHealth: async () => ({ unrecognised: siteEnabled ? unrecognised() : 0 }),
    threadsInView: async () => inView(),
  };

  const onMessage = (raw: unknown, sender: { id?: string }): Promise<unknown> | undefined => {
    if (signal.aborted || sender.id !== browser.runtime.id) return undefined;
    if ((raw as { type?: unknown } | null)?.type === 'picked') {
      // For the page it was sent for only (a route may have changed since).
      if ((raw as { url?: unknown }).url === currentUrl()) {
        picked.set(pickedRefs(raw));
        if (picked.any()) scanner.scan(null, (keys) => keys.length && lookup(keys).catch(warnOnce), true);
      }
      return undefined;
    }
    const update = contentUpdate(raw);
    if (update) {
      if (update.type === 'badges') {
        for (const key of Object.keys(update.states)) {
          states.set(key, update.states[key]);
          registry.ofKey(key).forEach(draw);
        }
      } else {
        states.showUnassessed = update.settings.unassessedBadge === 'faint';
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
    return dispatch(pageCalls, request, undefined).then((value) => ({ ok: true, value }));
  };

  /** A re-anchoring pass was skipped for time while picked discussions are missing: scan again soon. */
  function rescanLater(): void {
    if (lateScan !== undefined || signal.aborted) return;
    lateScan = setTimeout(() => {
      lateScan = undefined;
      if (!signal.aborted) scanner.scan(null, (keys) => keys.length && lookup(keys).catch(warnOnce));
    }, 300);
  }

  /**
   * Posts the adapter saw but could not key, counted by a fresh whole-page scan: incremental scans
   * see only what changed, and the popup asks once when it opens. Never throws.
   */
  function unrecognised(): number {
    try {
      return sites.scanPage(new URL(currentUrl()), doc).unrecognised ?? 0;
    } catch {
      return 0;
    }
  }

  /**
   * Observes the page for the current site: added nodes always, and the attributes that can
   * re-key a recycled node on feeds (only there: attribute churn would rescan a wiki for nothing).
   */
  function observe(): void {
    observing?.abort();
    if (signal.aborted) return;
    observing = new AbortController();
    observedSite = site;
    // The whole document, not the body: apps like GitHub's (Turbo) swap in a new <body>.
    observeAdditions(
      doc.documentElement ?? doc,
      (changed) => {
        if (route.check()) return;
        scanner.scan(changed, (fresh) => {
          if (fresh.length) lookup(fresh).catch(warnOnce);
        });
      },
      observing.signal,
      { attributes: sites.watchedAttributes(site) },
    );
  }

  /**
   * (Re)starts observation; `reset` after navigation re-subscribes this tab from scratch; `now`
   * scans before returning (the person asked, and waits for the answer).
   */
  function start(reset: boolean, now = false): void {
    route.seen(currentUrl());
    if (reset) {
      states.reset();
      // The background says which discussions were picked here after this lookup (`picked`).
      picked.set([]);
    }
    scanner.scan(null, (keys) => {
      // After a reset, badges already built are looked up again under the new subscription.
      if (reset) {
        for (const entry of registry.all()) if (entry.host) states.claim(entry.thread.key, keys);
      }
      if (keys.length) lookup(keys).catch(warnOnce);
      // A page with no thread of its own is announced all the same: the background answers with
      // the discussions picked there (`picked`), which only the picker script finds.
      else if (states.resetPending && registry.all().length === 0 && /^https?:/.test(currentUrl())) lookup([]).catch(warnOnce);
    }, now);
    observe();
  }

  /** The user chose "Annotate this page": the whole page is a discussion as well. */
  function annotatePage(): void {
    if (signal.aborted) return;
    wholePage = true;
    siteEnabled = true;
    start(true, true);
  }

  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => {
    observing?.abort();
    if (lateScan !== undefined) clearTimeout(lateScan);
    browser.runtime.onMessage.removeListener(onMessage);
    registry.clear();
    // Copies of our hosts the page made (cloned nodes) go too: nothing of ours stays behind.
    for (const host of hostsIn(doc)) host.remove();
  }, { once: true });
  if (!signal.aborted) start(true);

  return {
    /** "Annotate this page": add the whole page as a discussion. */
    annotatePage,
    /** The threads on the page now. */
    threads: () => registry.threads().map(refOf),
    /** A discussion was just picked on this page (the picker script): find it and badge it now. */
    addPicked(thread: ThreadRef): void {
      if (signal.aborted || !(SITE_IDS as readonly string[]).includes(thread.site)) return;
      picked.add(thread);
      siteEnabled = true;
      scanner.scan(null, (keys) => keys.length && lookup(keys).catch(warnOnce), true);
    },
    /** The node of the person's last right-click ("Mark as a discussion" starts there). */
    rightClicked,
  };
}

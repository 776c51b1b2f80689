/**
 * The registry of found threads: one entry per badge anchor, recording the thread it shows and
 * its badge once built, indexed by thread key too; applying a scan reconciles it with the page.
 *
 * Single-page apps and virtualised feeds: the thread of an entry is re-derived from the page on
 * every scan, never remembered per element. When a recycled node now holds another thread, its
 * entry is re-keyed and its badge redrawn; an entry left where no thread is any more is removed;
 * and a sweep forgets threads whose post left the page.
 */
import type { ScanResult } from '../sites/registry';
import { inPageOrder } from '../sites/dom-text';
import type { FoundThread } from '../sites/types';
import { runToEnd } from '../sites/steps';
import { isThreadKey } from '../storage/limits';
import { BADGE_KEY_ATTRIBUTE, hostsIn } from './badge-host';

/** Threads (or entries) handled between two yields of `applySteps`. */
export const APPLY_SLICE = 500;

/** One detected thread: its anchor, and its badge once the anchor came near the viewport. */
export interface Entry {
  thread: FoundThread;
  anchor: Element;
  host: HTMLElement | null;
  root: ShadowRoot | null;
  badge: HTMLElement | null;
}

/** What the registry asks of the rest of the content script. */
export interface RegistryHooks {
  /** Redraws an entry's badge (its thread or state changed). */
  draw(entry: Entry): void;
  /** A new entry: its anchor is to be watched for the viewport. */
  added(entry: Entry): void;
  /** Watches an anchor again (the page removed its badge: build it again when near). */
  watch(anchor: Element): void;
  /** Stops watching an anchor. */
  unwatch(anchor: Element): void;
  /** Adds `key` to `into` unless it was looked up already. */
  claim(key: string, into: string[]): void;
}

/** The threads found on the page, by anchor and by key. */
export function threadRegistry(hooks: RegistryHooks) {
  /** Every detected thread, by badge anchor; `byKey` indexes the same entries by thread. */
  const entries = new Map<Element, Entry>();
  const byKey = new Map<string, Set<Entry>>();
  /** Our badge hosts, to tell them from copies the page made or an earlier instance left. */
  const ownHosts = new WeakMap<Element, Entry>();
  /** Where the next check for threads that left the page starts (see `apply`). */
  let sweepAt = 0;

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

  /** Adds an entry for a newly detected thread; its badge waits until it comes near the viewport. */
  function add(thread: FoundThread): Entry {
    const entry: Entry = { thread, anchor: thread.badgeAnchor, host: null, root: null, badge: null };
    entries.set(entry.anchor, entry);
    index(entry);
    hooks.added(entry);
    return entry;
  }

  /** Forgets an entry and removes its badge. */
  function remove(entry: Entry): void {
    hooks.unwatch(entry.anchor);
    entry.host?.remove();
    entries.delete(entry.anchor);
    unindex(entry);
  }

  /** Entries in the scanned scopes that no thread confirmed; stray hosts there are removed. */
  function staleIn(scopes: Element[], confirmed: Set<Entry>): Set<Entry> {
    const stale = new Set<Entry>();
    const inScope = scopes.filter((s) => s.isConnected);
    for (const scope of inScope) {
      for (const host of hostsIn(scope)) {
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
   * Applies a scan, yielding every APPLY_SLICE threads (a 50,000-section archive at once is a long
   * task: issue 20 item 7): an entry for every thread found (re-keyed where a recycled node changed
   * threads), none left in the scanned scopes where no thread is. Returns the keys of built
   * badges that now show a thread not looked up.
   */
  function* applySteps(found: ScanResult): Generator<void, string[]> {
    const confirmed = new Set<Entry>();
    const fresh: string[] = [];
    let n = 0;
    for (const thread of found.threads) {
      if (n++ % APPLY_SLICE === APPLY_SLICE - 1) yield;
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
          hooks.draw(entry);
          hooks.claim(thread.key, fresh);
        }
      } else {
        const redraw = entry.thread.native.state !== thread.native.state || entry.thread.native.lastActivity !== thread.native.lastActivity;
        entry.thread = thread;
        if (redraw) hooks.draw(entry);
      }
      confirmed.add(entry);
    }
    if (found.scopes === null) {
      // The whole page: every entry no thread confirmed goes, and every other one is swept.
      n = 0;
      for (const entry of [...entries.values()]) {
        if (n++ % APPLY_SLICE === APPLY_SLICE - 1) yield;
        if (entries.get(entry.anchor) !== entry) continue;
        if (confirmed.has(entry)) sweepOne(entry);
        else remove(entry);
      }
      sweepAt = 0;
    } else {
      for (const entry of staleIn(found.scopes, confirmed)) remove(entry);
      sweep(64 + 2 * found.threads.length);
    }
    return fresh;
  }

  /** `applySteps` in one go (small pages, changed regions). */
  function apply(found: ScanResult): string[] {
    return runToEnd(applySteps(found));
  }

  /**
   * Threads whose post left the page (a virtualised feed dropped it) are forgotten; a badge the
   * page removed (a re-render) is built again when its anchor is near. After a change only a
   * share of the entries in proportion to the change is checked, in turn, so appending to a
   * feed of thousands of posts costs what was appended.
   */
  function sweep(share: number): void {
    const all = [...entries.values()];
    const budget = Math.min(all.length, share);
    if (sweepAt >= all.length) sweepAt = 0;
    for (let i = 0; i < budget; i++) sweepOne(all[(sweepAt + i) % all.length]);
    sweepAt += budget;
  }

  /** Forgets an entry whose anchor left the page; watches again one whose badge the page removed. */
  function sweepOne(entry: Entry): void {
    if (!entry.anchor.isConnected) remove(entry);
    else if (entry.host && !entry.host.isConnected) {
      ownHosts.delete(entry.host);
      entry.host = entry.root = entry.badge = null;
      hooks.watch(entry.anchor);
    }
  }

  /** The threads on the page now, in page order, one per key. */
  function threads(): FoundThread[] {
    const list = inPageOrder([...entries.values()].filter((e) => e.anchor.isConnected).map((e) => e.thread));
    const seen = new Set<string>();
    return list.filter((th) => !seen.has(th.key) && seen.add(th.key));
  }

  return {
    apply,
    applySteps,
    remove,
    threads,
    /** The entry of an anchor. */
    get: (anchor: Element): Entry | undefined => entries.get(anchor),
    /** Every entry. */
    all: (): Entry[] => [...entries.values()],
    /** The entries that show a thread. */
    ofKey: (key: string): Entry[] => [...(byKey.get(key) ?? [])],
    /** Records the badge host built for an entry. */
    mounted(entry: Entry, host: HTMLElement, root: ShadowRoot): void {
      entry.host = host;
      entry.root = root;
      entry.badge = null;
      ownHosts.set(host, entry);
    },
    /** Forgets every entry and removes its badge. */
    clear(): void {
      for (const entry of [...entries.values()]) remove(entry);
    },
  };
}

/**
 * Badge-state lookups: the states of the threads on the page, fetched from the background in one
 * round trip per batch (which also subscribes this tab to their changes), and the keys already
 * looked up since the last reset, so none is asked for twice.
 */
import type { ContentLookupAnswer } from '../protocol/content-guards';
import type { BadgeState, SiteId } from '../storage/schema';

/** How long badges near the viewport wait for their states before showing without them. */
export const LOOKUP_PATIENCE_MS = 2000;

/** Asks the background for the states of `keys` (see content/page-badges.ts for the transport). */
export type LookupCall = (keys: string[], reset: boolean, site: SiteId | null) => Promise<ContentLookupAnswer>;

/** The badge states this page knows, and the lookups that fill them. */
export function badgeStates(call: LookupCall) {
  const states = new Map<string, BadgeState>();
  /** Keys already looked up (and so subscribed to) since the last reset. */
  const lookedUp = new Set<string>();
  /** The next lookup drops this tab's earlier subscriptions (after a navigation). */
  let resetPending = true;
  /** Faint "rate" badges for threads without an annotation (a setting). */
  let showUnassessed = true;

  return {
    /** The state of a thread; null when it has no annotation. */
    get: (key: string): BadgeState | null => states.get(key) ?? null,
    /** Records a thread's badge state; none (undefined or null) means it has no annotation. */
    set(key: string, state: BadgeState | null | undefined): void {
      if (state) states.set(key, state);
      else states.delete(key);
    },
    get showUnassessed(): boolean {
      return showUnassessed;
    },
    set showUnassessed(on: boolean) {
      showUnassessed = on;
    },
    /** Whether the next lookup must go out even without keys (to drop old subscriptions). */
    get resetPending(): boolean {
      return resetPending;
    },
    /** After a navigation: every key is looked up again, and the tab's old subscriptions go. */
    reset(): void {
      lookedUp.clear();
      resetPending = true;
    },
    /** Adds `key` to `into` unless it was looked up (and so subscribed to) since the last reset. */
    claim(key: string, into: string[]): void {
      if (lookedUp.has(key)) return;
      lookedUp.add(key);
      into.push(key);
    },
    /**
     * Fetches the states of `keys` in one round trip and records them; the first lookup after a
     * reset also drops the tab's earlier subscriptions. Answers whether the site is still
     * switched on and whether unassessed badges changed look, or null when nothing was asked.
     */
    async lookup(keys: string[], site: SiteId | null): Promise<{ siteEnabled: boolean; restyle: boolean } | null> {
      const reset = resetPending;
      if (keys.length === 0 && !reset) return null;
      resetPending = false;
      const answer = await call(keys, reset, site);
      const faint = answer.unassessedBadge === 'faint';
      const restyle = faint !== showUnassessed;
      showUnassessed = faint;
      for (const key of keys) this.set(key, answer.states[key]);
      return { siteEnabled: answer.siteEnabled !== false, restyle };
    },
  };
}

export type BadgeStates = ReturnType<typeof badgeStates>;

/**
 * Runs `then` once `lookup` settles, or after LOOKUP_PATIENCE_MS if it has not: a background that
 * does not answer (starting up, stuck) must not keep the badges away; they are built without
 * their states, and the answer fills them in when it comes.
 */
export function withPatience(lookup: Promise<unknown>, then: () => void, onError: (error: unknown) => void): void {
  let done = false;
  const once = () => {
    clearTimeout(patience);
    if (done) return;
    done = true;
    then();
  };
  const patience = setTimeout(once, LOOKUP_PATIENCE_MS);
  lookup.then(once, (error) => {
    onError(error);
    once();
  });
}

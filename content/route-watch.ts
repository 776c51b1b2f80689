/**
 * Route watching: the one place the content script learns that the page's URL changed, so it
 * rescans from scratch. Single-page apps change routes through the history API, and Yammer /
 * Viva Engage sometimes without it (SITES.md: "poll the URL"), so one watcher compares the URL
 * (a string comparison) on every occasion it may have changed: history traversal (`popstate`),
 * hash changes (`hashchange`), the Navigation API's `navigate` where the browser has it
 * (pushState/replaceState, at once instead of at the next poll), every mutation batch the caller
 * reports through `check`, and a poll every LOCATION_POLL_MS for silent swaps. It replaces WXT's
 * `wxt:locationchange`, which would be a second watcher doing the same comparison.
 */

/** How often the URL is compared, for routes that change without any event. */
export const LOCATION_POLL_MS = 250;

interface NavigationLike {
  addEventListener(type: 'navigate', listener: () => void, options: { signal: AbortSignal }): void;
}

/** A route watcher: `check` compares now; `seen` records the URL just scanned. */
export interface RouteWatch {
  /** Compares the URL with the last one seen and calls `onChange` if it moved; says whether. */
  check(): boolean;
  /** Records `url` as seen (the page was just scanned at it). */
  seen(url: string): void;
}

/**
 * Calls `onChange` whenever `currentUrl()` differs from the URL last seen, until `signal` aborts.
 * A `currentUrl` that throws counts as unchanged.
 */
export function watchRoute(
  view: (Window & typeof globalThis) | null,
  currentUrl: () => string,
  onChange: () => void,
  signal: AbortSignal,
): RouteWatch {
  let last = '';
  const check = (): boolean => {
    if (signal.aborted) return false;
    let url: string;
    try {
      url = currentUrl();
    } catch {
      return false;
    }
    if (url === last) return false;
    onChange();
    return true;
  };
  const onEvent = () => void check();
  view?.addEventListener('popstate', onEvent, { signal });
  view?.addEventListener('hashchange', onEvent, { signal });
  // The Navigation API fires before the URL commits: compare on the next task.
  const navigation = (view as { navigation?: NavigationLike } | null)?.navigation;
  if (typeof navigation?.addEventListener === 'function') {
    navigation.addEventListener('navigate', () => void setTimeout(onEvent, 0), { signal });
  }
  const poll = setInterval(onEvent, LOCATION_POLL_MS);
  signal.addEventListener('abort', () => clearInterval(poll), { once: true });
  return { check, seen: (url) => void (last = url) };
}

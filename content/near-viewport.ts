/**
 * Near-viewport watching: which badge anchors came within NEAR_PX of the viewport, in batches,
 * so the page pays only for the badges a reader can see (issue 7).
 */

/** Badges are built this far above and below the viewport, so scrolling never shows a gap. */
export const NEAR_PX = 800;

/** Reports elements that come near the viewport, in batches. */
export interface NearWatch {
  observe(el: Element): void;
  unobserve(el: Element): void;
}

/**
 * An IntersectionObserver with a margin of NEAR_PX; where there is none that reports (no layout,
 * as in happy-dom), every element counts as near, in one batch per microtask. Stops when `signal`
 * aborts.
 */
export function watchNearViewport(
  view: (Window & typeof globalThis) | null,
  onNear: (els: Element[]) => void,
  signal: AbortSignal,
): NearWatch {
  const IO = view?.IntersectionObserver;
  if (IO) {
    // scrollMargin widens the clip of scrolling containers too (feeds that scroll inside a box);
    // browsers without it ignore it and build those badges as they come into view.
    const margin = `${NEAR_PX}px 0px`;
    const io = new IO(
      (records) => onNear(records.filter((r) => r.isIntersecting).map((r) => r.target)),
      { rootMargin: margin, scrollMargin: margin } as IntersectionObserverInit,
    );
    signal.addEventListener('abort', () => io.disconnect(), { once: true });
    return { observe: (el) => io.observe(el), unobserve: (el) => io.unobserve(el) };
  }
  let batch = new Set<Element>();
  signal.addEventListener('abort', () => void (batch = new Set()), { once: true });
  return {
    observe(el) {
      if (signal.aborted) return;
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
  };
}

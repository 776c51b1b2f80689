/**
 * Near-viewport watching: which badge anchors came within NEAR_PX of the viewport, in batches,
 * so the page pays only for the badges a reader can see (issue 7). While the reader scrolls,
 * anchors that come near are held and reported in one batch once the scrolling stops (issue 17):
 * every batch of badges put into the page's flow lays the whole document out again, and one per
 * scroll step doubled the main-thread work of scrolling a 179-thread archive.
 */
import { later, slicedQueue } from './scan-scheduler';

/** Badges are built this far above and below the viewport, so scrolling never shows a gap. */
export const NEAR_PX = 800;

/**
 * The page counts as scrolling until this long after its last scroll event: longer than the gap
 * between the steps of a wheel or a kept-down key, short enough that badges are there when the
 * reader stops to read.
 */
export const SCROLL_QUIET_MS = 150;

/** Most anchors reported in one batch: a fast scroll through an archive is built in parts. */
export const MAX_BATCH = 200;

/** Reports elements that come near the viewport, in batches. */
export interface NearWatch {
  observe(el: Element): void;
  unobserve(el: Element): void;
  /**
   * A batch of badges is about to go into the page: the observer is off for the frame that lays
   * them out, and watches again once it is drawn.
   */
  mounting(): void;
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
  if (IO && view) return watchWithObserver(view, IO, onNear, signal);
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
    mounting: () => undefined,
  };
}

/**
 * The IntersectionObserver's reports pass on at once while the page is still. While the page
 * scrolls, the anchors are held until it has been still for SCROLL_QUIET_MS, then passed on in
 * one batch (MAX_BATCH at most, the rest in the next tasks), so a whole scroll costs one layout,
 * not one per step. While the document itself scrolls the observer is even disconnected (with
 * every anchor not yet built it costs a scroll of a 179-thread archive about a tenth more): once
 * it is still, the anchors within NEAR_PX of any part of the page scrolled through are passed
 * on, and the observer watches again. Boxes that scroll inside the page (feeds) keep the
 * observer, their anchors held alike.
 *
 * While a batch of badges goes into the page (`mounting`) the observer is off too, until the frame
 * that lays the batch out is drawn: an observer on computes every target's intersection again in
 * any frame with a layout, about 5 ms of that frame with 2,000 targets (issue 17's
 * `content-2000-threads` longest task is that frame). It then watches the anchors not built yet
 * again, a slice at a time, and its first report passes on whatever came near meanwhile.
 */
function watchWithObserver(
  view: Window & typeof globalThis,
  IO: typeof IntersectionObserver,
  onNear: (els: Element[]) => void,
  signal: AbortSignal,
): NearWatch {
  const doc = view.document;
  /** Anchors not built yet (the observer's targets). */
  const watched = new Set<Element>();
  let held = new Set<Element>();
  let lastScroll = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The document's scroll under way: the observer is off, and how far the reader went. */
  let pass: { top: number; bottom: number } | null = null;
  /** A batch of badges goes into the page: the observer is off until that frame is drawn. */
  let mountFrame = false;

  const report = (els: Element[]): void => {
    if (els.length === 0) return;
    if (timer === undefined && performance.now() - lastScroll >= SCROLL_QUIET_MS) {
      onNear(els.slice(0, MAX_BATCH));
      els = els.slice(MAX_BATCH);
      if (els.length === 0) return;
    }
    for (const el of els) held.add(el);
    timer ??= setTimeout(release, Math.max(0, lastScroll + SCROLL_QUIET_MS - performance.now()));
  };
  // scrollMargin widens the clip of scrolling containers too (feeds that scroll inside a box);
  // browsers without it ignore it and build those badges as they come into view.
  const margin = `${NEAR_PX}px 0px`;
  const io = new IO(
    (records) => report(records.filter((r) => r.isIntersecting).map((r) => r.target)),
    { rootMargin: margin, scrollMargin: margin } as IntersectionObserverInit,
  );

  /** The anchors near any part of the document the reader scrolled through. */
  function passedBy(top: number, bottom: number): Element[] {
    const y = view.scrollY;
    const out: Element[] = [];
    for (const el of watched) {
      const r = el.getBoundingClientRect();
      if ((r.width || r.height) && r.bottom + y >= top - NEAR_PX && r.top + y <= bottom + NEAR_PX) out.push(el);
    }
    return out;
  }

  function release(): void {
    timer = undefined;
    if (signal.aborted) return;
    const wait = lastScroll + SCROLL_QUIET_MS - performance.now();
    if (wait > 0) {
      timer = setTimeout(release, wait);
      return;
    }
    if (pass) {
      for (const el of passedBy(pass.top, pass.bottom)) held.add(el);
      pass = null;
      if (!mountFrame) watchAgain();
    }
    const els = [...held].slice(0, MAX_BATCH);
    for (const el of els) held.delete(el);
    if (held.size) timer = setTimeout(release, 0);
    if (els.length) onNear(els);
  }

  /** Anchors to watch again, a slice at a time (thousands at once are a long task of their own). */
  const rewatch = slicedQueue<Element>(view, (el) => {
    if (watched.has(el) && !pass && !mountFrame) io.observe(el);
  }, signal);
  /** Once the frame with the new badges is drawn: watch every anchor not built yet again. */
  function reconnect(): void {
    mountFrame = false;
    if (!signal.aborted && !pass) watchAgain();
  }
  function watchAgain(): void {
    for (const el of watched) rewatch.push(el);
    rewatch.start();
  }

  let restY = view.scrollY;
  view.addEventListener(
    'scroll',
    (event) => {
      lastScroll = performance.now();
      if (event.target === doc) {
        const y = view.scrollY;
        if (!pass) {
          pass = { top: Math.min(restY, y), bottom: Math.max(restY, y) + view.innerHeight };
          io.disconnect();
        }
        pass.top = Math.min(pass.top, y);
        pass.bottom = Math.max(pass.bottom, y + view.innerHeight);
        restY = y;
      }
      timer ??= setTimeout(release, SCROLL_QUIET_MS);
    },
    { capture: true, passive: true, signal },
  );
  signal.addEventListener(
    'abort',
    () => {
      io.disconnect();
      clearTimeout(timer);
      held = new Set();
    },
    { once: true },
  );
  return {
    observe(el) {
      watched.add(el);
      if (!pass && !mountFrame) io.observe(el);
    },
    unobserve(el) {
      watched.delete(el);
      held.delete(el);
      io.unobserve(el);
    },
    mounting() {
      if (mountFrame || signal.aborted) return;
      mountFrame = true;
      io.disconnect();
      // Idle time comes after the frame is drawn (an animation frame callback would run inside
      // that frame's task, which would then count as a task of this script).
      later(view, reconnect);
    },
  };
}

/**
 * The one DOM-observation helper: batches added elements from a MutationObserver and hands them
 * over at most once per `delayMs`, until the signal aborts (SPA navigation, extension reload).
 * Our own badge hosts are ignored so decorating a page never triggers another scan.
 */

/** Attribute carried by every element Doneness inserts into a page. */
export const BADGE_HOST_ATTRIBUTE = 'data-doneness-badge';

/** Calls `onAdded` with the elements added under `root`, in batches, until `signal` aborts. */
export function observeAdditions(
  root: Node,
  onAdded: (added: Element[]) => void,
  signal: AbortSignal,
  delayMs = 50,
): void {
  if (signal.aborted) return;
  let pending: Element[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (!signal.aborted && batch.length > 0) onAdded(batch);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        const element = node as Element;
        if (element.hasAttribute(BADGE_HOST_ATTRIBUTE)) continue;
        pending.push(element);
      }
    }
    if (pending.length > 0 && timer === undefined) timer = setTimeout(flush, delayMs);
  });
  observer.observe(root, { childList: true, subtree: true });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
      pending = [];
    },
    { once: true },
  );
}

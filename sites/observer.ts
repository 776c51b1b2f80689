/**
 * The one DOM-observation helper: batches the elements a MutationObserver reports as added or
 * changed and hands them over at most once per `delayMs`, until the signal aborts (SPA
 * navigation, extension reload). Our own badge hosts are ignored so decorating a page never
 * triggers another scan.
 */

/** Attribute carried by every element Doneness inserts into a page. */
export const BADGE_HOST_ATTRIBUTE = 'data-doneness-badge';

/** What to watch besides added elements. */
export interface ObserveOptions {
  /**
   * Attributes whose change means a recycled node may now show another thread (links, ids): the
   * changed element is reported like an added one.
   */
  attributes?: readonly string[];
  /** Milliseconds to gather mutations before handing them over. */
  delayMs?: number;
}

const isBadgeHost = (node: Node): boolean =>
  node.nodeType === 1 && (node as Element).hasAttribute(BADGE_HOST_ATTRIBUTE);

/**
 * Calls `onChanged` with the elements added under `root`, the parents whose children changed
 * (text swapped in place, nodes removed) and the elements whose watched attributes changed, in
 * batches, until `signal` aborts. Elements inside our badges never count.
 */
export function observeAdditions(
  root: Node,
  onChanged: (changed: Element[]) => void,
  signal: AbortSignal,
  options: ObserveOptions = {},
): void {
  if (signal.aborted) return;
  const { attributes = [], delayMs = 50 } = options;
  let pending = new Set<Element>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const batch = [...pending].filter((el) => el.isConnected);
    pending = new Set();
    if (!signal.aborted && batch.length > 0) onChanged(batch);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const target = record.target.nodeType === 1 ? (record.target as Element) : record.target.parentElement;
      // The head (titles, scripts, styles) holds no discussions.
      if (target?.closest('head')) continue;
      if (record.type === 'attributes') {
        if (target && !isBadgeHost(target)) pending.add(target);
        continue;
      }
      // Added elements are scanned themselves; text swapped in place or nodes removed mean the
      // parent (a recycled post) may now be another thread. Plain appends to a long feed do not
      // report the feed itself, so they cost what was added.
      let parentChanged = false;
      for (const node of record.addedNodes) {
        if (isBadgeHost(node)) continue;
        if (node.nodeType === 1) pending.add(node as Element);
        else if (node.nodeType === 3) parentChanged = true;
      }
      for (const node of record.removedNodes) if (!isBadgeHost(node)) parentChanged = true;
      if (parentChanged && target && !isBadgeHost(target)) pending.add(target);
    }
    if (pending.size > 0 && timer === undefined) timer = setTimeout(flush, delayMs);
  });
  observer.observe(root, {
    childList: true,
    subtree: true,
    ...(attributes.length ? { attributes: true, attributeFilter: [...attributes] } : {}),
  });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
      pending = new Set();
    },
    { once: true },
  );
}

/**
 * Moving keyboard focus to a control that may not be drawn yet: an edit goes to the background
 * and the list re-renders only when the stored change comes back, re-inserting rows (which drops
 * focus to <body>). Focus goes to the element `find` answers as soon as it exists, and back to it
 * whenever focus falls to <body> while the list settles; never away from a control the person
 * chose in the meantime.
 */
export function focusSoon(root: Node, find: () => HTMLElement | null, settleMs = 1500): () => void {
  let focusedOnce = false;
  const attempt = () => {
    const el = find();
    if (!el || !el.isConnected) return;
    const active = document.activeElement;
    const lost = active === null || active === document.body;
    if (!focusedOnce || (lost && active !== el)) {
      el.focus();
      focusedOnce = document.activeElement === el;
    }
  };
  const observer = new MutationObserver(attempt);
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
  };
  const timer = setTimeout(stop, settleMs);
  // After the current render: Preact draws the new state in a microtask/timeout of its own.
  setTimeout(attempt, 0);
  return stop;
}

/**
 * The maturity badge for extension pages (popup, side panel, dashboard): a Preact wrapper around
 * content/badge-view.ts, the one drawing of the badge that the content script uses on pages.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { createBadge, type BadgeProps } from '../content/badge-view';

export { BADGE_CSS, describeBadge, isAssessed, type BadgeProps } from '../content/badge-view';

/** One badge; a button (focusable, Enter/Space) when it does something, else a labelled image. */
export function Badge(props: BadgeProps) {
  const slot = useRef<HTMLSpanElement>(null);
  const { state, nativeLabel, showUnassessed, stale, onActivate } = props;
  useLayoutEffect(() => {
    const el = slot.current;
    if (!el) return;
    const badge = createBadge(el.ownerDocument, { state, nativeLabel, showUnassessed, stale, onActivate });
    el.replaceChildren(...(badge ? [badge] : []));
  }, [state, nativeLabel, showUnassessed, stale, onActivate]);
  return <span ref={slot} class="badge-slot" style={{ display: 'contents' }} />;
}

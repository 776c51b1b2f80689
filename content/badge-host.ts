/**
 * Badge hosts: the element Doneness puts into a page for one badge, holding the badge in a closed
 * shadow root (page scripts cannot reach in to read the annotation) styled by one constructed
 * style sheet shared by every host, where the browser allows it.
 */
import { BADGE_HOST_ATTRIBUTE } from '../sites/observer';
import { BADGE_CSS } from './badge-view';

/** Attribute on each badge host naming the thread it shows (read by tests; a key, no annotation). */
export const BADGE_KEY_ATTRIBUTE = 'data-doneness-key';

/** A badge host not yet in the page, and the shadow root its badge goes into. */
export interface BadgeHost {
  host: HTMLElement;
  root: ShadowRoot;
}

/** One style sheet shared by every badge's shadow root, where the browser allows it. */
function sharedSheet(view: (Window & typeof globalThis) | null): CSSStyleSheet | null {
  try {
    const sheet = new view!.CSSStyleSheet();
    sheet.replaceSync(BADGE_CSS);
    return sheet;
  } catch {
    return null;
  }
}

/** Our badge (or a stray copy) directly inside an anchor: the last one, where badges go. */
export function hostIn(anchor: Element): HTMLElement | null {
  for (let c = anchor.lastElementChild; c; c = c.previousElementSibling) {
    if (c.hasAttribute(BADGE_HOST_ATTRIBUTE)) return c as HTMLElement;
  }
  return null;
}

/** Every badge host in `scope`, ours or copies the page made (cloned nodes). */
export function hostsIn(scope: ParentNode): HTMLElement[] {
  return Array.from(scope.querySelectorAll<HTMLElement>(`[${BADGE_HOST_ATTRIBUTE}]`));
}

/** Makes badge hosts for `doc`, sharing one style sheet. */
export function badgeHosts(doc: Document) {
  const sheet = sharedSheet(doc.defaultView as (Window & typeof globalThis) | null);
  return {
    /**
     * A new host for the badge of `key` at `anchor`, not yet appended (the caller draws the badge
     * first, so the page lays out once). A stray host left in the anchor by an earlier instance
     * of the content script is removed.
     */
    create(anchor: Element, key: string): BadgeHost {
      hostIn(anchor)?.remove();
      const host = doc.createElement('span');
      host.setAttribute(BADGE_HOST_ATTRIBUTE, '');
      host.setAttribute(BADGE_KEY_ATTRIBUTE, key);
      // A page-level badge with nowhere better to go floats at the top corner instead of the end.
      if (anchor === doc.body || anchor === doc.documentElement) {
        host.style.cssText = 'position:fixed;top:8px;right:8px;z-index:2147483647';
      }
      // Closed: page scripts cannot reach into the badge to read the annotation.
      const root = host.attachShadow({ mode: 'closed' });
      let styled = false;
      if (sheet) {
        try {
          root.adoptedStyleSheets = [sheet];
          styled = true;
        } catch {
          // Firefox does not let a content script adopt its sheets into a page's shadow root.
        }
      }
      if (!styled) {
        const style = doc.createElement('style');
        style.textContent = BADGE_CSS;
        root.append(style);
      }
      return { host, root };
    },
  };
}

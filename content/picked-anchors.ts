/**
 * Re-anchoring picked discussions on the page (PRODUCT.md §2 "Picked discussions"): each one's
 * stored selectors are matched again on every scan, the found ones become threads like an
 * adapter's (badge appended to the found block), the others are orphans the side panel lists.
 * Runs in the lazily injected picker script (entrypoints/picker.ts), so pages without picked
 * discussions never load it.
 */
import { Anchorer } from '../sites/anchoring/anchor';
import { parseSelectors } from '../sites/anchoring/selectors';
import type { FoundThread } from '../sites/types';
import type { ThreadRef } from '../storage/schema';

/** What one pass found: threads for the registry, and the picked discussions not on the page. */
export interface PickedPass {
  found: FoundThread[];
  orphans: ThreadRef[];
}

/** Finds every picked discussion of `refs` in `doc`, reading the page's text once. Never throws. */
export function anchorPicked(doc: Document, refs: readonly ThreadRef[]): PickedPass {
  const anchorer = new Anchorer(doc);
  const found: FoundThread[] = [];
  const orphans: ThreadRef[] = [];
  const used = new Set<Element>();
  for (const ref of refs) {
    const selectors = ref.target ? parseSelectors(ref.target.selector) : null;
    const hit = selectors?.ok ? anchorer.find(selectors.value) : null;
    // One block is one discussion: a second picked discussion on the same block is an orphan.
    if (!hit || used.has(hit.element)) {
      orphans.push(ref);
      continue;
    }
    used.add(hit.element);
    found.push({ key: ref.key, title: ref.title, url: ref.url, native: ref.native, badgeAnchor: hit.element, evidence: 'picked' });
  }
  return { found, orphans };
}

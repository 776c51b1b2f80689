/**
 * Re-anchoring picked discussions on the page (PRODUCT.md §2 "Picked discussions"): each one's
 * stored selectors are matched again on every scan, the found ones become threads like an
 * adapter's (badge appended to the found block), the others are orphans the side panel lists.
 * Runs in the lazily injected picker script (entrypoints/picker.ts), so pages without picked
 * discussions never load it.
 */
import { Anchorer } from '../sites/anchoring/anchor';
import { parseSelectors } from '../sites/anchoring/selectors';
import { advance, runToEnd } from '../sites/steps';
import type { FoundThread } from '../sites/types';
import type { ThreadRef } from '../storage/schema';

/** What one pass found: threads for the registry, and the picked discussions not on the page. */
export interface PickedPass {
  found: FoundThread[];
  orphans: ThreadRef[];
}

/** Longest a re-anchoring pass runs before it lets the page have the thread (ms). */
export const SLICE_MS = 8;

/** One pass as steps of about one discussion each, the page's text read once for all of them. */
function* passSteps(doc: Document, refs: readonly ThreadRef[]): Generator<void, PickedPass> {
  const selectors = refs.map((ref) => {
    const parsed = ref.target ? parseSelectors(ref.target.selector) : null;
    return parsed?.ok ? parsed.value : null;
  });
  const hits = yield* new Anchorer(doc).findAll(selectors);
  const found: FoundThread[] = [];
  const orphans: ThreadRef[] = [];
  const used = new Set<Element>();
  refs.forEach((ref, i) => {
    const hit = hits[i];
    // One block is one discussion: a second picked discussion on the same block is an orphan.
    if (!hit || used.has(hit.element)) orphans.push(ref);
    else {
      used.add(hit.element);
      found.push({ key: ref.key, title: ref.title, url: ref.url, native: ref.native, badgeAnchor: hit.element, evidence: 'picked' });
    }
  });
  return { found, orphans };
}

/** Finds every picked discussion of `refs` in `doc` at once (the CLI, tests). Never throws. */
export function anchorPicked(doc: Document, refs: readonly ThreadRef[]): PickedPass {
  return runToEnd(passSteps(doc, refs));
}

/**
 * The same pass in slices of about `sliceMs`, yielding to the page between them, so re-anchoring
 * many discussions never makes one long task. A block that left the page while the pass waited
 * is not answered (the next pass finds it again). Never throws.
 */
export async function anchorPickedSliced(doc: Document, refs: readonly ThreadRef[], sliceMs = SLICE_MS): Promise<PickedPass> {
  const steps = passSteps(doc, refs);
  for (;;) {
    const done = advance(steps, performance.now() + sliceMs);
    if (done) return { found: done.value.found.filter((f) => f.badgeAnchor.isConnected), orphans: done.value.orphans };
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Running a scan written as steps (a generator that yields between slices of its work): to its
 * end at once (the command line, tests), or until a deadline so the page gets the main thread
 * back in between (the content script).
 */

/** Advances `steps` until they end, or until `deadline` (a `performance.now()` time) has passed. */
export function advance<T>(steps: Generator<void, T>, deadline = Infinity): { value: T } | null {
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value };
    if (performance.now() > deadline) return null;
  }
}

/** Runs `steps` to their end in one go. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  return advance(steps)!.value;
}

/** Children of the query's root whose subtrees one chunk of `queryInSteps` searches. */
export const QUERY_CHILDREN_PER_STEP = 64;

/**
 * Elements under a root that `queryInSteps` still queries at once: about 20 ms for the
 * MediaWiki adapter's longest selector list, and several times cheaper than the query in steps,
 * which pays a `matches` and a query per child (a 180-thread talk page: 1.9 ms against 8.6; a
 * 2,000-thread archive of 80,000 elements: 65 ms at once against 170 in steps).
 */
export const ONE_QUERY_MAX_ELEMENTS = 25_000;

/**
 * `root.querySelectorAll(selector)` in steps: the matches in document order, child subtree by
 * child subtree, with a `null` after every QUERY_CHILDREN_PER_STEP children where the caller may
 * yield. One query over a whole 50,000-section archive is a long task by itself and cannot be
 * cut; a talk page's sections are siblings, so queries over a few of them are short. A child with
 * more than QUERY_CHILDREN_PER_STEP children of its own (the parser-output wrapper that holds
 * every section) is gone through the same way instead of queried whole. A root of at most
 * ONE_QUERY_MAX_ELEMENTS elements is queried at once.
 */
export function* queryInSteps(root: Element, selector: string): Generator<Element | null, void> {
  // Counting is cheap (3 ms for 80,000 elements), the query of a page of a usual size too.
  if (root.getElementsByTagName('*').length <= ONE_QUERY_MAX_ELEMENTS) {
    const all = root.querySelectorAll(selector);
    for (let i = 0; i < all.length; i++) yield all[i];
    return;
  }
  let n = 0;
  function* within(parent: Element): Generator<Element | null, void> {
    // By index: a live collection read in order costs each child once (nextElementSibling does
    // too in browsers, but not in every DOM the command line and tests use).
    const children = parent.children;
    for (let c = 0; c < children.length; c++) {
      const child = children[c];
      if (child.matches(selector)) yield child;
      const count = child.childElementCount;
      if (count > QUERY_CHILDREN_PER_STEP) yield* within(child);
      else if (count > 0) {
        const inside = child.querySelectorAll(selector);
        for (let i = 0; i < inside.length; i++) yield inside[i];
      }
      if (++n % QUERY_CHILDREN_PER_STEP === 0) yield null;
    }
  }
  yield* within(root);
}

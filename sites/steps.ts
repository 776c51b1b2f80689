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

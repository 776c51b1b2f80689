/**
 * A token bucket per sender: a page whose content script floods the background (a hostile or
 * broken page driving it) is refused past its budget instead of starving everyone else.
 */

/** How many messages a sender may send: `perSecond` on average, `burst` at once. */
export interface Budget {
  perSecond: number;
  burst: number;
}

/** Creates a limiter; `take(key)` is true while `key` has budget left. */
export function createRateLimiter(budget: Budget, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key: string): boolean {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: budget.burst, at: t };
      bucket.tokens = Math.min(budget.burst, bucket.tokens + ((t - bucket.at) / 1000) * budget.perSecond);
      bucket.at = t;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      buckets.set(key, bucket);
      if (buckets.size > 1000) buckets.delete(buckets.keys().next().value!);
      return allowed;
    },
    /** Forgets a sender (its tab closed). */
    forget(key: string): void {
      buckets.delete(key);
    },
  };
}

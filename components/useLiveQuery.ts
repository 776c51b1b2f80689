/**
 * A small hook over Dexie's liveQuery: re-runs the query whenever the tables it read change, in
 * this page or any other extension page (Dexie propagates changes between them).
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** The query's latest result (undefined until the first one arrives). */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[]): T | undefined {
  // The answer is kept with the deps it was asked for: until the query for new deps answers, the
  // old answer is no answer (a list of new keys must not show the old keys' records as missing).
  const [answer, setAnswer] = useState<{ deps: unknown[]; value: T } | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setAnswer({ deps, value }),
      error: (error) => console.warn('[doneness] query failed:', error),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return answer && sameDeps(answer.deps, deps) ? answer.value : undefined;
}

function sameDeps(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

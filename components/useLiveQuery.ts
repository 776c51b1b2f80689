/**
 * A small hook over Dexie's liveQuery: re-runs the query whenever the tables it read change, in
 * this page or any other extension page (Dexie propagates changes between them).
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** The query's latest result (undefined until the first one arrives). */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error) => console.warn('[doneness] query failed:', error),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}

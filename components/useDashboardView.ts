/**
 * The dashboard's rows as a hook: starts the dashboard's worker for the component's lifetime and
 * answers the latest view of the query, kept current as annotations change anywhere.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { DashboardQuery, DashboardView } from '../protocol/dashboard';
import { watchDashboard, type DashboardWatch } from '../services/pages/dashboard';
import { isoDay } from '../storage/model';

/** The view (undefined until the first arrives), a failure to read, and the shown rows' keys. */
export function useDashboardView(query: DashboardQuery): { view: DashboardView | undefined; error: string; keys: () => Promise<string[]> } {
  const [view, setView] = useState<DashboardView | undefined>(undefined);
  const [error, setError] = useState('');
  const watch = useRef<DashboardWatch | null>(null);
  useEffect(() => {
    const started = watchDashboard(setView, setError);
    watch.current = started;
    return () => {
      watch.current = null;
      started.close();
    };
  }, []);
  // The time matters only by its day (what is due), so a new render does not ask again.
  const asked = JSON.stringify({ ...query, now: isoDay(query.now) });
  useEffect(() => watch.current?.show(query), [asked]);
  const keys = useCallback(() => watch.current?.keys() ?? Promise.resolve([]), []);
  return { view, error, keys };
}

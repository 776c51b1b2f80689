/**
 * The dashboard's rows from its worker (services/worker/dashboard-worker.ts): the page says what it
 * shows and hears the view back, and again whenever the annotations change anywhere.
 */
import type { DashboardAnswer, DashboardQuery, DashboardRequest, DashboardView } from '../../protocol/dashboard';
// Vite bundles the worker into its own file; WXT rewrites import.meta.url, so `new URL(…)` cannot be used.
import DashboardWorker from '../worker/dashboard-worker?worker';

/** A running view of the dashboard's rows. */
export interface DashboardWatch {
  /** Shows another query; views of earlier queries are no longer passed on. */
  show(query: DashboardQuery): void;
  /** The thread keys of the shown rows, for the query shown last. */
  keys(): Promise<string[]>;
  /** Stops the worker. */
  close(): void;
}

/** Starts the dashboard's worker; `onView` hears every view of the query shown last. */
export function watchDashboard(onView: (view: DashboardView) => void, onError: (message: string) => void): DashboardWatch {
  const worker: Worker = new DashboardWorker();
  let shownId = 0;
  let nextId = 1;
  let query: DashboardQuery | null = null;
  const waiting = new Map<number, (keys: string[]) => void>();
  const post = (request: DashboardRequest) => worker.postMessage(request);
  worker.onmessage = (event: MessageEvent<DashboardAnswer>) => {
    const answer = event.data;
    if (answer.type === 'view') {
      if (answer.id === shownId) onView(answer.view);
    } else if (answer.type === 'keys') {
      waiting.get(answer.id)?.(answer.keys);
      waiting.delete(answer.id);
    } else {
      onError(answer.error);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    onError(event.message || 'the dashboard worker stopped');
  };
  return {
    show(next) {
      query = next;
      shownId = nextId++;
      post({ type: 'view', id: shownId, query: next });
    },
    keys() {
      if (!query) return Promise.resolve([]);
      const id = nextId++;
      const asked = query;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        post({ type: 'keys', id, query: asked });
      });
    },
    close() {
      worker.terminate();
      for (const resolve of waiting.values()) resolve([]);
      waiting.clear();
    },
  };
}

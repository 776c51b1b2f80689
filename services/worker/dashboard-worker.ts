/**
 * The worker the dashboard starts for its rows: wiring only, the work is in
 * services/worker/dashboard-index.ts. It opens the extension's database itself (workers share the
 * origin's IndexedDB), so annotations never cross to the page in bulk.
 */
import { openDatabase } from '../../storage/db';
import { Repository } from '../../storage/repository';
import type { DashboardAnswer, DashboardRequest } from '../../protocol/dashboard';
import { DashboardIndex } from './dashboard-index';
import { readableError } from '../../storage/describe-error';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DashboardRequest>) => void) | null;
  postMessage(message: DashboardAnswer): void;
};

/** The view the page shows now: answered when asked and again after every change. */
let current: Extract<DashboardRequest, { type: 'view' }> | null = null;

function answer(): void {
  if (!current) return;
  const view = index.view(current.query);
  if (view) scope.postMessage({ type: 'view', id: current.id, view });
}

const index = new DashboardIndex(new Repository(openDatabase()), answer, (error) =>
  scope.postMessage({ type: 'error', error: readableError(error) }),
);
scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'view') {
    current = request;
    answer();
  } else {
    void index.keys(request.query).then((keys) => scope.postMessage({ type: 'keys', id: request.id, keys }));
  }
};
index.start();

/**
 * The worker the dashboard and popup start for imports and exports: wiring only, the work is in
 * storage/import-jobs.ts. It opens the extension's database itself (workers share the origin's
 * IndexedDB), so records never cross to the page in bulk.
 */
import { openDatabase } from '../db';
import { createJobs, type JobRequest, type JobResponse } from './import-jobs';
import { Repository } from '../repository';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<JobRequest>) => void) | null;
  postMessage(message: JobResponse): void;
};
const jobs = createJobs(new Repository(openDatabase()));
scope.onmessage = (event) => {
  void jobs.handle(event.data).then((answer) => scope.postMessage(answer));
};

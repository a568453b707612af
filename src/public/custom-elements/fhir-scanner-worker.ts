import { runScan } from './fhir-scanner/runner';
import type { WorkerReply, WorkerRequest } from './fhir-scanner/protocol';

/**
 * The scanner's web worker: the whole engine runs here, off the page's thread. It takes one job
 * at a time (the element starts a fresh worker per scan and ends it after), streams a File with
 * file.stream(), and posts progress every 1,000 resources and then the report. Nothing here
 * makes a network request: the file is read from memory/disk by the browser only.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const request = event.data;
  if (!request || request.type !== 'scan') {
    scope.postMessage({ type: 'error', message: 'The scanner worker got a message it does not understand' });
    return;
  }
  runScan(request.job, { onProgress: (p) => scope.postMessage({ type: 'progress', ...p }) }).then(
    ({ report, elapsedMs }) => scope.postMessage({ type: 'done', report, elapsedMs }),
    (error: unknown) => scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
};

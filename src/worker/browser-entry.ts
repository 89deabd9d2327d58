/**
 * The worker script in a browser, an ES module: bundle it for pages that use
 * a bundler (esbuild --bundle --format=esm dist/src/worker/browser-entry.js)
 * and give its URL as runInWorker's `workerURL`. It needs no Node module.
 */
import { runGuest } from './guest.js';
import type { StartMessage, WorkerMessage } from './protocol.js';

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<StartMessage>) => void, options: { once: true }): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.addEventListener('message', (event) => {
  void runGuest(event.data, (message) => scope.postMessage(message));
}, { once: true });

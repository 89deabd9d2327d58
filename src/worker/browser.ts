/** The workers of runInWorker in a browser: Web Workers, which need a cross-origin-isolated page. */
import { WASIError } from '../wasi.js';
import type { WorkerMessage } from './protocol.js';
import type { Workers } from './run.js';

export const browserWorkers: Workers = {
  check(): void {
    if (globalThis.crossOriginIsolated !== true) {
      throw new WASIError('ERR_WASI_NOT_ISOLATED', 'runInWorker needs SharedArrayBuffer, which a page has only when it is '
        + 'cross-origin isolated: serve it with the headers Cross-Origin-Opener-Policy: same-origin and '
        + 'Cross-Origin-Embedder-Policy: require-corp');
    }
  },
  start(url, events) {
    // Written out in full so that bundlers (Vite, webpack) see the worker script and emit it.
    const worker = url === undefined
      ? new Worker(new URL('./browser-entry.js', import.meta.url), { type: 'module' })
      : new Worker(url, { type: 'module' });
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => events.message(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      events.failed(new Error(`the worker failed: ${event.message || 'its script could not be loaded'}`));
    };
    worker.onmessageerror = () => events.failed(new Error('the worker sent a message that could not be read'));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      terminate: async () => worker.terminate(),
    };
  },
};

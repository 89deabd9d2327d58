/** runInWorker for Node: the module runs in a worker thread. Node's differences from a browser are all here. */
import { Worker } from 'node:worker_threads';
import { distDir } from '../dist-dir.js';
import { nodePlatform } from '../node.js';
import type { WorkerMessage } from './protocol.js';
import { runWorker, type WorkerRunOptions, type Workers } from './run.js';

export const nodeWorkers: Workers = {
  check(): void {},
  start(url, events) {
    // The embedder's flags (say --input-type with -e) can stop a worker from starting: give it none.
    const worker = new Worker(url ?? new URL('src/worker/node-entry.js', distDir), { execArgv: [] });
    worker.on('message', (m: WorkerMessage) => events.message(m));
    worker.on('error', (err: Error) => events.failed(err));
    worker.on('exit', (code: number) => events.failed(new Error(`the worker stopped with exit code ${code} before the module ended`)));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer as never),
      terminate: async () => {
        await worker.terminate();
      },
    };
  },
};

/**
 * Runs a command's _start in a worker thread, over a host that stays on this
 * thread; resolves to its exit code; rejects with the trap (message and wasm
 * stack) or host error.
 */
export function runInWorker(options: WorkerRunOptions): Promise<number> {
  return runWorker(options, nodePlatform, nodeWorkers);
}

/** runInWorker for Node: the module runs in a worker thread. Node's differences from a browser are all here. */
import { Worker } from 'node:worker_threads';
import { distDir } from '../dist-dir.js';
import { nodePlatform } from '../node.js';
import type { WorkerMessage } from './protocol.js';
import { runWorker, type WorkerRunOptions, type Workers } from './run.js';

/**
 * How long terminate waits for a worker to finish loading its script before
 * it terminates it anyway (a worker script of the embedder's own that never
 * says it has loaded must not hold a run open).
 */
const LOAD_WAIT_MS = 5_000;

/**
 * How long terminate waits for the worker to stop. Node's always does; Deno's
 * and Bun's never stop a worker that computes or waits in Atomics.wait, and
 * Bun's terminate() never settles then: the run must end all the same.
 */
const STOP_WAIT_MS = 2_000;

export const nodeWorkers: Workers = {
  check(): void {},
  start(url, events) {
    // The embedder's flags (say --input-type with -e) can stop a worker from starting: give it none.
    const worker = new Worker(url ?? new URL('src/worker/node-entry.js', distDir), { execArgv: [] });
    const loaded = new Promise<void>((resolve) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.kind === 'loaded') resolve();
        else events.message(m);
      });
      worker.once('exit', () => resolve());
    });
    worker.on('error', (err: Error) => events.failed(err));
    worker.on('exit', (code: number) => events.failed(new Error(`the worker stopped with exit code ${code} before the module ended`)));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer as never),
      terminate: async () => {
        // A worker the runtime cannot stop must not keep the process alive after the run.
        worker.unref();
        // Terminated while its module loader has files open, a Node worker leaks their descriptors for good.
        await untilOrAfter(loaded, LOAD_WAIT_MS);
        await untilOrAfter(worker.terminate().then(() => undefined), STOP_WAIT_MS);
      },
    };
  },
};

/** Waits for `promise`, or for `ms`, whichever ends first. */
async function untilOrAfter(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })]);
  clearTimeout(timer);
}

/**
 * Runs a command's _start in a worker thread, over a host that stays on this
 * thread; resolves to its exit code; rejects with the trap (message and wasm
 * stack) or host error.
 */
export function runInWorker(options: WorkerRunOptions): Promise<number> {
  return runWorker(options, nodePlatform, nodeWorkers);
}

/** A thread's worker script in Node: the one place the thread side touches Node. */
import { parentPort } from 'node:worker_threads';
import { native } from '../hosts/node/native.js';
import type { ThreadStartMessage, WorkerMessage } from '../worker/protocol.js';
import { runThread } from './guest.js';

const port = parentPort!;
port.once('message', (start: ThreadStartMessage) => {
  // sched_yield(2), as the node host's own sched_yield: threads spinning on it let the others run.
  const yieldCpu = native && ((): void => void native!.schedYield());
  void runThread(start, (message: WorkerMessage) => port.postMessage(message), yieldCpu);
});

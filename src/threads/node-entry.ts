/** A thread's worker script in Node: the one place the thread side touches Node. */
import { parentPort } from 'node:worker_threads';
import type { ThreadStartMessage, WorkerMessage } from '../worker/protocol.js';
import { runThread } from './guest.js';

const port = parentPort!;
port.once('message', (start: ThreadStartMessage) => {
  void runThread(start, (message: WorkerMessage) => port.postMessage(message));
});

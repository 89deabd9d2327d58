/** The worker script in Node: the one place the worker side touches Node. */
import { parentPort } from 'node:worker_threads';
import { runGuest } from './guest.js';
import type { StartMessage, WorkerMessage } from './protocol.js';

const port = parentPort!;
port.once('message', (start: StartMessage) => {
  void runGuest(start, (message: WorkerMessage) => port.postMessage(message));
});

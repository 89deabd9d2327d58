// A threads worker script for test/threads.test.ts: the main thread runs; every spawned thread's worker dies at once.
import { parentPort } from 'node:worker_threads';
import { runThread } from '../src/threads/guest.js';
import type { ThreadStartMessage, WorkerMessage } from '../src/worker/protocol.js';

const port = parentPort!;
port.once('message', (start: ThreadStartMessage) => {
  if (start.tid !== 0) throw new Error('this worker cannot run a spawned thread');
  void runThread(start, (message: WorkerMessage) => port.postMessage(message));
});

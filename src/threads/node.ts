/** startThreaded in Node: each thread of the module in a worker thread. */
import { setFlagsFromString } from 'node:v8';
import { distDir } from '../dist-dir.js';
import { nodeWorkers } from '../worker/node.js';
import { runThreaded, type ThreadRunner } from './owner.js';

/** The first V8 whose Liftoff is trusted here with memory.atomic.wait32 (see liftoffAvoided). */
const LIFTOFF_TRUSTED_FROM = 15;

/**
 * V8's baseline compiler, Liftoff, before V8 15 can come back from
 * memory.atomic.wait32 with a value of the waiting function lost: a thread
 * woken from a futex waits again on the wrong word, for ever (Node 20's V8
 * 11.3: test/fixtures/threads's "stdout 2" hangs in 8 runs of 10; with
 * TurboFan alone, never). The flag is read when a function is compiled, in
 * every worker too, so it is set for the process, once, before the first
 * threaded module is compiled: later wasm in this process compiles with
 * TurboFan only (slower to start, as fast to run).
 */
function liftoffAvoided(): void {
  const major = Number(process.versions.v8.split('.')[0]);
  if (major < LIFTOFF_TRUSTED_FROM) setFlagsFromString('--no-liftoff');
}

export const runThreadedInNode: ThreadRunner = (owner, module, options) => {
  liftoffAvoided();
  return runThreaded(owner, module, options, nodeWorkers, new URL('src/threads/node-entry.js', distDir));
};

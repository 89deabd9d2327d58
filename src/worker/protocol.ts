/**
 * What the two threads of a worker run say to each other. The start and the
 * end go by message (postMessage); every host call in between goes through
 * the shared buffer (channel.ts), as a request the worker writes and an answer
 * the owner writes, in the value encoding of codec.ts.
 */
import type { HostQuirks } from '../../adapter/context.js';
import type { NetworkPolicy } from '../hosts/config.js';
import type { Wake } from './channel.js';

/**
 * The first byte of a request. Then, in every request, the handles the
 * worker has dropped since its last request (u32 count, u32 each), which the
 * owner drops first.
 */
export const enum Request {
  /** u32 handle, u32 method index, u32 argument count, the arguments. */
  Call = 1,
  /** Nothing more: only the drops. */
  Drop,
  /** The host's interfaces, as a record of resources: the worker's first request. */
  Interfaces,
  /** A string: one line of `trace`. */
  Trace,
  /**
   * A thread's preview1 call, run by the owner on the one table over the
   * shared memory (src/threads/): u8 function index, u8 argument count, then
   * each argument as u8 0 and an i32, or u8 1 and an i64. Answered with an i32.
   */
  Preview1,
  /** wasi-threads' thread-spawn: u32 start argument. Answered with the i32 thread id, negative when no thread was made. */
  Spawn,
}

/** The first byte of an answer. */
export const enum Answer {
  /** The value returned (a promise the host returned has settled). */
  Return,
  /** The value thrown. */
  Throw,
}

/** Owner to worker, once, to start the run. */
export interface StartMessage {
  buffer: SharedArrayBuffer;
  wake: Wake;
  /** Compiled, or bytes the worker compiles. */
  module: WebAssembly.Module | Uint8Array;
  args: readonly string[];
  env: Record<string, string | undefined>;
  network: NetworkPolicy | undefined;
  /** Computed on the owner's thread, where the host is. */
  quirks: HostQuirks;
  trace: boolean;
}

/** Owner to a thread's worker, once: instantiate the module with the shared memory, then run the thread. */
export interface ThreadStartMessage {
  buffer: SharedArrayBuffer;
  wake: Wake;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Where the module imports its memory from. */
  memoryModule: string;
  memoryName: string;
  /** 0 for the main thread, which runs `_start`; others run `wasi_thread_start(tid, arg)`. */
  tid: number;
  arg: number;
}

/** How a run that did not end with an exit code ended. */
export interface Failure {
  name: string;
  message: string;
  stack?: string | undefined;
  code?: string | number | undefined;
}

/** Worker to owner. */
export type WorkerMessage =
  | { kind: 'exit'; code: number }
  | { kind: 'failed'; failure: Failure }
  /** The worker has signalled on the channel, for owners without Atomics.waitAsync. */
  | { kind: 'wake' }
  /** A thread has instantiated the module and starts running it. */
  | { kind: 'ready' }
  /** A thread's function returned: `_start` (the program ends) or `wasi_thread_start` (the thread ends). */
  | { kind: 'returned' }
  /**
   * The worker's script and all it imports are loaded (the first message of
   * runGuest and runThread): Node leaks the files its module loader has open
   * in a worker terminated before this, so Node's workers wait for it.
   */
  | { kind: 'loaded' };

/** An exception as a Failure: plain data that structured clone keeps (it does not keep a RuntimeError's class). */
export function failureOf(e: unknown): Failure {
  if (!(e instanceof Error)) return { name: 'Error', message: `non-error thrown: ${String(e)}` };
  const code = (e as { code?: unknown }).code;
  return {
    name: e.name,
    message: e.message,
    stack: e.stack,
    ...((typeof code === 'string' || typeof code === 'number') && { code }),
  };
}

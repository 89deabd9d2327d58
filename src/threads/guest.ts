/**
 * What a thread's worker runs: the module, instantiated with the shared
 * memory, whose preview1 calls all go to the owner's thread, where the one
 * table is. The owner reads and writes the call's buffers in the shared
 * memory itself, so a call crosses as its numbers only. Platform-free: the
 * entry script (node-entry.ts) only wires it to its thread's messages.
 */
import type { Preview1Imports } from '../../adapter/index.js';
import { WorkerEnd } from '../worker/channel.js';
import { forwardedNames } from './names.js';
import { failureOf, Request, type ThreadStartMessage, type WorkerMessage } from '../worker/protocol.js';

const ARG_I32 = 0;
const ARG_I64 = 1;

/** The thread's end of the channel: each call a request, blocking until its answer. */
class ThreadClient {
  readonly #end: WorkerEnd;
  readonly #schedYield: () => number;

  constructor(end: WorkerEnd, yieldCpu: (() => void) | undefined) {
    this.#end = end;
    this.#schedYield = yieldCpu
      ? () => {
          yieldCpu();
          return 0;
        }
      : () => 0;
  }

  /**
   * Every preview1 function, forwarded; sched_yield, which needs no table,
   * answered here, by giving the CPU up where the platform can.
   */
  imports(): Preview1Imports {
    const imports = {} as Record<string, (...args: never[]) => number>;
    forwardedNames.forEach((name, index) => {
      imports[name] = name === 'sched_yield' ? this.#schedYield : this.#forwarder(index);
    });
    return imports as Preview1Imports;
  }

  spawn(arg: number): number {
    const w = this.#end.writer;
    w.reset();
    w.u8(Request.Spawn);
    w.u32(0);
    w.u32(arg >>> 0);
    return this.#answer();
  }

  #forwarder(index: number): (...args: never[]) => number {
    const end = this.#end;
    const answer = (): number => this.#answer();
    // `arguments`, read by index, passes on exactly the count the module gave (WasmEdge's shapes differ by count) with no allocation.
    return function forward(): number {
      const w = end.writer;
      const n = arguments.length;
      w.reset();
      w.u8(Request.Preview1);
      w.u32(0);
      w.u8(index);
      w.u8(n);
      for (let i = 0; i < n; i++) {
        const v: unknown = arguments[i];
        if (typeof v === 'bigint') {
          w.u8(ARG_I64);
          w.i64(v);
        } else {
          w.u8(ARG_I32);
          w.i32(v as number);
        }
      }
      return answer();
    };
  }

  #answer(): number {
    const r = this.#end.exchange();
    r.u8();
    return r.i32();
  }
}

type ThreadExports = { _start?: () => void; wasi_thread_start?: (tid: number, arg: number) => void };

/**
 * Runs one thread of the module to its end, and says how it went with
 * `post`; `yieldCpu`, where the platform has one, is what sched_yield does.
 */
export async function runThread(
  start: ThreadStartMessage,
  post: (message: WorkerMessage) => void,
  yieldCpu?: () => void,
): Promise<void> {
  post({ kind: 'loaded' });
  try {
    const end = new WorkerEnd(start.buffer, start.wake === 'message' ? () => post({ kind: 'wake' }) : undefined);
    const client = new ThreadClient(end, yieldCpu);
    const imports: Record<string, Record<string, unknown>> = {
      wasi_snapshot_preview1: client.imports(),
      wasi: { 'thread-spawn': (arg: number) => client.spawn(arg) },
    };
    imports[start.memoryModule] = { ...imports[start.memoryModule], [start.memoryName]: start.memory };
    const instance = await WebAssembly.instantiate(start.module, imports as WebAssembly.Imports);
    const { _start: main, wasi_thread_start: thread } = instance.exports as ThreadExports;
    if (typeof (start.tid === 0 ? main : thread) !== 'function') {
      throw new TypeError(`the module exports no ${start.tid === 0 ? '_start' : 'wasi_thread_start'} function`);
    }
    post({ kind: 'ready' });
    if (start.tid === 0) main!();
    else thread!(start.tid, start.arg);
    post({ kind: 'returned' });
  } catch (err) {
    post({ kind: 'failed', failure: failureOf(err) });
  }
}

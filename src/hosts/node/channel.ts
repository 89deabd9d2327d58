import { Worker } from 'node:worker_threads';
import { DATA_BYTES, HEADER_BYTES, H_ARG, H_OP, H_REQ, H_RES, H_RESP, H_STATUS, Op } from './protocol.js';

/**
 * Main-thread end of the worker channel. One per process: the worker holds no
 * per-host configuration (permissions are checked on this side), only the
 * event-loop resources that hosts created.
 */
export class Channel {
  readonly i32: Int32Array;
  /** The data area as a Buffer, for copies and text without extra views. */
  readonly data: Buffer;
  /** The data area as int32s, for wait lists. */
  readonly dataI32: Int32Array;
  readonly res: Int32Array;
  private seq = 0;
  private readonly worker: Worker;

  constructor() {
    const sab = new SharedArrayBuffer(HEADER_BYTES + DATA_BYTES);
    this.i32 = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.res = this.i32.subarray(H_RES, H_RES + 6);
    this.data = Buffer.from(sab, HEADER_BYTES, DATA_BYTES);
    this.dataI32 = new Int32Array(sab, HEADER_BYTES, DATA_BYTES / 4);
    // The embedder's flags (say --input-type with -e) can stop a worker from
    // starting, and its 'error' event never arrives while we block: give it none.
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: sab, execArgv: [] });
    // The worker must never keep a finished program alive.
    this.worker.unref();
    if (this.call(Op.Init, 0, 0, 0, 0, 0, 0, STARTUP_MS) !== 0) {
      void this.worker.terminate();
      throw new Error('wasi host: the I/O worker did not start');
    }
  }

  /** Blocks until the worker answers, or for at most `timeoutMs` (then -1). */
  call(op: Op, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, timeoutMs = Infinity): number {
    const i32 = this.i32;
    i32[H_OP] = op;
    i32[H_ARG] = a; i32[H_ARG + 1] = b; i32[H_ARG + 2] = c;
    i32[H_ARG + 3] = d; i32[H_ARG + 4] = e; i32[H_ARG + 5] = f;
    const seq = (this.seq = (this.seq + 1) | 0);
    const prev = Atomics.load(i32, H_RESP);
    Atomics.store(i32, H_REQ, seq);
    Atomics.notify(i32, H_REQ);
    let cur = prev;
    while (cur !== seq) {
      if (Atomics.wait(i32, H_RESP, cur, timeoutMs) === 'timed-out') return -1;
      cur = Atomics.load(i32, H_RESP);
    }
    return i32[H_STATUS]!;
  }

  /** Puts text in the data area at `offset`; returns its byte length. */
  putText(text: string, offset = 0): number {
    return this.data.write(text, offset, 'utf8');
  }

  text(offset: number, length: number): string {
    return this.data.toString('utf8', offset, offset + length);
  }
}

const STARTUP_MS = 10_000;
let channel: Channel | undefined;

export function getChannel(): Channel {
  return (channel ??= new Channel());
}

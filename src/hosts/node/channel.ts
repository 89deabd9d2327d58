import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { distDir } from '../../dist-dir.js';
import { ConnectionBlock, ListenerBlock, type Block, type BlockMessage } from './ring.js';
import {
  CHANNEL_BYTES, CMD_AT, CMD_SLOTS, DATA_BYTES, HEADER_BYTES, H_ARG, H_CMD_HEAD, H_CMD_TAIL, H_EVENTS, H_LINGERING, H_OP, H_REQ,
  H_RES, H_RESP, H_STATUS, Cmd, Op,
} from './protocol.js';

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
  private readonly commands: Int32Array;
  private seq = 0;
  private cmdTail = 0;
  private readonly worker: Worker;
  /** Where the worker sends new blocks. */
  private readonly blockPort: MessagePort;
  /** Every block the worker sent, by slot; connection blocks wrapped once, as they are used again. */
  private readonly slots = new Map<number, SharedArrayBuffer>();
  private readonly connections = new Map<number, ConnectionBlock>();
  /** The block of every live worker resource that has one, by id, so waits on them need no request. */
  private readonly blocks = new Map<number, Block>();

  constructor() {
    const sab = new SharedArrayBuffer(CHANNEL_BYTES);
    this.i32 = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.res = this.i32.subarray(H_RES, H_RES + 6);
    this.data = Buffer.from(sab, HEADER_BYTES, DATA_BYTES);
    this.dataI32 = new Int32Array(sab, HEADER_BYTES, DATA_BYTES / 4);
    this.commands = new Int32Array(sab, CMD_AT, CMD_SLOTS * 3);
    const { port1, port2 } = new MessageChannel();
    this.blockPort = port1;
    port1.unref();
    // The embedder's flags (say --input-type with -e) can stop a worker from
    // starting, and its 'error' event never arrives while we block: give it none.
    this.worker = new Worker(new URL('src/hosts/node/worker.js', distDir), {
      workerData: { sab, blockPort: port2 }, transferList: [port2], execArgv: [],
    });
    // The worker must never keep a finished program alive; what closed
    // connections still deliver is waited for on exit (deliverOnExit).
    this.worker.unref();
    if (this.call(Op.Init, 0, 0, 0, 0, 0, 0, STARTUP_MS) !== 0) {
      void this.worker.terminate();
      throw new Error('wasi host: the I/O worker did not start');
    }
    process.once('exit', () => this.deliverOnExit());
  }

  /**
   * Blocks until the worker answers, or for at most `timeoutMs` (then -1).
   * A wait on shared blocks alone is answered here, without the worker.
   */
  call(op: Op, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, timeoutMs = Infinity): number {
    if (op === Op.Wait && this.allShared(a)) return this.waitShared(a, b);
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

  /** Queues a command for the worker and goes on; it runs before the next request. */
  post(cmd: Cmd, id: number, arg = 0): void {
    // A full queue: any request has the worker run every queued command first.
    if (((this.cmdTail - Atomics.load(this.i32, H_CMD_HEAD)) | 0) >= CMD_SLOTS) this.call(Op.Init);
    const at = (this.cmdTail & (CMD_SLOTS - 1)) * 3;
    this.commands[at] = cmd;
    this.commands[at + 1] = id;
    this.commands[at + 2] = arg;
    this.cmdTail = (this.cmdTail + 1) | 0;
    Atomics.store(this.i32, H_CMD_TAIL, this.cmdTail);
    Atomics.notify(this.i32, H_CMD_TAIL);
  }

  /** Closes a worker resource; it answers no more waits here. */
  close(id: number): void {
    this.blocks.delete(id);
    this.post(Cmd.Close, id);
  }

  /**
   * What a closed connection was given is delivered after the program ends,
   * as the kernel delivers what a process wrote before it exited: what the
   * kernel holds outlives the process, what the worker holds would not. So
   * the process (on any exit, process.exit() too) waits while the worker has
   * commands to run or closed connections with bytes the socket has not
   * taken, for as long as it keeps making progress.
   */
  private deliverOnExit(): void {
    for (let head = Atomics.load(this.i32, H_CMD_HEAD); head !== this.cmdTail; head = Atomics.load(this.i32, H_CMD_HEAD)) {
      if (Atomics.wait(this.i32, H_CMD_HEAD, head, STALLED_MS) === 'timed-out') return;
    }
    for (;;) {
      const seen = this.events();
      if (Atomics.load(this.i32, H_LINGERING) === 0) return;
      if (Atomics.wait(this.i32, H_EVENTS, seen, STALLED_MS) === 'timed-out') return;
    }
  }

  /** The worker's event count: read it before checking a block, then sleep() on it. */
  events(): number {
    return Atomics.load(this.i32, H_EVENTS);
  }

  /** Sleeps until the worker changes a block after `seen` was read, or for `timeoutMs`. */
  sleep(seen: number, timeoutMs = Infinity): void {
    Atomics.wait(this.i32, H_EVENTS, seen, timeoutMs);
  }

  /** The connection block in `slot`, now used by resource `id`. */
  connection(id: number, slot: number): ConnectionBlock {
    let block = this.connections.get(slot);
    if (block === undefined) {
      block = new ConnectionBlock(this.sab(slot));
      this.connections.set(slot, block);
    }
    this.blocks.set(id, block);
    return block;
  }

  /** The listener block in `slot`, used by resource `id`. */
  listener(id: number, slot: number): ListenerBlock {
    const block = new ListenerBlock(this.sab(slot));
    this.slots.delete(slot);
    this.blocks.set(id, block);
    return block;
  }

  /** The block in `slot`, taking the worker's messages up to the one that brought it. */
  private sab(slot: number): SharedArrayBuffer {
    for (let sab = this.slots.get(slot); ; sab = this.slots.get(slot)) {
      if (sab !== undefined) return sab;
      const m = receiveMessageOnPort(this.blockPort)?.message as BlockMessage | undefined;
      if (m === undefined) throw new Error(`wasi host: the I/O worker sent no block ${slot}`);
      if (m.sab !== null) {
        this.slots.set(m.slot, m.sab);
      } else {
        this.slots.delete(m.slot);
        this.connections.delete(m.slot);
      }
    }
  }

  /** Puts text in the data area at `offset`; returns its byte length. */
  putText(text: string, offset = 0): number {
    return this.data.write(text, offset, 'utf8');
  }

  text(offset: number, length: number): string {
    return this.data.toString('utf8', offset, offset + length);
  }

  private allShared(count: number): boolean {
    for (let i = 0; i < count; i++) if (!this.blocks.has(this.dataI32[i * 2]!)) return false;
    return true;
  }

  /** Op.Wait over shared blocks: the same answer the worker gives, from this thread. */
  private waitShared(count: number, timeoutMs: number): number {
    const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : 0;
    for (;;) {
      const seen = this.events();
      let any = 0;
      for (let i = 0; i < count; i++) {
        const r = this.blocks.get(this.dataI32[i * 2]!)!.ready(this.dataI32[i * 2 + 1]!);
        this.dataI32[count * 2 + i] = r ? 1 : 0;
        if (r) any++;
      }
      if (any > 0 || timeoutMs === 0) return any;
      const left = timeoutMs < 0 ? Infinity : deadline - performance.now();
      if (left <= 0) return 0;
      this.sleep(seen, left);
    }
  }
}

const STARTUP_MS = 10_000;
/** How long an exit waits on a worker that makes no progress delivering (a peer that stopped reading). */
const STALLED_MS = 2_000;
let channel: Channel | undefined;

export function getChannel(): Channel {
  return (channel ??= new Channel());
}

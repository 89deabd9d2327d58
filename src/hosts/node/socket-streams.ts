/**
 * A TCP connection's streams, over its shared block (ring.ts): reads take
 * what the worker put in the incoming ring, writes put bytes in the outgoing
 * ring and tell the worker with a command; neither waits for an answer. The
 * outgoing ring is the connection's send buffer, as the kernel's is to a
 * POSIX program: what it accepted is delivered whatever the program does
 * next (close, exit), and an error the socket meets later is reported by a
 * later call.
 */
import type { Channel } from './channel.js';
import { CLOSED, IoError, SOCKET_ERROR_LIST } from './errors.js';
import { sourcePollable, type Pollable, type PollSource } from './poll.js';
import { Cmd, Ev } from './protocol.js';
import { C, RX_AT, RX_BYTES, TX_AT, TX_BYTES, ringPut, ringTake, type ConnectionBlock } from './ring.js';
import type { InBackend, OutBackend } from './streams.js';

const EMPTY = new Uint8Array(0);
/** The most one read returns. */
const READ_CAP = 64 << 10;

export function socketFailure(index: number): { tag: 'last-operation-failed'; val: IoError } {
  const code = SOCKET_ERROR_LIST[index] ?? 'unknown';
  return { tag: 'last-operation-failed', val: new IoError(code, undefined, code) };
}

/**
 * A read returns a view of a buffer kept with the block, valid until the
 * stream's next read, as the node host's other worker-fed streams do: a
 * fresh buffer per read would cost the page faults of a new allocation.
 */
export class SocketIn implements InBackend, PollSource {
  private closed = false;
  /** RxHead: only this side moves it. */
  private head = 0;
  constructor(readonly id: number, private readonly block: ConnectionBlock, private readonly ch: Channel) {}

  read(len: number, blocking: boolean): Uint8Array {
    if (len === 0) return EMPTY;
    if (this.closed) throw CLOSED;
    const h = this.block.h;
    for (;;) {
      const seen = this.ch.events();
      // The end is read before the bytes: the worker sets it only after its last bytes.
      const end = Atomics.load(h, C.RxEnd);
      const used = (Atomics.load(h, C.RxTail) - this.head) | 0;
      if (used > 0) return this.take(Math.min(len, used, READ_CAP), used);
      if (end !== 0) throw end === 1 ? CLOSED : socketFailure(end - 2);
      if (!blocking) return EMPTY;
      this.ch.sleep(seen);
    }
  }

  private take(n: number, used: number): Uint8Array {
    const out = ringTake(this.block.bytes, RX_AT, RX_BYTES, this.head, n, (this.block.readBuffer ??= Buffer.allocUnsafeSlow(READ_CAP)));
    this.head = (this.head + n) | 0;
    const h = this.block.h;
    Atomics.store(h, C.RxHead, this.head);
    // A stalled worker is told once half the ring is free, not after every read.
    if (used - n <= RX_BYTES / 2 && Atomics.load(h, C.RxStalled) === 1 && Atomics.compareExchange(h, C.RxStalled, 1, 0) === 1) {
      this.ch.post(Cmd.Resume, this.id);
    }
    return out;
  }

  skip(len: number, blocking: boolean): number {
    return this.read(len, blocking).byteLength;
  }

  /** Called on shutdown(receive): what arrives later is never delivered. */
  closeLocal(): void {
    this.closed = true;
  }

  pollReady(): boolean { return this.closed || this.block.ready(Ev.Read); }
  pollLocal(): boolean { return this.pollReady(); }
  pollId(): number { return this.closed ? 0 : this.id; }
  subscribe(): Pollable { return sourcePollable(this, Ev.Read); }
  dispose(): void {}
}

export class SocketOut implements OutBackend, PollSource {
  private closed = false;
  /** TxTail: only this side moves it. */
  private tail = 0;
  constructor(readonly id: number, private readonly block: ConnectionBlock, private readonly ch: Channel) {}

  private check(): void {
    if (this.closed) throw CLOSED;
    const error = Atomics.load(this.block.h, C.TxError);
    if (error !== 0) throw socketFailure(error - 1);
  }

  private room(): number {
    return TX_BYTES - ((this.tail - Atomics.load(this.block.h, C.TxHead)) | 0);
  }

  checkWrite(): number {
    this.check();
    return this.room();
  }

  /** Takes everything: past the room checkWrite gave, it waits for the socket to take some. */
  write(buf: Uint8Array, _blocking: boolean): void {
    this.check();
    const h = this.block.h;
    const len = buf.byteLength;
    let off = 0;
    while (off < len) {
      const seen = this.ch.events();
      const room = this.room();
      if (room === 0) {
        this.kick();
        this.ch.sleep(seen);
        this.check();
        continue;
      }
      const n = Math.min(room, len - off);
      ringPut(this.block.bytes, TX_AT, TX_BYTES, this.tail, buf, off, n);
      this.tail = (this.tail + n) | 0;
      Atomics.store(h, C.TxTail, this.tail);
      off += n;
    }
    this.kick();
  }

  /** What the ring holds is on its way already: a flush of either kind has nothing to wait for. */
  flush(): void {
    this.check();
  }

  private kick(): void {
    if (Atomics.compareExchange(this.block.h, C.TxKick, 0, 1) === 0) this.ch.post(Cmd.Flush, this.id);
  }

  /** Called on shutdown(send). */
  closeLocal(): void {
    this.closed = true;
  }

  pollReady(): boolean { return this.closed || this.block.ready(Ev.Write); }
  pollLocal(): boolean { return this.pollReady(); }
  pollId(): number { return this.closed ? 0 : this.id; }
  subscribe(): Pollable { return sourcePollable(this, Ev.Write); }
  dispose(): void {}
}

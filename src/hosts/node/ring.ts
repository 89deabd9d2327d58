/**
 * The shared blocks TCP sockets work through, read by both threads. A
 * connection's block holds its incoming bytes (the worker writes, the main
 * thread reads) and its outgoing bytes (the other way round), so data moves
 * with no request and no answer; the main thread waits only when nothing it
 * could use is there. A listener's block queues the ids of the connections
 * accepted for it. Head and tail indices count forever (mod 2^32); each is
 * written by one thread only, and read with Atomics by the other.
 */
import { Ev } from './protocol.js';

/** A connection block's int32 header. */
export const enum C {
  /** Incoming bytes taken by the main thread. */
  RxHead,
  /** Incoming bytes put in by the worker. */
  RxTail,
  /** 0 open; 1 the peer ended; 2 + error index: failed. Set once the worker holds no more bytes. */
  RxEnd,
  /** 1 when the worker holds bytes the ring had no room for: the main thread asks for more once it makes room. */
  RxStalled,
  /** Outgoing bytes the socket has taken. */
  TxHead,
  /** Outgoing bytes put in by the main thread. */
  TxTail,
  /** 0, or 1 + the error index the connection failed with: later writes report it. */
  TxError,
  /** 1 while a Flush command for this connection is posted and not yet taken. */
  TxKick,
  /** 0 connecting, 1 connected, negative the status a connect failed with. */
  Connect,
}

/** A listener block's int32 header; the accepted ids follow it. */
export const enum L {
  Head,
  Tail,
  /** 1 when the worker holds accepted connections the queue had no room for. */
  Stalled,
}

export const BLOCK_HEADER = 64;
export const RX_BYTES = 256 << 10;
export const TX_BYTES = 256 << 10;
export const RX_AT = BLOCK_HEADER;
export const TX_AT = RX_AT + RX_BYTES;
export const CONNECTION_BYTES = TX_AT + TX_BYTES;
export const ACCEPT_SLOTS = 1024;
export const LISTENER_BYTES = BLOCK_HEADER + ACCEPT_SLOTS * 4;

/** How a block travels from the worker to the main thread (over a MessagePort). */
export interface BlockMessage {
  id: number;
  sab: SharedArrayBuffer;
}

export class ConnectionBlock {
  readonly h: Int32Array;
  /** The whole block, for copies in and out of both rings. */
  readonly bytes: Buffer;
  constructor(readonly sab: SharedArrayBuffer) {
    this.h = new Int32Array(sab, 0, BLOCK_HEADER / 4);
    this.bytes = Buffer.from(sab);
  }

  rxUsed(): number {
    return (Atomics.load(this.h, C.RxTail) - Atomics.load(this.h, C.RxHead)) | 0;
  }

  txFree(): number {
    return TX_BYTES - ((Atomics.load(this.h, C.TxTail) - Atomics.load(this.h, C.TxHead)) | 0);
  }

  /** Everything put in was taken by the socket. */
  txEmpty(): boolean {
    return Atomics.load(this.h, C.TxTail) === Atomics.load(this.h, C.TxHead);
  }

  ready(ev: number): boolean {
    const h = this.h;
    switch (ev) {
      case Ev.Read:
        return Atomics.load(h, C.RxEnd) !== 0 || this.rxUsed() > 0;
      case Ev.Write: {
        const state = Atomics.load(h, C.Connect);
        return state < 0 || Atomics.load(h, C.TxError) !== 0 || (state === 1 && this.txFree() > 0);
      }
      default:
        return Atomics.load(h, C.Connect) !== 0;
    }
  }
}

export class ListenerBlock {
  readonly h: Int32Array;
  readonly ids: Int32Array;
  constructor(readonly sab: SharedArrayBuffer) {
    this.h = new Int32Array(sab, 0, BLOCK_HEADER / 4);
    this.ids = new Int32Array(sab, BLOCK_HEADER, ACCEPT_SLOTS);
  }

  pending(): number {
    return (Atomics.load(this.h, L.Tail) - Atomics.load(this.h, L.Head)) | 0;
  }

  ready(): boolean {
    return this.pending() > 0;
  }
}

export type Block = ConnectionBlock | ListenerBlock;

/**
 * V8 copies to and from shared memory with relaxed atomics: word by word when
 * both ends have the same alignment, byte by byte (several times slower)
 * when they do not. Copies into a ring go through this private buffer when
 * the alignments differ, laid out to match the ring's; copies out of a ring
 * go to a buffer allocated with the ring's alignment.
 */
export const WORD = 8;
const BOUNCE_BYTES = 64 << 10;
const bounce = Buffer.allocUnsafeSlow(BOUNCE_BYTES + WORD);

function copyIn(ring: Buffer, to: number, src: Uint8Array, from: number, n: number): void {
  if (((src.byteOffset + from - to) & (WORD - 1)) === 0) {
    ring.set(from === 0 && n === src.byteLength ? src : src.subarray(from, from + n), to);
    return;
  }
  for (let done = 0; done < n;) {
    const lead = (to + done) & (WORD - 1);
    const k = Math.min(n - done, BOUNCE_BYTES);
    bounce.set(src.subarray(from + done, from + done + k), lead);
    ring.set(bounce.subarray(lead, lead + k), to + done);
    done += k;
  }
}

/** Copies `n` bytes from `src` (from `srcOff`) into the ring at [at, at + size) starting at counter `pos`, wrapping at its end. */
export function ringPut(ring: Buffer, at: number, size: number, pos: number, src: Uint8Array, srcOff: number, n: number): void {
  const off = pos & (size - 1);
  const first = Math.min(n, size - off);
  copyIn(ring, at + off, src, srcOff, first);
  if (first < n) copyIn(ring, at, src, srcOff + first, n - first);
}

/**
 * Copies `n` bytes out of the ring at [at, at + size) from counter `pos` into
 * `into` (WORD bytes longer than `n`), placed with the ring's alignment there;
 * returns them as a view of `into`.
 */
export function ringTake(ring: Buffer, at: number, size: number, pos: number, n: number, into: Buffer): Buffer {
  const off = pos & (size - 1);
  const lead = (at + off) & (WORD - 1);
  const out = into.subarray(lead, lead + n);
  const first = Math.min(n, size - off);
  out.set(ring.subarray(at + off, at + off + first));
  if (first < n) out.set(ring.subarray(at, at + n - first), first);
  return out;
}

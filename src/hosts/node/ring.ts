/**
 * The shared blocks TCP sockets work through, read by both threads. A
 * connection's block holds its incoming bytes (the worker writes, the main
 * thread reads) and its outgoing bytes (the other way round), so data moves
 * with no request and no answer; the main thread waits only when nothing it
 * could use is there. A listener's block queues the connections accepted for
 * it. Head and tail indices count forever (mod 2^32); each is written by one
 * thread only, and read with Atomics by the other.
 *
 * Blocks are numbered (slots) and a closed connection's block is used again:
 * the main thread gets each new block once, over a MessagePort, and from then
 * on only its slot number; so a connection costs no allocation (a fresh block
 * is half a megabyte of zeroed pages) and no message.
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

/** A listener block's int32 header; the accepted connections follow it, an (id, slot) pair each. */
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
export const LISTENER_BYTES = BLOCK_HEADER + ACCEPT_SLOTS * 8;

/** How a new block travels from the worker to the main thread (over a MessagePort); null retires the slot. */
export interface BlockMessage {
  slot: number;
  sab: SharedArrayBuffer | null;
}

export class ConnectionBlock {
  readonly h: Int32Array;
  /** The whole block, for copies in and out of both rings. */
  readonly bytes: Buffer;
  /** The main thread's copy-out buffer for the connection using the block (see SocketIn). */
  readBuffer: Buffer | undefined;
  constructor(readonly sab: SharedArrayBuffer) {
    this.h = new Int32Array(sab, 0, BLOCK_HEADER / 4);
    this.bytes = Buffer.from(sab);
  }

  /** Ready for a new connection, Connect set to `state`; published with the slot that names it. */
  reset(state: number): void {
    this.h.fill(0);
    this.h[C.Connect] = state;
  }

  rxUsed(): number {
    return (Atomics.load(this.h, C.RxTail) - Atomics.load(this.h, C.RxHead)) | 0;
  }

  txFree(): number {
    return TX_BYTES - ((Atomics.load(this.h, C.TxTail) - Atomics.load(this.h, C.TxHead)) | 0);
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
  readonly accepted: Int32Array;
  constructor(readonly sab: SharedArrayBuffer) {
    this.h = new Int32Array(sab, 0, BLOCK_HEADER / 4);
    this.accepted = new Int32Array(sab, BLOCK_HEADER, ACCEPT_SLOTS * 2);
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
 * Copies `src` into `dst` at `at`. V8 copies to and from shared memory with
 * relaxed atomics (TypedArray#set, Buffer#copy): a few GB/s when both ends
 * have the same alignment, one or two when they do not. Buffer#fill with a
 * buffer as the value is a plain memcpy in Node, ten times faster; the other
 * thread never touches the bytes being copied, so nothing needs atomicity.
 */
function copy(dst: Buffer, at: number, src: Uint8Array): void {
  if (src.byteLength > 0) dst.fill(src, at, at + src.byteLength);
}

/** Copies `n` bytes from `src` (from `srcOff`) into the ring at [at, at + size) starting at counter `pos`, wrapping at its end. */
export function ringPut(ring: Buffer, at: number, size: number, pos: number, src: Uint8Array, srcOff: number, n: number): void {
  const off = pos & (size - 1);
  const first = Math.min(n, size - off);
  copy(ring, at + off, srcOff === 0 && first === src.byteLength ? src : src.subarray(srcOff, srcOff + first));
  if (first < n) copy(ring, at, src.subarray(srcOff + first, srcOff + n));
}

/** Copies `n` bytes out of the ring at [at, at + size) from counter `pos` to the start of `into`; returns them as a view of `into`. */
export function ringTake(ring: Buffer, at: number, size: number, pos: number, n: number, into: Buffer): Buffer {
  const off = pos & (size - 1);
  const first = Math.min(n, size - off);
  copy(into, 0, ring.subarray(at + off, at + off + first));
  if (first < n) copy(into, first, ring.subarray(at, at + n - first));
  return into.subarray(0, n);
}

import { Errno } from './abi.js';
import { errnoOf } from './errno.js';
import type { Context } from './context.js';
import { readStream, writeStream } from './io.js';
import type { TcpEntry } from './entries.js';
import type { Host, Pollable, TcpSocket } from './host.js';
import { blockAndDrop, Suspension } from './wait.js';

const EMPTY = new Uint8Array(0);

export function isWouldBlock(err: unknown): boolean {
  return err === 'would-block' || (err as { payload?: unknown } | null)?.payload === 'would-block';
}

/** Anything 0.2 lets one wait on: a socket, a stream, a name lookup. */
export interface Waitable {
  subscribe(): Pollable;
}

/** Waits on a resource's own pollable: the one wait 0.2 offers for accept, connect, bind and listen. */
export function blockOn(ctx: Context, resource: Waitable): void {
  blockAndDrop(ctx, resource.subscribe(), 0n, 'socket');
}

/** Runs a 0.2 start/finish pair's finish to the end, waiting on the resource while it would block. */
export function complete<T>(ctx: Context, resource: Waitable, step: () => T): T {
  for (;;) {
    try {
      return step();
    } catch (err) {
      if (!isWouldBlock(err)) throw err;
    }
    blockOn(ctx, resource);
  }
}

/**
 * Completes a connect in progress when the host has finished it, either way:
 * connected with its streams, or back to unconnected with the errno kept for
 * SO_ERROR. Still in progress, it stays so.
 */
export function settle(conn: TcpEntry): void {
  if (conn.state !== 'connecting') return;
  let streams: ReturnType<TcpSocket['finishConnect']>;
  try {
    streams = conn.socket.finishConnect();
  } catch (err) {
    if (isWouldBlock(err)) return;
    conn.state = 'unbound';
    conn.connectError = errnoOf(err);
    return;
  }
  [conn.input, conn.output] = streams;
  conn.state = 'connected';
}

/** Waits out a connect in progress (until it ends when blocking, EAGAIN while it runs when not); true when connected. */
export function awaitConnect(ctx: Context, conn: TcpEntry, nonblocking: boolean): boolean {
  for (;;) {
    settle(conn);
    if (conn.state !== 'connecting') return conn.state === 'connected';
    if (nonblocking) throw Errno.AGAIN;
    blockOn(ctx, conn.socket);
  }
}

/**
 * A connection that is not (yet) connected: one still connecting is waited
 * for; a failed connect reports its errno once, as POSIX does; anything else
 * is ENOTCONN (POSIX and wasmtime; Linux would say EPIPE to a send).
 */
function requireConnected(ctx: Context, conn: TcpEntry): void {
  if (awaitConnect(ctx, conn, conn.nonblocking)) return;
  const failed = conn.connectError;
  conn.connectError = 0;
  throw failed !== 0 ? failed : Errno.NOTCONN;
}

/**
 * Reads from a connection: first whatever a peek left, then the stream.
 * A peek keeps what it read, so the next read returns the same bytes.
 */
export function receive(ctx: Context, conn: TcpEntry, want: number, peek: boolean): Uint8Array {
  if (conn.state !== 'connected') requireConnected(ctx, conn);
  const held = conn.peeked;
  if (held !== undefined) {
    const n = Math.min(want, held.length);
    if (!peek) conn.peeked = n === held.length ? undefined : held.subarray(n);
    return held.subarray(0, n);
  }
  if (conn.readClosed) return EMPTY;
  const data = readStream(ctx, conn.input!, want, conn.nonblocking);
  // A 0.2 read returns a list the caller owns, so it can be held as it is.
  if (peek && data.length > 0) conn.peeked = data;
  return data;
}

/** How far a poll reads ahead on a ready connection. */
const PROBE_BYTES = 65536n;

/**
 * Reads ahead what a ready connection holds into its peek buffer, so poll can
 * report exact nbytes and the peer's end as hang-up; returns the read's errno.
 */
export function probe(conn: TcpEntry, host: Host): number {
  if (conn.state !== 'connected' || conn.readClosed || conn.peeked !== undefined) return Errno.SUCCESS;
  try {
    const data = conn.input!.read(PROBE_BYTES);
    if (data.length > 0) conn.peeked = data;
  } catch (err) {
    if ((err as { tag?: unknown } | null)?.tag !== 'closed') return errnoOf(err, host);
    conn.readClosed = true;
  }
  return Errno.SUCCESS;
}

/** RECV_WAITALL: reads until `want` bytes, end of stream, or (non-blocking) nothing more ready. */
export function receiveAll(ctx: Context, conn: TcpEntry, want: number, peek: boolean): Uint8Array {
  const first = receive(ctx, conn, want, false);
  let all = first;
  if (first.length > 0 && first.length < want) {
    all = new Uint8Array(want);
    all.set(first);
    let got = first.length;
    while (got < want) {
      let more: Uint8Array;
      try {
        more = receive(ctx, conn, want - got, false);
      } catch (err) {
        if (err === Errno.AGAIN) break;
        // The re-run after the wait must find what this run took still there.
        if (err instanceof Suspension) unread(conn, all.subarray(0, got));
        throw err;
      }
      if (more.length === 0) break;
      all.set(more, got);
      got += more.length;
    }
    all = all.subarray(0, got);
  }
  if (peek && all.length > 0) unread(conn, all);
  return all;
}

/** Puts bytes back in front of whatever is still held, as if never read. */
function unread(conn: TcpEntry, data: Uint8Array): void {
  const rest = conn.peeked;
  const held = new Uint8Array(data.length + (rest?.length ?? 0));
  held.set(data);
  if (rest !== undefined) held.set(rest, data.length);
  conn.peeked = held;
}

export function send(ctx: Context, conn: TcpEntry, data: Uint8Array): number {
  if (conn.state !== 'connected') requireConnected(ctx, conn);
  if (conn.writeClosed) throw Errno.PIPE;
  return writeStream(ctx, conn.output!, data, conn.nonblocking);
}

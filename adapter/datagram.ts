import { Errno, Roflags } from './abi.js';
import type { Context } from './context.js';
import { blockOn, complete } from './connection.js';
import { errnoOf } from './errno.js';
import { unspecified } from './wasmedge-address.js';
import type { Datagram, UdpEntry } from './entries.js';
import type { IpSocketAddress } from './host.js';

/** Binds a UDP socket and opens its streams, towards its peer when it has one. */
export function bindUdp(ctx: Context, e: UdpEntry, local: IpSocketAddress): void {
  const socket = e.socket;
  socket.startBind(ctx.network(), local);
  complete(ctx, socket, () => socket.finishBind());
  e.setStreams(socket.stream(e.remote));
}

/** POSIX binds an unbound socket to an ephemeral port on its first send or connect. */
export function autobind(ctx: Context, e: UdpEntry): void {
  if (!e.bound) bindUdp(ctx, e, unspecified(e.socket.addressFamily()));
}

/** Fixes the peer: from now on datagrams go only there and come only from there. */
export function connectUdp(ctx: Context, e: UdpEntry, remote: IpSocketAddress): void {
  autobind(ctx, e);
  e.setStreams(e.socket.stream(remote));
  e.remote = remote;
}

/**
 * The next datagram: one a peek or poll held first, then the stream's. An
 * unbound socket can receive nothing: EAGAIN when non-blocking, and ENOTCONN
 * instead of the wait forever POSIX would do.
 */
export function receiveDatagram(ctx: Context, e: UdpEntry, peek: boolean): Datagram {
  const held = e.held;
  if (held !== undefined) {
    if (!peek) e.held = undefined;
    return held;
  }
  if (!e.bound) throw e.nonblocking ? Errno.AGAIN : Errno.NOTCONN;
  const incoming = e.incoming!;
  for (;;) {
    const got = incoming.receive(1n)[0];
    if (got !== undefined) {
      if (peek) e.held = got;
      return got;
    }
    if (e.nonblocking) throw Errno.AGAIN;
    blockOn(ctx, incoming);
  }
}

/** Receives ahead into the held datagram, so poll reports its exact size; returns the receive's errno. */
export function probeDatagram(e: UdpEntry): number {
  if (e.held !== undefined || !e.bound) return Errno.SUCCESS;
  try {
    e.held = e.incoming!.receive(1n)[0];
  } catch (err) {
    return errnoOf(err);
  }
  return Errno.SUCCESS;
}

/**
 * Sends one datagram, to `to` or (when undefined) to the connected peer;
 * an unbound socket is bound first, as POSIX does. Waits for room unless
 * non-blocking (EAGAIN). The bytes are copied: the host may send later.
 */
export function sendDatagram(ctx: Context, e: UdpEntry, data: Uint8Array, to: IpSocketAddress | undefined): number {
  if (to === undefined && e.remote === undefined) throw Errno.DESTADDRREQ;
  autobind(ctx, e);
  const outgoing = e.outgoing!;
  while (outgoing.checkSend() === 0n) {
    if (e.nonblocking) throw Errno.AGAIN;
    blockOn(ctx, outgoing);
  }
  const sent = outgoing.send([to === undefined ? { data: data.slice() } : { data: data.slice(), remoteAddress: to }]);
  if (sent === 0n) throw Errno.AGAIN;
  return data.length;
}

/** One datagram, cut to the buffers (RECV_DATA_TRUNCATED says so); returned for callers that report where it came from. */
export function receiveDatagramInto(
  ctx: Context, e: UdpEntry, riData: number, riDataLen: number, want: number, peek: boolean,
  roDatalen: number, roFlags: number,
): Datagram {
  const mem = ctx.memory;
  const datagram = receiveDatagram(ctx, e, peek);
  const { data } = datagram;
  const n = Math.min(want, data.length);
  mem.scatter(riData, riDataLen, data.subarray(0, n));
  mem.setU32(roDatalen, n);
  mem.setU16(roFlags, n < data.length ? Roflags.RECV_DATA_TRUNCATED : 0);
  return datagram;
}

import { Errno, Fdflags, Riflags, Sdflags } from './abi.js';
import type { Context } from './context.js';
import type { GuestMemory } from './memory.js';
import { blockOn, isWouldBlock, receive, receiveAll, send } from './connection.js';
import { receiveDatagramInto, sendDatagram } from './datagram.js';
import { drop, TcpEntry } from './entries.js';
import type { TcpSocket } from './host.js';
import { blockingFlush, Suspension } from './wait.js';

function connection(ctx: Context, fd: number): TcpEntry {
  const e = ctx.socket(fd);
  if (e.kind !== 'tcp') throw Errno.NOTSUP;
  return e;
}

function accept(ctx: Context, socket: TcpSocket, nonblocking: boolean): ReturnType<TcpSocket['accept']> {
  for (;;) {
    try {
      return socket.accept();
    } catch (err) {
      if (!isWouldBlock(err)) throw err;
      if (nonblocking) throw Errno.AGAIN;
    }
    blockOn(ctx, socket);
  }
}

/** preview1's (fd, flags, ro_fd), or WasmEdge V1's (fd, ro_fd), told apart by whether ro_fd arrived. */
export function sock_accept(ctx: Context, fd: number, flags: number, accepted?: number): number {
  if (accepted === undefined) {
    accepted = flags;
    flags = 0;
  }
  accepted >>>= 0;
  ctx.memory.check(accepted, 4);
  const listener = ctx.socket(fd);
  if (listener.kind !== 'tcp' || !listener.listening) throw Errno.INVAL;
  if (flags & ~Fdflags.NONBLOCK) throw Errno.INVAL;
  const [socket, input, output] = accept(ctx, listener.socket, listener.nonblocking || (flags & Fdflags.NONBLOCK) !== 0);
  const entry = new TcpEntry(socket, input, output, 'connected');
  entry.fdflags = flags & Fdflags.NONBLOCK;
  ctx.memory.setU32(accepted, ctx.table.add(entry));
  return Errno.SUCCESS;
}

/**
 * Checks what every receive takes (the out-pointers, the flags, the iovecs),
 * for sock_recv and WasmEdge's sock_recv_from alike; returns how many bytes
 * the iovecs hold.
 */
export function receiveRequest(mem: GuestMemory, riData: number, riDataLen: number, riFlags: number, roDatalen: number, roFlags: number): number {
  mem.check(roDatalen, 4);
  mem.check(roFlags, 2);
  if (riFlags & ~(Riflags.RECV_PEEK | Riflags.RECV_WAITALL)) throw Errno.INVAL;
  return mem.iovecTotal(riData, riDataLen);
}

export function sock_recv(
  ctx: Context, fd: number, riData: number, riDataLen: number, riFlags: number, roDatalen: number, roFlags: number,
): number {
  riData >>>= 0; riDataLen >>>= 0; roDatalen >>>= 0; roFlags >>>= 0;
  const mem = ctx.memory;
  const want = receiveRequest(mem, riData, riDataLen, riFlags, roDatalen, roFlags);
  const peek = (riFlags & Riflags.RECV_PEEK) !== 0;
  const e = ctx.socket(fd);
  if (e.kind === 'udp') {
    receiveDatagramInto(ctx, e, riData, riDataLen, want, peek, roDatalen, roFlags);
    return Errno.SUCCESS;
  }
  const data = riFlags & Riflags.RECV_WAITALL ? receiveAll(ctx, e, want, peek) : receive(ctx, e, want, peek);
  mem.scatter(riData, riDataLen, data);
  mem.setU32(roDatalen, data.length);
  mem.setU16(roFlags, 0);
  return Errno.SUCCESS;
}

export function sock_send(ctx: Context, fd: number, siData: number, siDataLen: number, siFlags: number, soDatalen: number): number {
  siData >>>= 0; siDataLen >>>= 0; soDatalen >>>= 0;
  ctx.memory.check(soDatalen, 4);
  if (siFlags !== 0) throw Errno.INVAL;
  const data = ctx.memory.gather(siData, siDataLen);
  const e = ctx.socket(fd);
  const n = e.kind === 'udp' ? sendDatagram(ctx, e, data, undefined) : send(ctx, e, data);
  ctx.memory.setU32(soDatalen, n);
  return Errno.SUCCESS;
}

/**
 * Shuts down one or both halves. Over a host whose shutdown ignores its type
 * (preview2-shim destroys the socket), the write half is ended by flushing
 * and dropping the output stream, which sends FIN and leaves reading working.
 */
export function sock_shutdown(ctx: Context, fd: number, how: number): number {
  if (how === 0 || how & ~(Sdflags.RD | Sdflags.WR)) throw Errno.INVAL;
  const conn = connection(ctx, fd);
  if (conn.state !== 'connected') throw Errno.NOTCONN;
  const rd = (how & Sdflags.RD) !== 0;
  const wr = (how & Sdflags.WR) !== 0;
  if (wr && !conn.writeClosed) endOutput(ctx, conn, rd);
  if (rd && !conn.readClosed) {
    conn.readClosed = true;
    conn.peeked = undefined;
    if (!wr && !ctx.quirks.tcpShutdownIgnoresType) conn.socket.shutdown('receive');
  }
  return Errno.SUCCESS;
}

function endOutput(ctx: Context, conn: TcpEntry, both: boolean): void {
  const output = conn.output!;
  if (!ctx.quirks.tcpShutdownIgnoresType) {
    conn.writeClosed = true;
    conn.socket.shutdown(both ? 'both' : 'send');
    return;
  }
  try {
    blockingFlush(ctx, output);
  } catch (err) {
    if (err instanceof Suspension) throw err;
    // A peer gone already: ending the stream is all that is left.
  }
  conn.writeClosed = true;
  drop(output);
  conn.output = undefined;
  if (both) conn.socket.shutdown('both');
}

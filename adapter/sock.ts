import { Errno, Fdflags, Riflags, Sdflags } from './abi.js';
import type { Context } from './context.js';
import { readStream, writeStream } from './io.js';
import { TcpEntry } from '../src/table.js';
import type { TcpSocket } from '../src/host.js';

function isWouldBlock(err: unknown): boolean {
  return err === 'would-block' || (err as { payload?: unknown } | null)?.payload === 'would-block';
}

function connection(ctx: Context, fd: number): TcpEntry {
  const e = ctx.socket(fd);
  if (e.kind !== 'tcp') throw Errno.NOTSUP;
  if (e.listening) throw Errno.NOTCONN;
  return e;
}

function accept(socket: TcpSocket, nonblocking: boolean): ReturnType<TcpSocket['accept']> {
  for (;;) {
    try {
      return socket.accept();
    } catch (err) {
      if (!isWouldBlock(err) || nonblocking) throw err;
    }
    const ready = socket.subscribe();
    try { ready.block(); } finally { (ready as { [Symbol.dispose]?: () => void })[Symbol.dispose]?.(); }
  }
}

export function sock_accept(ctx: Context, fd: number, flags: number, accepted: number): number {
  accepted >>>= 0;
  ctx.memory.check(accepted, 4);
  const listener = ctx.socket(fd);
  if (listener.kind !== 'tcp' || !listener.listening) throw Errno.INVAL;
  if (flags & ~Fdflags.NONBLOCK) throw Errno.INVAL;
  const [socket, input, output] = accept(listener.socket, listener.nonblocking || (flags & Fdflags.NONBLOCK) !== 0);
  const entry = new TcpEntry(socket, input, output);
  entry.fdflags = flags & Fdflags.NONBLOCK;
  ctx.memory.setU32(accepted, ctx.table.add(entry));
  return Errno.SUCCESS;
}

export function sock_recv(
  ctx: Context, fd: number, riData: number, riDataLen: number, riFlags: number, roDatalen: number, roFlags: number,
): number {
  riData >>>= 0; riDataLen >>>= 0; roDatalen >>>= 0; roFlags >>>= 0;
  const mem = ctx.memory;
  mem.check(roDatalen, 4);
  mem.check(roFlags, 2);
  if (riFlags & ~(Riflags.RECV_PEEK | Riflags.RECV_WAITALL)) throw Errno.INVAL;
  if (riFlags & Riflags.RECV_PEEK) throw Errno.NOTSUP;
  const conn = connection(ctx, fd);
  const want = mem.iovecTotal(riData, riDataLen);
  let data = conn.readClosed ? new Uint8Array(0) : readStream(conn.input!, want, conn.nonblocking);
  if (riFlags & Riflags.RECV_WAITALL && data.length > 0 && data.length < want) {
    const all = new Uint8Array(want);
    all.set(data);
    let got = data.length;
    while (got < want) {
      const more = readStream(conn.input!, want - got, false);
      if (more.length === 0) break;
      all.set(more, got);
      got += more.length;
    }
    data = all.subarray(0, got);
  }
  mem.scatter(riData, riDataLen, data);
  mem.setU32(roDatalen, data.length);
  mem.setU16(roFlags, 0);
  return Errno.SUCCESS;
}

export function sock_send(ctx: Context, fd: number, siData: number, siDataLen: number, siFlags: number, soDatalen: number): number {
  siData >>>= 0; siDataLen >>>= 0; soDatalen >>>= 0;
  ctx.memory.check(soDatalen, 4);
  if (siFlags !== 0) throw Errno.INVAL;
  const conn = connection(ctx, fd);
  if (conn.writeClosed) throw Errno.PIPE;
  const n = writeStream(conn.output!, ctx.memory.gather(siData, siDataLen), conn.nonblocking);
  ctx.memory.setU32(soDatalen, n);
  return Errno.SUCCESS;
}

export function sock_shutdown(ctx: Context, fd: number, how: number): number {
  const conn = connection(ctx, fd);
  if (how === 0 || how & ~(Sdflags.RD | Sdflags.WR)) throw Errno.INVAL;
  const rd = (how & Sdflags.RD) !== 0;
  const wr = (how & Sdflags.WR) !== 0;
  conn.socket.shutdown(rd && wr ? 'both' : rd ? 'receive' : 'send');
  if (rd) conn.readClosed = true;
  if (wr) conn.writeClosed = true;
  return Errno.SUCCESS;
}

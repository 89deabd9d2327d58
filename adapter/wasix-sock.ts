/**
 * WASIX's socket calls over wasi:sockets tcp and udp, on the same socket
 * entries and the same grants as WasmEdge's extension (adapter/wasmedge.ts
 * does the work once the address is read): every address bound to,
 * connected to or sent to is checked against the embedder's grants first.
 */
import { Errno, Fdflags, Riflags } from './abi.js';
import type { Context } from './context.js';
import { send, settle } from './connection.js';
import { receiveDatagramInto, sendDatagram } from './datagram.js';
import { receiveRequest, sock_accept as acceptPreview1, sock_recv as recvPreview1, sock_send as sendPreview1 } from './sock.js';
import { TcpEntry, UdpEntry, type Entry } from './entries.js';
import { bindSocket, checkFamily, connectSocket, localAddress, peerAddress } from './wasmedge.js';
import { readAddrPort, writeAddrPort } from './wasix-address.js';
import { AddressFamily, AddrPort, SockProto, SockStatus, SockType, Siflags, WasixRiflags } from './wasix-abi.js';
import type { IpSocketAddress } from './host.js';

export { sock_listen } from './wasmedge.js';
export { sock_get_opt_flag, sock_get_opt_size, sock_get_opt_time, sock_set_opt_flag, sock_set_opt_size, sock_set_opt_time } from './wasix-sockopt.js';

function familyOf(af: number): 'ipv4' | 'ipv6' {
  if (af === AddressFamily.INET4) return 'ipv4';
  if (af === AddressFamily.INET6) return 'ipv6';
  // Unspecified, Unix (0.2 has no Unix sockets) or unknown.
  throw Errno.AFNOSUPPORT;
}

/** Stream and datagram sockets; TCP only as a stream, UDP only as datagrams (ENOTSUP otherwise, as Wasmer). */
export function sock_open(ctx: Context, af: number, type: number, proto: number, out: number): number {
  out >>>= 0;
  ctx.memory.check(out, 4);
  const family = familyOf(af);
  if (type !== SockType.STREAM && type !== SockType.DGRAM) throw Errno.NOTSUP;
  if (proto !== SockProto.IP && proto !== SockProto.TCP && proto !== SockProto.UDP) throw Errno.PROTONOSUPPORT;
  if (proto === SockProto.TCP ? type !== SockType.STREAM : proto === SockProto.UDP && type !== SockType.DGRAM) {
    throw Errno.NOTSUP;
  }
  let entry: TcpEntry | UdpEntry;
  if (type === SockType.STREAM) {
    const create = ctx.host['wasi:sockets/tcp-create-socket'];
    if (create === undefined) throw Errno.NOTSUP;
    entry = new TcpEntry(create.createTcpSocket(family), undefined, undefined, 'unbound');
  } else {
    const create = ctx.host['wasi:sockets/udp-create-socket'];
    if (create === undefined) throw Errno.NOTSUP;
    entry = new UdpEntry(create.createUdpSocket(family));
  }
  ctx.memory.setU32(out, ctx.table.add(entry));
  return Errno.SUCCESS;
}

export function sock_bind(ctx: Context, fd: number, addr: number): number {
  bindSocket(ctx, fd, readAddrPort(ctx.memory, addr >>> 0));
  return Errno.SUCCESS;
}

export function sock_connect(ctx: Context, fd: number, addr: number): number {
  return connectSocket(ctx, fd, readAddrPort(ctx.memory, addr >>> 0));
}

/** preview1's (fd, flags, ro_fd), or WASIX's v2 with the peer's address after, told apart by whether it arrived. */
export function sock_accept(ctx: Context, fd: number, flags: number, out: number, addr?: number): number {
  if (addr === undefined) return acceptPreview1(ctx, fd, flags, out);
  addr >>>= 0;
  ctx.memory.check(addr, AddrPort.SIZE);
  acceptPreview1(ctx, fd, flags, out);
  const accepted = ctx.table.get(ctx.memory.u32(out >>> 0)) as TcpEntry;
  writeAddrPort(ctx.memory, addr, accepted.socket.remoteAddress());
  return Errno.SUCCESS;
}

export { sock_accept as sock_accept_v2 };

/** Runs a receive or send as non-blocking when the call asks for it (DONT_WAIT), whatever the fd's flags. */
function waiting<T>(e: Entry, dontWait: boolean, op: () => T): T {
  if (!dontWait || e.nonblocking) return op();
  e.fdflags |= Fdflags.NONBLOCK;
  try {
    return op();
  } finally {
    e.fdflags &= ~Fdflags.NONBLOCK;
  }
}

const PREVIEW1_RIFLAGS = Riflags.RECV_PEEK | Riflags.RECV_WAITALL;
const KNOWN_RIFLAGS = PREVIEW1_RIFLAGS | WasixRiflags.RECV_DATA_TRUNCATED | WasixRiflags.RECV_DONT_WAIT;

function checkRiflags(flags: number): void {
  if (flags & ~KNOWN_RIFLAGS) throw Errno.INVAL;
}

/** preview1's sock_recv, with WASIX's DONT_WAIT; datagrams are always cut to the buffers (RECV_DATA_TRUNCATED asks for that). */
export function sock_recv(
  ctx: Context, fd: number, riData: number, riDataLen: number, riFlags: number, roDatalen: number, roFlags: number,
): number {
  checkRiflags(riFlags);
  const e = ctx.socket(fd);
  return waiting(e, (riFlags & WasixRiflags.RECV_DONT_WAIT) !== 0,
    () => recvPreview1(ctx, fd, riData, riDataLen, riFlags & PREVIEW1_RIFLAGS, roDatalen, roFlags));
}

export function sock_send(ctx: Context, fd: number, siData: number, siDataLen: number, siFlags: number, soDatalen: number): number {
  if (siFlags & ~Siflags.SEND_DONT_WAIT) throw Errno.INVAL;
  const e = ctx.socket(fd);
  return waiting(e, siFlags !== 0, () => sendPreview1(ctx, fd, siData, siDataLen, 0, soDatalen));
}

/** A datagram and where it came from; on TCP, sock_recv and the peer's address, as Wasmer answers. */
export function sock_recv_from(
  ctx: Context, fd: number, riData: number, riDataLen: number, riFlags: number, roDatalen: number, roFlags: number,
  roAddr: number,
): number {
  riData >>>= 0; riDataLen >>>= 0; roDatalen >>>= 0; roFlags >>>= 0; roAddr >>>= 0;
  checkRiflags(riFlags);
  const mem = ctx.memory;
  mem.check(roAddr, AddrPort.SIZE);
  const want = receiveRequest(mem, riData, riDataLen, riFlags & PREVIEW1_RIFLAGS, roDatalen, roFlags);
  const e = ctx.socket(fd);
  const dontWait = (riFlags & WasixRiflags.RECV_DONT_WAIT) !== 0;
  let from: IpSocketAddress;
  if (e.kind === 'tcp') {
    waiting(e, dontWait, () => recvPreview1(ctx, fd, riData, riDataLen, riFlags & PREVIEW1_RIFLAGS, roDatalen, roFlags));
    from = peerAddress(e);
  } else {
    const peek = (riFlags & Riflags.RECV_PEEK) !== 0;
    from = waiting(e, dontWait, () => receiveDatagramInto(ctx, e, riData, riDataLen, want, peek, roDatalen, roFlags)).remoteAddress;
  }
  writeAddrPort(mem, roAddr, from);
  return Errno.SUCCESS;
}

/** On UDP, sending needs a connect grant on the destination; on TCP the address is ignored, as for any connected stream. */
export function sock_send_to(
  ctx: Context, fd: number, siData: number, siDataLen: number, siFlags: number, addr: number, soDatalen: number,
): number {
  siData >>>= 0; siDataLen >>>= 0; soDatalen >>>= 0;
  const mem = ctx.memory;
  const to = readAddrPort(mem, addr >>> 0);
  mem.check(soDatalen, 4);
  if (siFlags & ~Siflags.SEND_DONT_WAIT) throw Errno.INVAL;
  const data = mem.gather(siData, siDataLen);
  const e = ctx.socket(fd);
  let n: number;
  if (e.kind === 'tcp') {
    n = waiting(e, siFlags !== 0, () => send(ctx, e, data));
  } else {
    checkFamily(e, to);
    if (!ctx.grants.connect(to)) throw Errno.ACCES;
    n = waiting(e, siFlags !== 0, () => sendDatagram(ctx, e, data, to));
  }
  mem.setU32(soDatalen, n);
  return Errno.SUCCESS;
}

/** The socket is looked at before the pointer, in Wasmer's order. */
export function sock_addr_local(ctx: Context, fd: number, out: number): number {
  writeAddrPort(ctx.memory, out >>> 0, localAddress(ctx.socket(fd)));
  return Errno.SUCCESS;
}

export function sock_addr_peer(ctx: Context, fd: number, out: number): number {
  writeAddrPort(ctx.memory, out >>> 0, peerAddress(ctx.socket(fd)));
  return Errno.SUCCESS;
}

/** Opening until it listens, is connected or (UDP) bound; failed when a connect did. */
function status(e: TcpEntry | UdpEntry): number {
  if (e.kind === 'udp') return e.bound ? SockStatus.OPENED : SockStatus.OPENING;
  settle(e);
  if (e.state === 'connected' || e.state === 'listening') return SockStatus.OPENED;
  return e.connectError !== 0 ? SockStatus.FAILED : SockStatus.OPENING;
}

export function sock_status(ctx: Context, fd: number, out: number): number {
  out >>>= 0;
  ctx.memory.check(out, 1);
  ctx.memory.setU8(out, status(ctx.socket(fd)));
  return Errno.SUCCESS;
}

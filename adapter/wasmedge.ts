/**
 * WasmEdge's socket extension (sock_open, sock_bind, sock_connect, ...) over
 * wasi:sockets tcp, udp and ip-name-lookup. Every address the guest names is
 * checked against the embedder's grants first: anything not granted is
 * EACCES, whatever the host would allow. The functions whose V1 and V2
 * shapes differ tell them apart by whether their last V2 argument arrived.
 */
import { Errno, Riflags } from './abi.js';
import type { Context } from './context.js';
import { awaitConnect, complete, send, settle } from './connection.js';
import { bindUdp, connectUdp, receiveDatagramInto, sendDatagram } from './datagram.js';
import { receiveRequest, sock_recv } from './sock.js';
import {
  addressLength, addressOut, readSocketAddress, unspecified, v1AddressType, writeAddressOut, type Family,
} from './wasmedge-address.js';
import { Address, AddressFamily, AddressLength, SockOpt, SockOptLevel, SockType } from './wasmedge-abi.js';
import { TcpEntry, UdpEntry } from './entries.js';
import type { IpSocketAddress } from './host.js';

export { sock_getaddrinfo } from './wasmedge-lookup.js';

function familyOf(code: number): Family {
  if (code === AddressFamily.INET4) return 'ipv4';
  if (code === AddressFamily.INET6) return 'ipv6';
  throw Errno.INVAL;
}

/** As Linux answers an address of the other family: an IPv6 one to an IPv4 socket is EAFNOSUPPORT, the reverse EINVAL. */
export function checkFamily(e: TcpEntry | UdpEntry, a: IpSocketAddress): void {
  const family = e.socket.addressFamily();
  if (a.tag !== family) throw family === 'ipv4' ? Errno.AFNOSUPPORT : Errno.INVAL;
}

export function sock_open(ctx: Context, family: number, type: number, opened: number): number {
  opened >>>= 0;
  ctx.memory.check(opened, 4);
  const f = familyOf(family);
  let entry: TcpEntry | UdpEntry;
  if (type === SockType.STREAM) {
    const create = ctx.host['wasi:sockets/tcp-create-socket'];
    if (create === undefined) throw Errno.NOTSUP;
    entry = new TcpEntry(create.createTcpSocket(f), undefined, undefined, 'unbound');
  } else if (type === SockType.DGRAM) {
    const create = ctx.host['wasi:sockets/udp-create-socket'];
    if (create === undefined) throw Errno.NOTSUP;
    entry = new UdpEntry(create.createUdpSocket(f));
  } else {
    throw Errno.INVAL;
  }
  ctx.memory.setU32(opened, ctx.table.add(entry));
  return Errno.SUCCESS;
}

function bindTcp(ctx: Context, e: TcpEntry, local: IpSocketAddress): void {
  const socket = e.socket;
  socket.startBind(ctx.network(), local);
  complete(ctx, socket, () => socket.finishBind());
  e.state = 'bound';
}

/** Binding needs a listen grant on the local address: it is how a socket comes to receive. */
export function sock_bind(ctx: Context, fd: number, addr: number, port: number): number {
  bindSocket(ctx, fd, readSocketAddress(ctx.memory, addr >>> 0, port));
  return Errno.SUCCESS;
}

/** sock_bind once the address is read: WASIX's too. */
export function bindSocket(ctx: Context, fd: number, local: IpSocketAddress): void {
  const e = ctx.socket(fd);
  checkFamily(e, local);
  if (e.kind === 'tcp' ? e.state !== 'unbound' : e.bound) throw Errno.INVAL;
  if (!ctx.grants.listen(local)) throw Errno.ACCES;
  if (e.kind === 'tcp') bindTcp(ctx, e, local);
  else bindUdp(ctx, e, local);
}

/**
 * Connects as POSIX does: a blocking socket waits until connected or failed;
 * a non-blocking one answers EINPROGRESS, and poll (FD_WRITE), SO_ERROR and
 * sock_getpeeraddr tell how it ended. A UDP socket just fixes its peer.
 */
export function sock_connect(ctx: Context, fd: number, addr: number, port: number): number {
  return connectSocket(ctx, fd, readSocketAddress(ctx.memory, addr >>> 0, port));
}

/** sock_connect once the address is read: WASIX's too. */
export function connectSocket(ctx: Context, fd: number, remote: IpSocketAddress): number {
  const e = ctx.socket(fd);
  checkFamily(e, remote);
  if (!ctx.grants.connect(remote)) throw Errno.ACCES;
  if (e.kind === 'udp') {
    connectUdp(ctx, e, remote);
    return Errno.SUCCESS;
  }
  if (e.state === 'connected' || e.state === 'listening') throw Errno.ISCONN;
  // A blocking connect that suspended to wait (adapter/wait.ts) goes on waiting when run again.
  const waiting = e.state === 'connecting' && ctx.resuming;
  if (e.state === 'connecting' && !waiting) throw Errno.ALREADY;
  if (!waiting) {
    e.connectError = 0;
    e.socket.startConnect(ctx.network(), remote);
    e.state = 'connecting';
    if (e.nonblocking) throw Errno.INPROGRESS;
  }
  if (awaitConnect(ctx, e, false)) return Errno.SUCCESS;
  const failed = e.connectError;
  e.connectError = 0;
  throw failed;
}

/** Listening on an unbound socket binds it first to any address and a free port, as Linux does. */
export function sock_listen(ctx: Context, fd: number, backlog: number): number {
  const e = ctx.socket(fd);
  if (e.kind === 'udp') throw Errno.NOTSUP;
  if (e.state === 'listening') return Errno.SUCCESS;
  if (e.state === 'connected' || e.state === 'connecting') throw Errno.INVAL;
  if (e.state === 'unbound') {
    const local = unspecified(e.socket.addressFamily());
    if (!ctx.grants.listen(local)) throw Errno.ACCES;
    bindTcp(ctx, e, local);
  }
  const socket = e.socket;
  if (backlog > 0) socket.setListenBacklogSize(BigInt(backlog));
  socket.startListen();
  complete(ctx, socket, () => socket.finishListen());
  e.state = 'listening';
  return Errno.SUCCESS;
}

/** The buffer a received datagram's source goes to: bare (4 or 16 bytes) or V2's storage. */
function sourceBuffer(ctx: Context, addr: number): { buf: number; len: number } {
  const mem = ctx.memory;
  const buf = mem.u32(addr + Address.buf);
  const len = mem.u32(addr + Address.bufLen);
  mem.check(buf, len);
  if (len !== AddressLength.INET4 && len !== AddressLength.INET6 && len !== AddressLength.STORAGE) throw Errno.INVAL;
  return { buf, len };
}

/**
 * V1: (fd, ri_data, ri_data_len, addr, ri_flags, ro_datalen, ro_flags);
 * V2 adds a port pointer before ro_datalen. On TCP it is sock_recv and the
 * address is left as it was, as WasmEdge does.
 */
export function sock_recv_from(
  ctx: Context, fd: number, riData: number, riDataLen: number, addr: number, riFlags: number,
  a: number, b: number, c?: number,
): number {
  const v2 = c !== undefined;
  const portOut = v2 ? a >>> 0 : undefined;
  const roDatalen = (v2 ? b : a) >>> 0;
  const roFlags = (v2 ? c : b) >>> 0;
  riData >>>= 0; riDataLen >>>= 0;
  const mem = ctx.memory;
  const source = sourceBuffer(ctx, addr >>> 0);
  if (portOut !== undefined) mem.check(portOut, 4);
  const want = receiveRequest(mem, riData, riDataLen, riFlags, roDatalen, roFlags);
  const peek = (riFlags & Riflags.RECV_PEEK) !== 0;
  const e = ctx.socket(fd);
  if (e.kind === 'tcp') return sock_recv(ctx, fd, riData, riDataLen, riFlags, roDatalen, roFlags);
  const d = receiveDatagramInto(ctx, e, riData, riDataLen, want, peek, roDatalen, roFlags);
  if (source.len === AddressLength.STORAGE || source.len >= addressLength(d.remoteAddress)) {
    writeAddressOut(mem, source, d.remoteAddress);
  }
  if (portOut !== undefined) mem.setU32(portOut, d.remoteAddress.val.port);
  return Errno.SUCCESS;
}

/** On UDP, sending needs a connect grant on the destination; on TCP the address is ignored, as for any connected stream. */
export function sock_send_to(
  ctx: Context, fd: number, siData: number, siDataLen: number, addr: number, port: number, siFlags: number,
  soDatalen: number,
): number {
  siData >>>= 0; siDataLen >>>= 0; soDatalen >>>= 0;
  const mem = ctx.memory;
  const to = readSocketAddress(mem, addr >>> 0, port);
  mem.check(soDatalen, 4);
  if (siFlags !== 0) throw Errno.INVAL;
  const data = mem.gather(siData, siDataLen);
  const e = ctx.socket(fd);
  let n: number;
  if (e.kind === 'tcp') {
    n = send(ctx, e, data);
  } else {
    checkFamily(e, to);
    if (!ctx.grants.connect(to)) throw Errno.ACCES;
    n = sendDatagram(ctx, e, data, to);
  }
  mem.setU32(soDatalen, n);
  return Errno.SUCCESS;
}

/** The local address; an unbound socket has the unspecified one and port 0, as getsockname says. */
export function localAddress(e: TcpEntry | UdpEntry): IpSocketAddress {
  if (e.kind === 'tcp') settle(e);
  if (e.kind === 'tcp' ? e.state === 'unbound' || e.state === 'connecting' : !e.bound) {
    return unspecified(e.socket.addressFamily());
  }
  return e.socket.localAddress();
}

export function peerAddress(e: TcpEntry | UdpEntry): IpSocketAddress {
  if (e.kind === 'udp') {
    if (e.remote === undefined) throw Errno.NOTCONN;
    return e.remote;
  }
  settle(e);
  if (e.state !== 'connected') throw Errno.NOTCONN;
  return e.socket.remoteAddress();
}

/** V1: (fd, addr, addr_type, port) with a bare address buffer; V2: (fd, addr, port) with the 128-byte storage. */
function reportAddress(
  ctx: Context, fd: number, addr: number, a: number, b: number | undefined,
  which: (e: TcpEntry | UdpEntry) => IpSocketAddress,
): number {
  const v2 = b === undefined;
  const mem = ctx.memory;
  const typeOut = v2 ? undefined : a >>> 0;
  const portOut = (v2 ? a : b) >>> 0;
  const out = addressOut(mem, addr >>> 0, v2);
  if (typeOut !== undefined) mem.check(typeOut, 4);
  mem.check(portOut, 4);
  const address = which(ctx.socket(fd));
  writeAddressOut(mem, out, address);
  if (typeOut !== undefined) mem.setU32(typeOut, v1AddressType(address));
  mem.setU32(portOut, address.val.port);
  return Errno.SUCCESS;
}

export function sock_getlocaladdr(ctx: Context, fd: number, addr: number, a: number, b?: number): number {
  return reportAddress(ctx, fd, addr, a, b, localAddress);
}

export function sock_getpeeraddr(ctx: Context, fd: number, addr: number, a: number, b?: number): number {
  return reportAddress(ctx, fd, addr, a, b, peerAddress);
}

/** Options whose values are structs (linger, timeval): not supported, as in wasi-go. */
function isStructOption(name: number): boolean {
  return name === SockOpt.LINGER || name === SockOpt.RCVTIMEO || name === SockOpt.SNDTIMEO;
}

/** WasmEdge's checks on level and name, before anything else. */
function checkOption(level: number, name: number): void {
  if (level !== SockOptLevel.SOL_SOCKET) throw Errno.INVAL;
  if (!(name >= SockOpt.REUSEADDR && name <= SockOpt.ACCEPTCONN)) throw Errno.INVAL;
}

export function sock_setsockopt(ctx: Context, fd: number, level: number, name: number, flag: number, flagSize: number): number {
  flag >>>= 0; flagSize >>>= 0;
  checkOption(level, name);
  ctx.memory.check(flag, flagSize);
  const e = ctx.socket(fd);
  if (isStructOption(name)) throw Errno.NOTSUP;
  if (flagSize < 4) throw Errno.INVAL;
  setOption(e, name, ctx.memory.view.getInt32(flag, true));
  return Errno.SUCCESS;
}

function setOption(e: TcpEntry | UdpEntry, name: number, value: number): void {
  switch (name) {
    case SockOpt.TYPE: case SockOpt.ERROR: case SockOpt.ACCEPTCONN:
      throw Errno.NOPROTOOPT;
    case SockOpt.KEEPALIVE:
      if (e.kind === 'tcp') e.socket.setKeepAliveEnabled(value !== 0);
      else (e.options ??= new Map()).set(name, value);
      return;
    case SockOpt.RCVBUF:
      if (value > 0) e.socket.setReceiveBufferSize(BigInt(value));
      return;
    case SockOpt.SNDBUF:
      if (value > 0) e.socket.setSendBufferSize(BigInt(value));
      return;
    default:
      (e.options ??= new Map()).set(name, value);
  }
}

export function sock_getsockopt(ctx: Context, fd: number, level: number, name: number, flag: number, flagSize: number): number {
  flag >>>= 0; flagSize >>>= 0;
  checkOption(level, name);
  const mem = ctx.memory;
  const size = mem.u32(flagSize);
  mem.check(flag, size);
  const e = ctx.socket(fd);
  if (isStructOption(name)) throw Errno.NOTSUP;
  if (size < 4) throw Errno.INVAL;
  mem.view.setInt32(flag, getOption(e, name), true);
  mem.setU32(flagSize, 4);
  return Errno.SUCCESS;
}

function getOption(e: TcpEntry | UdpEntry, name: number): number {
  switch (name) {
    case SockOpt.TYPE:
      return e.kind === 'tcp' ? SockType.STREAM : SockType.DGRAM;
    case SockOpt.ERROR:
      return takeError(e);
    case SockOpt.ACCEPTCONN:
      return e.kind === 'tcp' && e.state === 'listening' ? 1 : 0;
    case SockOpt.KEEPALIVE:
      if (e.kind === 'tcp') return e.socket.keepAliveEnabled() ? 1 : 0;
      return e.options?.get(name) ?? 0;
    case SockOpt.RCVBUF:
      return Number(e.socket.receiveBufferSize());
    case SockOpt.SNDBUF:
      return Number(e.socket.sendBufferSize());
    default:
      return e.options?.get(name) ?? 0;
  }
}

/** SO_ERROR: how a non-blocking connect ended (0 while it runs or once it succeeded); reading clears it. */
function takeError(e: TcpEntry | UdpEntry): number {
  if (e.kind === 'udp') return 0;
  settle(e);
  const err = e.connectError;
  e.connectError = 0;
  return err;
}

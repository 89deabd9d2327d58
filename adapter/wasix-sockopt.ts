/**
 * WASIX's socket options (sock_set_opt_* and sock_get_opt_*): what 0.2 has a
 * place for goes to the host; options it has no place for are kept and read
 * back but change nothing, as for WasmEdge's; timeouts are ENOTSUP (0.2 has
 * none), and an option of another kind than the call's is EINVAL, as Wasmer answers.
 */
import { Errno } from './abi.js';
import type { Context } from './context.js';
import { settle } from './connection.js';
import type { TcpEntry, UdpEntry } from './entries.js';
import { SockOpt } from './wasmedge-abi.js';
import { Bool, OptionTag, OptionTimestamp, SockOption, SockProto, SockType } from './wasix-abi.js';

type Socket = TcpEntry | UdpEntry;

const O = SockOption;

/** Where a kept option lives in the entry's map: WasmEdge's number where both name it, so either extension reads the other's. */
const keptAs: Partial<Record<number, number>> = {
  [O.REUSE_ADDR]: SockOpt.REUSEADDR, [O.DONT_ROUTE]: SockOpt.DONTROUTE, [O.BROADCAST]: SockOpt.BROADCAST,
  [O.OOB_INLINE]: SockOpt.OOBINLINE, [O.RECV_LOWAT]: SockOpt.RCVLOWAT,
};
const OWN_KEYS = 100;

function key(opt: number): number {
  return keptAs[opt] ?? OWN_KEYS + opt;
}

const keptFlags = new Set<number>([
  O.REUSE_PORT, O.REUSE_ADDR, O.NO_DELAY, O.DONT_ROUTE, O.ONLY_V6, O.BROADCAST, O.MULTICAST_LOOP_V4,
  O.MULTICAST_LOOP_V6, O.OOB_INLINE,
]);
const keptSizes = new Set<number>([O.MULTICAST_TTL_V4, O.RECV_LOWAT, O.SEND_LOWAT]);
const timeouts = new Set<number>([O.LINGER, O.RECV_TIMEOUT, O.SEND_TIMEOUT, O.CONNECT_TIMEOUT, O.ACCEPT_TIMEOUT]);

function keep(e: Socket, opt: number, value: number): void {
  (e.options ??= new Map()).set(key(opt), value);
}

function kept(e: Socket, opt: number): number {
  return e.options?.get(key(opt)) ?? 0;
}

export function sock_set_opt_flag(ctx: Context, fd: number, opt: number, flag: number): number {
  const e = ctx.socket(fd);
  // Any value but FALSE is true, as Wasmer reads a bool.
  const on = (flag & 0xff) !== Bool.FALSE;
  if (opt === O.KEEP_ALIVE && e.kind === 'tcp') e.socket.setKeepAliveEnabled(on);
  else if (keptFlags.has(opt)) keep(e, opt, on ? Bool.TRUE : Bool.FALSE);
  else throw Errno.INVAL;
  return Errno.SUCCESS;
}

function flagOf(e: Socket, opt: number): boolean {
  if (opt === O.KEEP_ALIVE && e.kind === 'tcp') return e.socket.keepAliveEnabled();
  if (opt === O.LISTENING) return e.kind === 'tcp' && e.state === 'listening';
  if (keptFlags.has(opt)) return kept(e, opt) !== 0;
  throw Errno.INVAL;
}

export function sock_get_opt_flag(ctx: Context, fd: number, opt: number, out: number): number {
  out >>>= 0;
  ctx.memory.check(out, 1);
  ctx.memory.setU8(out, flagOf(ctx.socket(fd), opt) ? Bool.TRUE : Bool.FALSE);
  return Errno.SUCCESS;
}

/** A hop limit is 1 to 255. */
function hopLimit(size: bigint): number {
  if (size < 1n || size > 255n) throw Errno.INVAL;
  return Number(size);
}

export function sock_set_opt_size(ctx: Context, fd: number, opt: number, size: bigint): number {
  const e = ctx.socket(fd);
  size = BigInt.asUintN(64, size);
  switch (opt) {
    case O.RECV_BUF_SIZE: e.socket.setReceiveBufferSize(size); break;
    case O.SEND_BUF_SIZE: e.socket.setSendBufferSize(size); break;
    case O.TTL:
      if (e.kind === 'tcp') e.socket.setHopLimit(hopLimit(size));
      else e.socket.setUnicastHopLimit(hopLimit(size));
      break;
    default:
      if (!keptSizes.has(opt) || size > 0xffffffffn) throw Errno.INVAL;
      keep(e, opt, Number(size));
  }
  return Errno.SUCCESS;
}

/** SO_ERROR: how a non-blocking connect ended, cleared by reading it. */
function lastError(e: Socket): number {
  if (e.kind === 'udp') return 0;
  settle(e);
  const err = e.connectError;
  e.connectError = 0;
  return err;
}

function sizeOf(e: Socket, opt: number): bigint {
  switch (opt) {
    case O.RECV_BUF_SIZE: return e.socket.receiveBufferSize();
    case O.SEND_BUF_SIZE: return e.socket.sendBufferSize();
    case O.TTL: return BigInt(e.kind === 'tcp' ? e.socket.hopLimit() : e.socket.unicastHopLimit());
    case O.TYPE: return BigInt(e.kind === 'tcp' ? SockType.STREAM : SockType.DGRAM);
    case O.PROTO: return BigInt(e.kind === 'tcp' ? SockProto.TCP : SockProto.UDP);
    case O.LAST_ERROR: return BigInt(lastError(e));
    default:
      if (!keptSizes.has(opt)) throw Errno.INVAL;
      return BigInt(kept(e, opt));
  }
}

export function sock_get_opt_size(ctx: Context, fd: number, opt: number, out: number): number {
  out >>>= 0;
  ctx.memory.check(out, 8);
  ctx.memory.setU64(out, sizeOf(ctx.socket(fd), opt));
  return Errno.SUCCESS;
}

/** 0.2 has no timeouts: asking for none is what there is; asking for one is ENOTSUP. */
export function sock_set_opt_time(ctx: Context, fd: number, opt: number, time: number): number {
  time >>>= 0;
  const mem = ctx.memory;
  mem.check(time, OptionTimestamp.SIZE);
  ctx.socket(fd);
  const tag = mem.u8(time + OptionTimestamp.tag);
  if (!timeouts.has(opt) || (tag !== OptionTag.NONE && tag !== OptionTag.SOME)) throw Errno.INVAL;
  if (tag === OptionTag.SOME) throw Errno.NOTSUP;
  return Errno.SUCCESS;
}

export function sock_get_opt_time(ctx: Context, fd: number, opt: number, time: number): number {
  time >>>= 0;
  const mem = ctx.memory;
  mem.check(time, OptionTimestamp.SIZE);
  ctx.socket(fd);
  if (!timeouts.has(opt)) throw Errno.INVAL;
  mem.bytes.fill(0, time, time + OptionTimestamp.SIZE);
  mem.setU8(time + OptionTimestamp.tag, OptionTag.NONE);
  return Errno.SUCCESS;
}

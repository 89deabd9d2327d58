/**
 * WasmEdge's sock_getaddrinfo over wasi:sockets/ip-name-lookup. The guest
 * hands over a linked list of addrinfo records it allocated (each with its
 * sockaddr and sa_data buffer); the results are written into the first ones.
 */
import { Errno } from './abi.js';
import type { Context } from './context.js';
import { blockOn, isWouldBlock } from './connection.js';
import { errnoOf } from './errno.js';
import { familyNumber, writeSaData } from './wasmedge-address.js';
import {
  AddressFamily, Addrinfo, AiErrno, AiFlags, ALL_AI_FLAGS, Protocol, Sockaddr, SockaddrLength, SockType,
} from './wasmedge-abi.js';
import type { GuestMemory } from './memory.js';
import { drop } from './entries.js';
import type { IpAddress, IpSocketAddress } from './host.js';

interface Hints {
  flags: number;
  family: number;
  socktype: number;
  protocol: number;
}

const NO_HINTS: Hints = { flags: 0, family: AddressFamily.UNSPEC, socktype: SockType.ANY, protocol: Protocol.IP };

/** Hints at 0 are C's NULL: no hints (WasmEdge would read address 0). */
function readHints(mem: GuestMemory, at: number): Hints {
  if (at === 0) return NO_HINTS;
  mem.check(at, Addrinfo.SIZE);
  return {
    flags: mem.u16(at + Addrinfo.flags),
    family: mem.u8(at + Addrinfo.family),
    socktype: mem.u8(at + Addrinfo.socktype),
    protocol: mem.u8(at + Addrinfo.protocol),
  };
}

/** WasmEdge's checks on the hints, in its order. */
function checkHints(h: Hints, node: string): void {
  if (h.flags & ~ALL_AI_FLAGS) throw AiErrno.BADFLAG;
  if (h.flags & AiFlags.CANONNAME && node === '') throw AiErrno.BADFLAG;
  if (h.family !== AddressFamily.UNSPEC && h.family !== AddressFamily.INET4 && h.family !== AddressFamily.INET6) {
    throw AiErrno.FAMILY;
  }
  if (h.protocol !== Protocol.IP && h.protocol !== Protocol.TCP && h.protocol !== Protocol.UDP) throw Errno.NOSYS;
  if (h.socktype !== SockType.ANY && h.socktype !== SockType.DGRAM && h.socktype !== SockType.STREAM) throw Errno.NOSYS;
}

/** A string argument; WasmEdge's callers count a trailing NUL in the length, which is not part of the name. */
function cString(mem: GuestMemory, ptr: number, len: number): string {
  const s = mem.string(ptr, len);
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** Only numeric services: 0.2 has no services database. */
function servicePort(service: string): number {
  if (service === '') return 0;
  if (!/^\d{1,5}$/.test(service) || Number(service) > 65535) throw AiErrno.SERVICE;
  return Number(service);
}

/** What a host lookup threw, as getaddrinfo reports it. */
function lookupErrno(err: unknown): number {
  const code = (err as { payload?: unknown } | null)?.payload ?? err;
  switch (code) {
    case 'name-unresolvable': case 'invalid-argument': return AiErrno.NONAME;
    case 'temporary-resolver-failure': return AiErrno.AGAIN;
    case 'permanent-resolver-failure': return AiErrno.FAIL;
    default: return errnoOf(err);
  }
}

/** The addresses a name resolves to, through wasi:sockets/ip-name-lookup; `failed` says what a failure is (WASIX's resolve answers plain errnos). */
export function resolve(ctx: Context, name: string, failed: (err: unknown) => number = lookupErrno): IpAddress[] {
  const lookup = ctx.host['wasi:sockets/ip-name-lookup'];
  if (lookup === undefined) throw Errno.NOTSUP;
  let stream: ReturnType<typeof lookup.resolveAddresses>;
  try {
    stream = lookup.resolveAddresses(ctx.network(), name);
  } catch (err) {
    throw failed(err);
  }
  const found: IpAddress[] = [];
  try {
    for (;;) {
      let next: IpAddress | undefined;
      try {
        next = stream.resolveNextAddress();
      } catch (err) {
        if (!isWouldBlock(err)) throw failed(err);
        blockOn(ctx, stream);
        continue;
      }
      if (next === undefined) return found;
      found.push(next);
    }
  } finally {
    drop(stream);
  }
}

/** No node: the unspecified addresses to bind (AI_PASSIVE) or the loopback ones to connect to. */
function localAddresses(passive: boolean): IpAddress[] {
  return passive
    ? [{ tag: 'ipv4', val: [0, 0, 0, 0] }, { tag: 'ipv6', val: [0, 0, 0, 0, 0, 0, 0, 0] }]
    : [{ tag: 'ipv4', val: [127, 0, 0, 1] }, { tag: 'ipv6', val: [0, 0, 0, 0, 0, 0, 0, 1] }];
}

function withPort(a: IpAddress, port: number): IpSocketAddress {
  return a.tag === 'ipv4'
    ? { tag: 'ipv4', val: { port, address: a.val } }
    : { tag: 'ipv6', val: { port, flowInfo: 0, address: a.val, scopeId: 0 } };
}

/** The socket types each address is reported for: both, unless the hints narrow it. */
function socktypes(h: Hints): readonly number[] {
  if (h.socktype !== SockType.ANY) return [h.socktype];
  if (h.protocol === Protocol.TCP) return [SockType.STREAM];
  if (h.protocol === Protocol.UDP) return [SockType.DGRAM];
  return [SockType.STREAM, SockType.DGRAM];
}

interface Result {
  address: IpSocketAddress;
  socktype: number;
}

function results(addresses: IpAddress[], h: Hints, port: number): Result[] {
  const seen = new Set<string>();
  const out: Result[] = [];
  for (const a of addresses) {
    const family = a.tag === 'ipv4' ? AddressFamily.INET4 : AddressFamily.INET6;
    const key = `${a.tag} ${a.val.join(':')}`;
    if ((h.family !== AddressFamily.UNSPEC && h.family !== family) || seen.has(key)) continue;
    seen.add(key);
    for (const socktype of socktypes(h)) out.push({ address: withPort(a, port), socktype });
  }
  return out;
}

/** Fills the guest's record at `at`: fields, sockaddr, sa_data, and the canonical name where asked and room. */
function writeRecord(mem: GuestMemory, at: number, r: Result, h: Hints, canonical: string | undefined): void {
  mem.check(at, Addrinfo.SIZE);
  const sockaddr = mem.u32(at + Addrinfo.addr);
  mem.check(sockaddr, Sockaddr.SIZE);
  mem.setU16(at + Addrinfo.flags, h.flags);
  mem.setU8(at + Addrinfo.family, familyNumber(r.address));
  mem.setU8(at + Addrinfo.socktype, r.socktype);
  mem.setU8(at + Addrinfo.protocol, r.socktype === SockType.STREAM ? Protocol.TCP : Protocol.UDP);
  mem.setU32(at + Addrinfo.addrlen, r.address.tag === 'ipv4' ? SockaddrLength.INET4 : SockaddrLength.INET6);
  mem.setU8(sockaddr + Sockaddr.family, familyNumber(r.address));
  mem.setU32(sockaddr + Sockaddr.dataLen, writeSaData(mem, mem.u32(sockaddr + Sockaddr.data), r.address));
  const room = mem.u32(at + Addrinfo.canonnameLen);
  if (canonical !== undefined && room > canonical.length) {
    const n = mem.writeString(mem.u32(at + Addrinfo.canonname), `${canonical}\0`, room);
    mem.setU32(at + Addrinfo.canonnameLen, n - 1);
  } else {
    mem.setU32(at + Addrinfo.canonnameLen, 0);
  }
}

/**
 * Resolves `node` (a name needs the lookup grant; no node means the local
 * addresses) and writes at most `maxResLen` results into the guest's list.
 */
export function sock_getaddrinfo(
  ctx: Context, node: number, nodeLen: number, service: number, serviceLen: number, hints: number,
  res: number, maxResLen: number, resLen: number,
): number {
  const mem = ctx.memory;
  const name = cString(mem, node >>> 0, nodeLen >>> 0);
  const serv = cString(mem, service >>> 0, serviceLen >>> 0);
  const h = readHints(mem, hints >>> 0);
  res >>>= 0; resLen >>>= 0; maxResLen >>>= 0;
  mem.check(res, 4);
  mem.check(resLen, 4);
  if (name === '' && serv === '') throw AiErrno.NONAME;
  if (maxResLen < 1) throw AiErrno.MEMORY;
  checkHints(h, name);
  const port = servicePort(serv);
  if (name !== '' && !ctx.grants.lookup) throw Errno.ACCES;
  const found = results(name === '' ? localAddresses((h.flags & AiFlags.PASSIVE) !== 0) : resolve(ctx, name), h, port);
  if (found.length === 0) throw AiErrno.NODATA;
  const n = Math.min(found.length, maxResLen);
  let at = mem.u32(res);
  for (let i = 0; i < n; i++) {
    writeRecord(mem, at, found[i]!, h, i === 0 && h.flags & AiFlags.CANONNAME ? name : undefined);
    at = mem.u32(at + Addrinfo.next);
  }
  mem.setU32(resLen, n);
  return Errno.SUCCESS;
}

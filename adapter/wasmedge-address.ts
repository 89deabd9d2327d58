import { Errno } from './abi.js';
import type { GuestMemory } from './memory.js';
import {
  Address, AddressFamily, AddressLength, AddrStorage, SaData, V1AddressType,
} from './wasmedge-abi.js';
import type { IpSocketAddress } from './host.js';

export type Family = 'ipv4' | 'ipv6';

/** The guest's `__wasi_address_t` at `ptr`: where its bytes are and how many; EFAULT when out of memory. */
function addressBuffer(mem: GuestMemory, ptr: number): { buf: number; len: number } {
  const buf = mem.u32(ptr + Address.buf);
  const len = mem.u32(ptr + Address.bufLen);
  mem.check(buf, len);
  return { buf, len };
}

function fromBytes(bytes: Uint8Array, at: number, family: Family, port: number): IpSocketAddress {
  if (family === 'ipv4') {
    return { tag: 'ipv4', val: { port, address: [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!] } };
  }
  const g = (i: number): number => (bytes[at + 2 * i]! << 8) | bytes[at + 2 * i + 1]!;
  return {
    tag: 'ipv6',
    val: { port, flowInfo: 0, address: [g(0), g(1), g(2), g(3), g(4), g(5), g(6), g(7)], scopeId: 0 },
  };
}

/**
 * Decodes an address argument of sock_bind/sock_connect/sock_send_to: a bare
 * 4- or 16-byte address (V1) or V2's 128-byte storage; any other length is
 * EINVAL, a storage family other than INET4/INET6 EAFNOSUPPORT.
 */
export function readSocketAddress(mem: GuestMemory, ptr: number, port: number): IpSocketAddress {
  const { buf, len } = addressBuffer(mem, ptr);
  const bytes = mem.bytes;
  if (len === AddressLength.INET4) return fromBytes(bytes, buf, 'ipv4', port & 0xffff);
  if (len === AddressLength.INET6) return fromBytes(bytes, buf, 'ipv6', port & 0xffff);
  if (len !== AddressLength.STORAGE) throw Errno.INVAL;
  const family = mem.u16(buf + AddrStorage.family);
  if (family === AddressFamily.INET4) return fromBytes(bytes, buf + AddrStorage.address, 'ipv4', port & 0xffff);
  if (family === AddressFamily.INET6) return fromBytes(bytes, buf + AddrStorage.address, 'ipv6', port & 0xffff);
  throw Errno.AFNOSUPPORT;
}

/** The address's bytes in network order, written at `at`. */
export function writeAddressBytes(mem: GuestMemory, at: number, a: IpSocketAddress): void {
  if (a.tag === 'ipv4') {
    mem.write(at, Uint8Array.from(a.val.address));
    return;
  }
  for (let i = 0; i < 8; i++) {
    mem.setU8(at + 2 * i, a.val.address[i]! >> 8);
    mem.setU8(at + 2 * i + 1, a.val.address[i]! & 0xff);
  }
}

export function familyNumber(a: IpSocketAddress): number {
  return a.tag === 'ipv4' ? AddressFamily.INET4 : AddressFamily.INET6;
}

export function addressLength(a: IpSocketAddress): number {
  return a.tag === 'ipv4' ? AddressLength.INET4 : AddressLength.INET6;
}

/**
 * Where an address result goes. V1 wants a bare 4- or 16-byte buffer (EINVAL
 * otherwise, ENOMEM when an IPv6 address does not fit); V2 the 128-byte
 * storage. Checked before the call does anything.
 */
export interface AddressOut {
  buf: number;
  len: number;
}

export function addressOut(mem: GuestMemory, ptr: number, v2: boolean): AddressOut {
  const out = addressBuffer(mem, ptr);
  const ok = v2 ? out.len === AddressLength.STORAGE : out.len === AddressLength.INET4 || out.len === AddressLength.INET6;
  if (!ok) throw Errno.INVAL;
  return out;
}

/** Writes an address result: storage gets the family first; a bare buffer must be big enough. */
export function writeAddressOut(mem: GuestMemory, out: AddressOut, a: IpSocketAddress): void {
  if (out.len === AddressLength.STORAGE) {
    mem.setU16(out.buf + AddrStorage.family, familyNumber(a));
    writeAddressBytes(mem, out.buf + AddrStorage.address, a);
    return;
  }
  if (out.len < addressLength(a)) throw Errno.NOMEM;
  writeAddressBytes(mem, out.buf, a);
}

export function v1AddressType(a: IpSocketAddress): number {
  return a.tag === 'ipv4' ? V1AddressType.INET4 : V1AddressType.INET6;
}

/** The unspecified address of a family with port 0: what an unbound socket reports as its own. */
export function unspecified(family: Family): IpSocketAddress {
  return family === 'ipv4'
    ? { tag: 'ipv4', val: { port: 0, address: [0, 0, 0, 0] } }
    : { tag: 'ipv6', val: { port: 0, flowInfo: 0, address: [0, 0, 0, 0, 0, 0, 0, 0], scopeId: 0 } };
}

/** getaddrinfo's sa_data: the system sockaddr's bytes from the port on, port big-endian. */
export function writeSaData(mem: GuestMemory, at: number, a: IpSocketAddress): number {
  const size = a.tag === 'ipv4' ? SaData.V4_SIZE : SaData.V6_SIZE;
  mem.check(at, size);
  mem.bytes.fill(0, at, at + size);
  mem.setU8(at + SaData.port, a.val.port >> 8);
  mem.setU8(at + SaData.port + 1, a.val.port & 0xff);
  writeAddressBytes(mem, at + (a.tag === 'ipv4' ? SaData.v4Address : SaData.v6Address), a);
  return size;
}

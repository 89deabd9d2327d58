/** WASIX's socket addresses in guest memory (`__wasi_addr_port_t`, `__wasi_addr_t`), as Wasmer reads and writes them. */
import { Errno } from './abi.js';
import type { GuestMemory } from './memory.js';
import { Addr, AddressFamily, AddrPort } from './wasix-abi.js';
import type { IpAddress, IpSocketAddress } from './host.js';

function ipv6Groups(bytes: Uint8Array, at: number): [number, number, number, number, number, number, number, number] {
  const g = (i: number): number => (bytes[at + 2 * i]! << 8) | bytes[at + 2 * i + 1]!;
  return [g(0), g(1), g(2), g(3), g(4), g(5), g(6), g(7)];
}

/** An address and port the guest gives: the port in its own byte order, the address in network order; another family is EINVAL. */
export function readAddrPort(mem: GuestMemory, ptr: number): IpSocketAddress {
  mem.check(ptr, AddrPort.SIZE);
  const b = mem.bytes;
  const port = mem.view.getUint16(ptr + AddrPort.port, true);
  const at = ptr + AddrPort.address;
  switch (b[ptr + AddrPort.tag]) {
    case AddressFamily.INET4:
      return { tag: 'ipv4', val: { port, address: [b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!] } };
    case AddressFamily.INET6:
      return { tag: 'ipv6', val: { port, flowInfo: 0, address: ipv6Groups(b, at), scopeId: 0 } };
    default:
      throw Errno.INVAL;
  }
}

/** Writes an IP address's bytes in network order at `at`. */
function writeIp(mem: GuestMemory, at: number, a: IpAddress): void {
  const b = mem.bytes;
  if (a.tag === 'ipv4') {
    for (let i = 0; i < 4; i++) b[at + i] = a.val[i]!;
    return;
  }
  for (let i = 0; i < 8; i++) {
    b[at + 2 * i] = a.val[i]! >> 8;
    b[at + 2 * i + 1] = a.val[i]! & 0xff;
  }
}

function ipOf(a: IpSocketAddress): IpAddress {
  return a.tag === 'ipv4' ? { tag: 'ipv4', val: a.val.address } : { tag: 'ipv6', val: a.val.address };
}

/** An address result: family, then the port in network order (as Wasmer writes it), then the address. */
export function writeAddrPort(mem: GuestMemory, ptr: number, a: IpSocketAddress): void {
  mem.check(ptr, AddrPort.SIZE);
  mem.bytes.fill(0, ptr, ptr + AddrPort.SIZE);
  mem.setU8(ptr + AddrPort.tag, a.tag === 'ipv4' ? AddressFamily.INET4 : AddressFamily.INET6);
  mem.view.setUint16(ptr + AddrPort.port, a.val.port, false);
  writeIp(mem, ptr + AddrPort.address, ipOf(a));
}

/** One of resolve's results. */
export function writeAddr(mem: GuestMemory, ptr: number, a: IpAddress): void {
  mem.check(ptr, Addr.SIZE);
  mem.bytes.fill(0, ptr, ptr + Addr.SIZE);
  mem.setU8(ptr + Addr.tag, a.tag === 'ipv4' ? AddressFamily.INET4 : AddressFamily.INET6);
  writeIp(mem, ptr + Addr.address, a);
}

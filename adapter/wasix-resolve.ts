/** WASIX's resolve: a name's addresses through wasi:sockets/ip-name-lookup, behind the lookup grant. */
import { Errno } from './abi.js';
import type { Context } from './context.js';
import { errnoOf } from './errno.js';
import { resolve as lookUp } from './wasmedge-lookup.js';
import { writeAddr } from './wasix-address.js';
import { Addr } from './wasix-abi.js';

/** Writes as many addresses as `naddrs` holds and how many it wrote; the port hint changes nothing (addresses have none). */
export function resolve(
  ctx: Context, host: number, hostLen: number, _port: number, addrs: number, naddrs: number, out: number,
): number {
  addrs >>>= 0; naddrs >>>= 0; out >>>= 0;
  const mem = ctx.memory;
  const name = mem.string(host >>> 0, hostLen >>> 0);
  mem.check(addrs, naddrs * Addr.SIZE);
  mem.check(out, 4);
  if (!ctx.grants.lookup) throw Errno.ACCES;
  const found = lookUp(ctx, name, errnoOf);
  const n = Math.min(found.length, naddrs);
  for (let i = 0; i < n; i++) writeAddr(mem, addrs + i * Addr.SIZE, found[i]!);
  mem.setU32(out, n);
  return Errno.SUCCESS;
}

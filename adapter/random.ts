import { Errno } from './abi.js';
import type { Context } from './context.js';

/** Hosts may cap one request (Web Crypto stops at 64 KiB), so ask in pieces. */
const CHUNK = 65536;

export function random_get(ctx: Context, buf: number, len: number): number {
  buf >>>= 0; len >>>= 0;
  const mem = ctx.memory;
  mem.check(buf, len);
  const random = ctx.host['wasi:random/random'];
  for (let off = 0; off < len; off += CHUNK) {
    const n = Math.min(CHUNK, len - off);
    mem.bytes.set(random.getRandomBytes(BigInt(n)).subarray(0, n), buf + off);
  }
  return Errno.SUCCESS;
}

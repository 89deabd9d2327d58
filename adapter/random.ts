import { Errno } from './abi.js';
import type { Context } from './context.js';

/** Hosts may cap one request (Web Crypto stops at 64 KiB), so ask in pieces. */
const CHUNK = 65536;

/**
 * An extension to wasi:random that the project's hosts offer: `length`
 * random bytes written into the caller's buffer from `start`. With it the
 * bytes land in guest memory with no list made and copied; other hosts get
 * get-random-bytes.
 */
interface RandomInto {
  getRandomBytesInto?(buffer: Uint8Array, start: number, length: number): void;
}

export function random_get(ctx: Context, buf: number, len: number): number {
  buf >>>= 0; len >>>= 0;
  const mem = ctx.memory;
  mem.check(buf, len);
  const random = ctx.host['wasi:random/random'] as Context['host']['wasi:random/random'] & RandomInto;
  if (random.getRandomBytesInto !== undefined) {
    random.getRandomBytesInto(mem.bytes, buf, len);
    return Errno.SUCCESS;
  }
  for (let off = 0; off < len; off += CHUNK) {
    const n = Math.min(CHUNK, len - off);
    mem.bytes.set(random.getRandomBytes(BigInt(n)).subarray(0, n), buf + off);
  }
  return Errno.SUCCESS;
}

/**
 * 0.2's blocking-skip for input streams that have nothing cheaper than a
 * read: the length of what a blocking read gave, now or once it arrives.
 */
export function skippedBy(read: Uint8Array | Promise<Uint8Array>): bigint | Promise<bigint> {
  return read instanceof Uint8Array ? BigInt(read.length) : read.then((d) => BigInt(d.length));
}

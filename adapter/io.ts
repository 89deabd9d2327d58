import { Errno } from './abi.js';
import type { Context } from './context.js';
import type { InputStream, OutputStream } from './host.js';
import { blockingRead, blockingWriteAndFlush, writeProgress } from './wait.js';

const EMPTY = new Uint8Array(0);

/** The most blocking-write-and-flush may take at once, per wasi:io/streams. */
const WRITE_CHUNK = 4096;

function isClosed(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { tag?: unknown }).tag === 'closed';
}

/**
 * Reads up to `len` bytes. A closed stream reads as end of file (0 bytes);
 * a non-blocking read with nothing ready is EAGAIN.
 */
export function readStream(ctx: Context, input: InputStream, len: number, nonblocking: boolean): Uint8Array {
  if (len === 0) return EMPTY;
  let data: Uint8Array;
  try {
    data = nonblocking ? input.read(BigInt(len)) : blockingRead(ctx, input, BigInt(len));
  } catch (err) {
    if (isClosed(err)) return EMPTY;
    throw err;
  }
  if (data.length === 0 && nonblocking) throw Errno.AGAIN;
  return data;
}

/**
 * Writes all of `data` (blocking), or as much as the stream accepts now
 * (non-blocking: EAGAIN when that is nothing). A closed stream is EPIPE.
 */
export function writeStream(ctx: Context, output: OutputStream, data: Uint8Array, nonblocking: boolean): number {
  try {
    return nonblocking ? writeSome(output, data) : writeAll(ctx, output, data);
  } catch (err) {
    if (isClosed(err)) throw Errno.PIPE;
    throw err;
  }
}

function writeAll(ctx: Context, output: OutputStream, data: Uint8Array): number {
  for (let off = writeProgress(ctx); off < data.length; off += WRITE_CHUNK) {
    const end = Math.min(off + WRITE_CHUNK, data.length);
    blockingWriteAndFlush(ctx, output, data.subarray(off, end), end);
  }
  return data.length;
}

function writeSome(output: OutputStream, data: Uint8Array): number {
  const permitted = Number(output.checkWrite());
  if (permitted === 0 && data.length > 0) throw Errno.AGAIN;
  const n = Math.min(permitted, data.length);
  output.write(n === data.length ? data : data.subarray(0, n));
  output.flush();
  return n;
}

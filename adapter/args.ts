import { Errno } from './abi.js';
import type { Context } from './context.js';

const utf8 = new TextEncoder();

/** Writes NUL-terminated strings and the table of pointers to them. */
function writeStrings(ctx: Context, strings: readonly string[], pointers: number, buf: number): number {
  const mem = ctx.memory;
  const encoded = strings.map((s) => utf8.encode(s));
  mem.check(pointers, encoded.length * 4);
  mem.check(buf, encoded.reduce((n, b) => n + b.length + 1, 0));
  let at = buf;
  encoded.forEach((bytes, i) => {
    mem.view.setUint32(pointers + i * 4, at, true);
    mem.bytes.set(bytes, at);
    mem.bytes[at + bytes.length] = 0;
    at += bytes.length + 1;
  });
  return Errno.SUCCESS;
}

function writeSizes(ctx: Context, strings: readonly string[], countPtr: number, sizePtr: number): number {
  const mem = ctx.memory;
  mem.check(countPtr, 4);
  mem.check(sizePtr, 4);
  mem.setU32(countPtr, strings.length);
  mem.setU32(sizePtr, strings.reduce((n, s) => n + utf8.encode(s).length + 1, 0));
  return Errno.SUCCESS;
}

export function args_get(ctx: Context, argv: number, argvBuf: number): number {
  return writeStrings(ctx, ctx.args, argv >>> 0, argvBuf >>> 0);
}

export function args_sizes_get(ctx: Context, argc: number, argvBufSize: number): number {
  return writeSizes(ctx, ctx.args, argc >>> 0, argvBufSize >>> 0);
}

export function environ_get(ctx: Context, environ: number, environBuf: number): number {
  return writeStrings(ctx, ctx.env, environ >>> 0, environBuf >>> 0);
}

export function environ_sizes_get(ctx: Context, count: number, bufSize: number): number {
  return writeSizes(ctx, ctx.env, count >>> 0, bufSize >>> 0);
}

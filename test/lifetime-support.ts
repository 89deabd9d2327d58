/** What the resource-lifetime tests and their child process share (not a test itself: tap runs *.test.js only). */
import { readdirSync } from 'node:fs';

/** How many fds this process has open now (Linux). */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

const str = (s: string) => [s.length, ...Buffer.from(s)];
const section = (id: number, body: number[]) => [id, body.length, ...body];

/**
 * A module whose one function (exported as `entry`, `_start` or
 * `_initialize`) opens the first preopen's "." with path_open and keeps the
 * fd; its memory is shared (a threaded module's) when asked.
 */
export function openingModule(entry: '_start' | '_initialize', shared: boolean): WebAssembly.Module {
  const i32 = 0x7f;
  const i64 = 0x7e;
  const types = section(1, [2, 0x60, 9, i32, i32, i32, i32, i32, i64, i64, i32, i32, 1, i32, 0x60, 0, 0]);
  const imports = section(2, [1, ...str('wasi_snapshot_preview1'), ...str('path_open'), 0, 0]);
  const funcs = section(3, [1, 1]);
  const memory = section(5, shared ? [1, 0x03, 1, 1] : [1, 0x00, 1]);
  const exports = section(7, [2, ...str('memory'), 2, 0, ...str(entry), 0, 1]);
  const body = [
    0, // no locals
    0x41, 16, 0x41, 46, 0x3a, 0, 0, // memory[16] = '.'
    // path_open(fd 3, dirflags 0, path 16, len 1, OFLAGS_DIRECTORY, rights 0, 0, fdflags 0, result at 32)
    0x41, 3, 0x41, 0, 0x41, 16, 0x41, 1, 0x41, 2, 0x42, 0, 0x42, 0, 0x41, 0, 0x41, 32,
    0x10, 0, 0x1a, 0x0b,
  ];
  const code = section(10, [1, body.length, ...body]);
  const bytes = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports, ...funcs, ...memory, ...exports, ...code];
  return new WebAssembly.Module(new Uint8Array(bytes));
}

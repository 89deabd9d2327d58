import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { distDir } from '../../dist-dir.js';

/**
 * The host's optional native part (native/wasi_host.c), built at install time
 * on Linux. Each function answers a negative errno instead of throwing.
 */
export interface Native {
  /** Every entry of an open directory but . and ..: records of inode (u64), type (DT_*), name length (u16), name. */
  listDirectory(fd: number): Buffer | number;
  pread(fd: number, bytes: Uint8Array, start: number, length: number, position: number): number;
  pwrite(fd: number, bytes: Uint8Array, start: number, length: number, position: number): number;
  /**
   * futimens(fd) when path is null, else utimensat(fd, path) without
   * following a final symlink: times in nanoseconds, or TIME_NOW / TIME_OMIT.
   * Node's utimes family takes seconds as a double and keeps microseconds.
   */
  setTimes(fd: number, path: string | null, atime: bigint, mtime: bigint): number;
  /**
   * fstat(fd) when path is null, else fstatat(fd, path) without following a
   * final symlink, into `out` in StatField order, times in nanoseconds.
   */
  stat(fd: number, path: string | null, out: BigInt64Array): number;
  /** sched_yield(2): 0 or a negative errno. */
  schedYield(): number;
}

/** Where stat puts each field in its `out`. */
export const StatField = { dev: 0, ino: 1, mode: 2, nlink: 3, size: 4, atimeNs: 5, mtimeNs: 6, ctimeNs: 7, count: 8 } as const;

/** setTimes's "the time now" and "leave it as it is" (UTIME_NOW and UTIME_OMIT in C). */
export const TIME_NOW = -1n;
export const TIME_OMIT = -2n;

/** listDirectory's record layout, as native/wasi_host.c writes it (RECORD_HEAD is `name`). */
export const Record = { ino: 0, type: 8, namlen: 9, name: 11 } as const;

/** dirent.h's d_type values, as listDirectory gives them. */
export const DT = { FIFO: 1, CHR: 2, DIR: 4, BLK: 6, REG: 8, LNK: 10, SOCK: 12 } as const;

const ADDON = new URL('../build/Release/wasi_host.node', distDir);

function load(): Native | undefined {
  if (process.platform !== 'linux' || process.env.WASI_PREVIEW1_NATIVE === '0' || !existsSync(ADDON)) return undefined;
  try {
    return createRequire(import.meta.url)(fileURLToPath(ADDON)) as Native;
  } catch (e) {
    // Built for another machine, say (node_modules copied across): the host still works without it.
    process.emitWarning(`the node host's native part did not load, running without it: ${(e as Error).message}`, { code: 'WASI_PREVIEW1_NATIVE' });
    return undefined;
  }
}

/** The native part, or undefined where it was not built or WASI_PREVIEW1_NATIVE=0 turns it off. */
export const native: Native | undefined = load();

const errnoNames = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));

/** A native errno (negated) as the error Node's fs would throw, so the usual error mapping applies. */
export function nativeError(negated: number, syscall: string): NodeJS.ErrnoException {
  const code = errnoNames.get(-negated) ?? 'EIO';
  return Object.assign(new Error(`${code}: ${syscall}`), { errno: negated, code, syscall });
}

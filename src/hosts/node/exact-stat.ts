import { type BigIntStats, fstatSync, lstatSync } from 'node:fs';
import { runtime } from '../../runtime.js';
import { native, nativeError, StatField } from './native.js';

/** What the host reads from a stat: Node's BigIntStats has these, and so does the native part's answer. */
export type ExactStat = Pick<BigIntStats, 'dev' | 'ino' | 'mode' | 'nlink' | 'size' | 'atimeNs' | 'mtimeNs' | 'ctimeNs'>;

const AT_FDCWD = -100;
const BIGINT = { bigint: true, throwIfNoEntry: false } as const;
const BIGINT_STAT = { bigint: true } as const;

/**
 * Deno's node:fs rounds every stat time to the millisecond, so a timestamp
 * the guest set to the nanosecond would read back changed. There the native
 * part stats, where it is built; elsewhere Node's own stat is exact.
 */
const statNative = runtime === 'deno' && typeof native?.stat === 'function' ? native : undefined;
const answer = new BigInt64Array(StatField.count);

function fromNative(fd: number, path: string | null, syscall: string): ExactStat {
  const r = statNative!.stat(fd, path, answer);
  if (r < 0) throw nativeError(r, syscall);
  const [dev, ino, mode, nlink, size, atimeNs, mtimeNs, ctimeNs] = answer;
  return { dev, ino, mode, nlink, size, atimeNs, mtimeNs, ctimeNs };
}

/** fstat of an open fd, throwing as Node's fs does. */
export function fstatExact(fd: number): ExactStat {
  return statNative === undefined ? fstatSync(fd, BIGINT_STAT) : fromNative(fd, null, 'fstat');
}

/** lstat of a path, or undefined where nothing is there, throwing as Node's fs does otherwise. */
export function lstatExact(path: string): ExactStat | undefined {
  if (statNative === undefined) return lstatSync(path, BIGINT);
  try {
    return fromNative(AT_FDCWD, path, 'lstat');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

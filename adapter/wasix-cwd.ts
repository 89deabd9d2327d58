/**
 * WASIX's current directory (getcwd, chdir). The guest's namespace is its
 * preopens, each at its guest path made absolute (`.` is `/`, as wasi-libc
 * and Wasmer see it). Relative paths a module gives through the preopen named
 * `.` resolve against the current directory, as Wasmer resolves them; paths
 * given through any other directory fd are theirs, as before. Paths are
 * resolved by their spelling first: `..` stops at `/`, so it never leaves the
 * preopens, and the host's sandbox keeps symlinks inside each one.
 */
import { Errno } from './abi.js';
import type { Context } from './context.js';
import { withDirectory } from './stat.js';
import type { DirectoryEntry } from './entries.js';

/** Where a path call works: its directory and the path within it. */
export interface Place {
  dir: DirectoryEntry;
  path: string;
}

const ROOT = '/';
const FOLLOW = { symlinkFollow: true };
const utf8 = new TextEncoder();
const cwds = new WeakMap<Context, string>();

/** An absolute path with `.`, `..` and repeated slashes resolved by spelling; `..` at the root stays there. */
export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function isRelativePreopen(dir: DirectoryEntry): boolean {
  return dir.preopen !== undefined && dir.preopen.charCodeAt(0) !== 47 && normalize(dir.preopen) === ROOT;
}

/** The preopen holding an absolute path (the longest mount that is a prefix of it) and the rest of the path, or undefined. */
function mounted(ctx: Context, abs: string): Place | undefined {
  let best: Place | undefined;
  let bestLength = -1;
  for (const fd of ctx.table.fds()) {
    const e = ctx.table.get(fd)!;
    if (e.kind !== 'directory' || e.preopen === undefined) continue;
    const mount = normalize(e.preopen);
    const inside = mount === ROOT || abs === mount || abs.startsWith(`${mount}/`);
    if (!inside || mount.length <= bestLength) continue;
    bestLength = mount.length;
    best = { dir: e, path: abs.slice(mount === ROOT ? 1 : mount.length + 1) };
  }
  return best;
}

/**
 * Moves a path given through the `.` preopen to where the current
 * directory puts it, requiring `right` there. Nothing moves until the module
 * has called chdir.
 */
export function relocate(ctx: Context, place: Place, right: bigint): void {
  const cwd = cwds.get(ctx);
  if (cwd === undefined || !isRelativePreopen(place.dir) || place.path.charCodeAt(0) === 47) return;
  const found = mounted(ctx, normalize(`${cwd}/${place.path}`));
  if (found === undefined) throw Errno.NOTCAPABLE;
  found.dir.require(right);
  place.dir = found.dir;
  place.path = found.path === '' ? '.' : found.path;
}

export function currentDirectory(ctx: Context): string {
  return cwds.get(ctx) ?? ROOT;
}

/** Wasmer's getcwd: the length needed goes to *pathLen; ERANGE when the buffer is short, EINVAL when there is none. */
export function getcwd(ctx: Context, path: number, pathLen: number): number {
  path >>>= 0; pathLen >>>= 0;
  const mem = ctx.memory;
  const max = mem.u32(pathLen);
  const cwd = utf8.encode(currentDirectory(ctx));
  mem.setU32(pathLen, cwd.length);
  if (cwd.length > max) throw Errno.RANGE;
  if (path === 0 || max === 0) throw Errno.INVAL;
  mem.check(path, max);
  mem.bytes.fill(0, path + cwd.length, path + max);
  mem.write(path, cwd);
  return Errno.SUCCESS;
}

/** Moves the current directory to a directory inside the preopens; ENOENT where there is none, ENOTDIR for a file. */
export function chdir(ctx: Context, path: number, pathLen: number): number {
  const given = ctx.memory.string(path >>> 0, pathLen >>> 0);
  if (given === '' || given.indexOf('\0') >= 0) throw given === '' ? Errno.NOENT : Errno.INVAL;
  const abs = normalize(given.charCodeAt(0) === 47 ? given : `${currentDirectory(ctx)}/${given}`);
  const found = mounted(ctx, abs);
  if (found === undefined) throw Errno.NOENT;
  const where = found.path === '' ? '.' : found.path;
  const type = withDirectory(found.dir, (d) => d.statAt(FOLLOW, where)).type;
  if (type !== 'directory') throw Errno.NOTDIR;
  cwds.set(ctx, abs);
  return Errno.SUCCESS;
}

import { Errno, Fdflags, Filestat, Lookupflags, Oflags, Rights } from './abi.js';
import type { Context } from './context.js';
import { newTimestamps, toDatetime, toNanoseconds, writeFilestatAt } from './stat.js';
import {
  DIRECTORY_RIGHTS, DirectoryEntry, drop, FILE_RIGHTS, FileEntry, filetypeOf,
} from './table.js';
import type { DescriptorFlags, NewTimestamp, PathFlags, OpenFlags } from './host.js';

const SLASH = 47;
const DOT = 46;

/**
 * Refuses, before the host sees it, a path that leaves its directory by its
 * spelling alone: absolute, or with more `..` than names. Symlinks are the
 * host's to resolve; this is defence in depth, not the sandbox itself.
 */
function checkLexically(path: string): void {
  if (path.charCodeAt(0) === SLASH) throw Errno.PERM;
  if (path.indexOf('\0') >= 0) throw Errno.INVAL;
  if (path.indexOf('..') < 0) return;
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== SLASH) continue;
    const len = i - start;
    if (len === 2 && path.charCodeAt(start) === DOT && path.charCodeAt(start + 1) === DOT) {
      if (--depth < 0) throw Errno.PERM;
    } else if (len > 0 && !(len === 1 && path.charCodeAt(start) === DOT)) {
      depth++;
    }
    start = i + 1;
  }
}

function pathArg(ctx: Context, ptr: number, len: number): string {
  const path = ctx.memory.string(ptr >>> 0, len >>> 0);
  checkLexically(path);
  return path;
}

/**
 * Whether a path names its directory itself rather than an entry in it:
 * empty, or ending in `.` or `..` (trailing slashes aside). Through a
 * preopen, that is the sandbox's own root, which no guest may move, remove
 * or replace, whatever the host would allow (preview2-shim normalizes "d/.."
 * to the root and renames it). cap-std gives wasmtime the same answers, since
 * it turns a final `..` into `.` and the kernel refuses `.` for each call.
 */
function namesItself(path: string): boolean {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === SLASH) end--;
  if (end === 0) return true;
  const start = path.lastIndexOf('/', end - 1) + 1;
  const len = end - start;
  return path.charCodeAt(start) === DOT && (len === 1 || (len === 2 && path.charCodeAt(start + 1) === DOT));
}

/** A path that must name an entry of its directory, or `refusal` (ENOENT when it is empty). */
function entryPathArg(ctx: Context, ptr: number, len: number, refusal: Errno): string {
  const path = pathArg(ctx, ptr, len);
  if (namesItself(path)) throw path === '' ? Errno.NOENT : refusal;
  return path;
}

const follow: PathFlags = { symlinkFollow: true };
const nofollow: PathFlags = { symlinkFollow: false };

function pathFlags(lookupflags: number): PathFlags {
  if (lookupflags & ~Lookupflags.SYMLINK_FOLLOW) throw Errno.INVAL;
  return lookupflags & Lookupflags.SYMLINK_FOLLOW ? follow : nofollow;
}

export function path_create_directory(ctx: Context, fd: number, path: number, pathLen: number): number {
  const dir = ctx.directory(fd, Rights.PATH_CREATE_DIRECTORY);
  dir.descriptor.createDirectoryAt(pathArg(ctx, path, pathLen));
  return Errno.SUCCESS;
}

export function path_filestat_get(ctx: Context, fd: number, flags: number, path: number, pathLen: number, buf: number): number {
  buf >>>= 0;
  ctx.memory.check(buf, Filestat.SIZE);
  const dir = ctx.directory(fd, Rights.PATH_FILESTAT_GET);
  const p = pathArg(ctx, path, pathLen);
  writeFilestatAt(ctx.memory, buf, dir.descriptor, pathFlags(flags), p);
  return Errno.SUCCESS;
}

export function path_filestat_set_times(
  ctx: Context, fd: number, flags: number, path: number, pathLen: number, atim: bigint, mtim: bigint, fstFlags: number,
): number {
  const dir = ctx.directory(fd, Rights.PATH_FILESTAT_SET_TIMES);
  const p = pathArg(ctx, path, pathLen);
  const pf = pathFlags(flags);
  let [a, m] = newTimestamps(ctx, atim, mtim, fstFlags);
  // Resolved here, from the target itself: preview2-shim fills "no change"
  // from the directory's times instead of the file's.
  if (a.tag === 'no-change' || m.tag === 'no-change') {
    const stat = dir.descriptor.statAt(pf, p);
    a = unchanged(a, stat.dataAccessTimestamp);
    m = unchanged(m, stat.dataModificationTimestamp);
  }
  dir.descriptor.setTimesAt(pf, p, a, m);
  return Errno.SUCCESS;
}

function unchanged(t: NewTimestamp, current: Parameters<typeof toNanoseconds>[0]): NewTimestamp {
  return t.tag === 'no-change' ? { tag: 'timestamp', val: toDatetime(toNanoseconds(current)) } : t;
}

export function path_link(
  ctx: Context, oldFd: number, oldFlags: number, oldPath: number, oldLen: number,
  newFd: number, newPath: number, newLen: number,
): number {
  const from = ctx.directory(oldFd, Rights.PATH_LINK_SOURCE);
  const to = ctx.directory(newFd, Rights.PATH_LINK_TARGET);
  // Hard links to directories are EPERM on Linux; a directory's own name is taken.
  const source = entryPathArg(ctx, oldPath, oldLen, Errno.PERM);
  const target = entryPathArg(ctx, newPath, newLen, Errno.EXIST);
  from.descriptor.linkAt(pathFlags(oldFlags), source, to.descriptor, target);
  return Errno.SUCCESS;
}

const KNOWN_OFLAGS = Oflags.CREAT | Oflags.DIRECTORY | Oflags.EXCL | Oflags.TRUNC;
const KNOWN_FDFLAGS = Fdflags.APPEND | Fdflags.DSYNC | Fdflags.NONBLOCK | Fdflags.RSYNC | Fdflags.SYNC;
const WRITE_RIGHTS = Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE;

function openFlags(oflags: number): OpenFlags {
  return {
    create: (oflags & Oflags.CREAT) !== 0,
    directory: (oflags & Oflags.DIRECTORY) !== 0,
    exclusive: (oflags & Oflags.EXCL) !== 0,
    truncate: (oflags & Oflags.TRUNC) !== 0,
  };
}

function descriptorFlags(oflags: number, rights: bigint, fdflags: number): DescriptorFlags {
  const write = (oflags & Oflags.TRUNC) !== 0 || (rights & WRITE_RIGHTS) !== 0n;
  const read = (rights & (Rights.FD_READ | Rights.FD_READDIR)) !== 0n || !write;
  return {
    read,
    write,
    fileIntegritySync: (fdflags & Fdflags.SYNC) !== 0,
    dataIntegritySync: (fdflags & Fdflags.DSYNC) !== 0,
    requestedWriteSync: (fdflags & Fdflags.RSYNC) !== 0,
  };
}

export function path_open(
  ctx: Context, fd: number, dirflags: number, path: number, pathLen: number, oflags: number,
  rightsBase: bigint, _rightsInheriting: bigint, fdflags: number, opened: number,
): number {
  opened >>>= 0;
  ctx.memory.check(opened, 4);
  // wasmtime: opening relative to a file is ENOTDIR; every other path call says EBADF.
  if (ctx.entry(fd).kind === 'file') throw Errno.NOTDIR;
  const dir = ctx.directory(fd, Rights.PATH_OPEN);
  if (oflags & ~KNOWN_OFLAGS || fdflags & ~KNOWN_FDFLAGS) throw Errno.INVAL;
  if (oflags & Oflags.CREAT) dir.require(Rights.PATH_CREATE_FILE);
  if (oflags & Oflags.TRUNC) dir.require(Rights.PATH_FILESTAT_SET_SIZE);
  const p = pathArg(ctx, path, pathLen);
  // Rights a directory cannot pass on are silently left out, as wasi-libc expects.
  const base = rightsBase & dir.inheriting;
  const isDirectory = (oflags & Oflags.DIRECTORY) !== 0;
  // A directory is never open for writing; wasmtime refuses rather than drops the right.
  if (isDirectory && (rightsBase & Rights.FD_WRITE) !== 0n) throw Errno.ISDIR;
  const flags = descriptorFlags(oflags, isDirectory ? base & ~WRITE_RIGHTS : base, fdflags);
  // O_CREAT|O_EXCL never follows a final symlink: a dangling one must give EEXIST, not a file elsewhere.
  const exclusive = (oflags & (Oflags.CREAT | Oflags.EXCL)) === (Oflags.CREAT | Oflags.EXCL);
  const descriptor = dir.descriptor.openAt(exclusive ? nofollow : pathFlags(dirflags), p, openFlags(oflags), flags);
  const type = isDirectory ? 'directory' : descriptor.getType();
  let entry: FileEntry | DirectoryEntry;
  if (type === 'directory' && (flags.write || (!isDirectory && (oflags & Oflags.CREAT) !== 0))) {
    // POSIX open(2): a directory opened for writing, or with O_CREAT, is EISDIR, whichever host let it through.
    drop(descriptor);
    throw Errno.ISDIR;
  }
  // As in wasmtime, the rights asked for choose the open mode and limit nothing else: a guest
  // may ask for any right, so refusing one it did not ask for protects nothing. What a
  // directory fd may pass on (dropped by fd_fdstat_set_rights) still bounds what it opens.
  if (type === 'directory') {
    entry = new DirectoryEntry(descriptor, undefined, dir.inheriting & DIRECTORY_RIGHTS, dir.inheriting);
  } else {
    let rights = dir.inheriting & FILE_RIGHTS;
    if (!flags.read) rights &= ~Rights.FD_READ;
    if (!flags.write) rights &= ~WRITE_RIGHTS;
    entry = new FileEntry(descriptor, filetypeOf(type), rights, fdflags);
  }
  ctx.memory.setU32(opened, ctx.table.add(entry));
  return Errno.SUCCESS;
}

export function path_readlink(
  ctx: Context, fd: number, path: number, pathLen: number, buf: number, bufLen: number, bufused: number,
): number {
  buf >>>= 0; bufLen >>>= 0; bufused >>>= 0;
  ctx.memory.check(buf, bufLen);
  ctx.memory.check(bufused, 4);
  const dir = ctx.directory(fd, Rights.PATH_READLINK);
  const target = dir.descriptor.readlinkAt(pathArg(ctx, path, pathLen));
  // An absolute target names a host path outside the sandbox; like cap-std, don't reveal it.
  if (target.charCodeAt(0) === SLASH) throw Errno.PERM;
  ctx.memory.setU32(bufused, ctx.memory.writeString(buf, target, bufLen));
  return Errno.SUCCESS;
}

export function path_remove_directory(ctx: Context, fd: number, path: number, pathLen: number): number {
  const dir = ctx.directory(fd, Rights.PATH_REMOVE_DIRECTORY);
  dir.descriptor.removeDirectoryAt(entryPathArg(ctx, path, pathLen, Errno.INVAL));
  return Errno.SUCCESS;
}

export function path_rename(
  ctx: Context, fd: number, oldPath: number, oldLen: number, newFd: number, newPath: number, newLen: number,
): number {
  const from = ctx.directory(fd, Rights.PATH_RENAME_SOURCE);
  const to = ctx.directory(newFd, Rights.PATH_RENAME_TARGET);
  const source = entryPathArg(ctx, oldPath, oldLen, Errno.BUSY);
  const target = entryPathArg(ctx, newPath, newLen, Errno.BUSY);
  from.descriptor.renameAt(source, to.descriptor, target);
  return Errno.SUCCESS;
}

export function path_symlink(
  ctx: Context, oldPath: number, oldLen: number, fd: number, newPath: number, newLen: number,
): number {
  const dir = ctx.directory(fd, Rights.PATH_SYMLINK);
  // The link's target is only text until someone follows it; the host decides what it may say.
  const target = ctx.memory.string(oldPath >>> 0, oldLen >>> 0);
  dir.descriptor.symlinkAt(target, entryPathArg(ctx, newPath, newLen, Errno.EXIST));
  return Errno.SUCCESS;
}

export function path_unlink_file(ctx: Context, fd: number, path: number, pathLen: number): number {
  const dir = ctx.directory(fd, Rights.PATH_UNLINK_FILE);
  dir.descriptor.unlinkFileAt(entryPathArg(ctx, path, pathLen, Errno.ISDIR));
  return Errno.SUCCESS;
}

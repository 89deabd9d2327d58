import { Errno, Fdflags, Filestat, Lookupflags, Oflags, Rights } from './abi.js';
import type { Context } from './context.js';
import { newTimestamps, toDatetime, toNanoseconds, writeFilestatAt } from './stat.js';
import { DIRECTORY_RIGHTS, DirectoryEntry, drop, FILE_RIGHTS, FileEntry, filetypeOf } from './entries.js';
import { relocate, type Place } from './wasix-cwd.js';
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

/** Where the calls work, reused: a call uses at most two places (link, rename) and never nests. */
const first: Place = { dir: undefined as unknown as DirectoryEntry, path: '' };
const second: Place = { dir: undefined as unknown as DirectoryEntry, path: '' };

/**
 * The directory and path a call works on: the fd's directory and the
 * guest's path, unless a WASIX module's current directory moves it
 * (adapter/wasix-cwd.ts); checked by its spelling once it is where it goes.
 */
function pathArg(ctx: Context, dir: DirectoryEntry, right: bigint, ptr: number, len: number, into = first): Place {
  into.dir = dir;
  into.path = ctx.memory.string(ptr >>> 0, len >>> 0);
  relocate(ctx, into, right);
  checkLexically(into.path);
  return into;
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
function entryPathArg(
  ctx: Context, dir: DirectoryEntry, right: bigint, ptr: number, len: number, refusal: Errno, into = first,
): Place {
  const place = pathArg(ctx, dir, right, ptr, len, into);
  if (namesItself(place.path)) throw place.path === '' ? Errno.NOENT : refusal;
  return place;
}

const follow: PathFlags = { symlinkFollow: true };
const nofollow: PathFlags = { symlinkFollow: false };

function pathFlags(lookupflags: number): PathFlags {
  if (lookupflags & ~Lookupflags.SYMLINK_FOLLOW) throw Errno.INVAL;
  return lookupflags & Lookupflags.SYMLINK_FOLLOW ? follow : nofollow;
}

export function path_create_directory(ctx: Context, fd: number, path: number, pathLen: number): number {
  const at = pathArg(ctx, ctx.directory(fd, Rights.PATH_CREATE_DIRECTORY), Rights.PATH_CREATE_DIRECTORY, path, pathLen);
  at.dir.descriptor.createDirectoryAt(at.path);
  return Errno.SUCCESS;
}

export function path_filestat_get(ctx: Context, fd: number, flags: number, path: number, pathLen: number, buf: number): number {
  buf >>>= 0;
  ctx.memory.check(buf, Filestat.SIZE);
  const at = pathArg(ctx, ctx.directory(fd, Rights.PATH_FILESTAT_GET), Rights.PATH_FILESTAT_GET, path, pathLen);
  writeFilestatAt(ctx.memory, buf, at.dir.descriptor, pathFlags(flags), at.path);
  return Errno.SUCCESS;
}

export function path_filestat_set_times(
  ctx: Context, fd: number, flags: number, path: number, pathLen: number, atim: bigint, mtim: bigint, fstFlags: number,
): number {
  const at = pathArg(ctx, ctx.directory(fd, Rights.PATH_FILESTAT_SET_TIMES), Rights.PATH_FILESTAT_SET_TIMES, path, pathLen);
  const { dir, path: p } = at;
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
  const source = entryPathArg(ctx, from, Rights.PATH_LINK_SOURCE, oldPath, oldLen, Errno.PERM);
  const target = entryPathArg(ctx, to, Rights.PATH_LINK_TARGET, newPath, newLen, Errno.EXIST, second);
  source.dir.descriptor.linkAt(pathFlags(oldFlags), source.path, target.dir.descriptor, target.path);
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
  const origin = ctx.directory(fd, Rights.PATH_OPEN);
  if (oflags & ~KNOWN_OFLAGS || fdflags & ~KNOWN_FDFLAGS) throw Errno.INVAL;
  const needed = Rights.PATH_OPEN | (oflags & Oflags.CREAT ? Rights.PATH_CREATE_FILE : 0n)
    | (oflags & Oflags.TRUNC ? Rights.PATH_FILESTAT_SET_SIZE : 0n);
  if (oflags & Oflags.CREAT) origin.require(Rights.PATH_CREATE_FILE);
  if (oflags & Oflags.TRUNC) origin.require(Rights.PATH_FILESTAT_SET_SIZE);
  const { dir, path: p } = pathArg(ctx, origin, needed, path, pathLen);
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
  const at = pathArg(ctx, ctx.directory(fd, Rights.PATH_READLINK), Rights.PATH_READLINK, path, pathLen);
  const target = at.dir.descriptor.readlinkAt(at.path);
  // An absolute target names a host path outside the sandbox; like cap-std, don't reveal it.
  if (target.charCodeAt(0) === SLASH) throw Errno.PERM;
  ctx.memory.setU32(bufused, ctx.memory.writeString(buf, target, bufLen));
  return Errno.SUCCESS;
}

export function path_remove_directory(ctx: Context, fd: number, path: number, pathLen: number): number {
  const at = entryPathArg(ctx, ctx.directory(fd, Rights.PATH_REMOVE_DIRECTORY), Rights.PATH_REMOVE_DIRECTORY, path, pathLen, Errno.INVAL);
  at.dir.descriptor.removeDirectoryAt(at.path);
  return Errno.SUCCESS;
}

export function path_rename(
  ctx: Context, fd: number, oldPath: number, oldLen: number, newFd: number, newPath: number, newLen: number,
): number {
  const from = ctx.directory(fd, Rights.PATH_RENAME_SOURCE);
  const to = ctx.directory(newFd, Rights.PATH_RENAME_TARGET);
  const source = entryPathArg(ctx, from, Rights.PATH_RENAME_SOURCE, oldPath, oldLen, Errno.BUSY);
  const target = entryPathArg(ctx, to, Rights.PATH_RENAME_TARGET, newPath, newLen, Errno.BUSY, second);
  source.dir.descriptor.renameAt(source.path, target.dir.descriptor, target.path);
  return Errno.SUCCESS;
}

export function path_symlink(
  ctx: Context, oldPath: number, oldLen: number, fd: number, newPath: number, newLen: number,
): number {
  const dir = ctx.directory(fd, Rights.PATH_SYMLINK);
  // The link's target is only text until someone follows it; the host decides what it may say.
  const target = ctx.memory.string(oldPath >>> 0, oldLen >>> 0);
  const at = entryPathArg(ctx, dir, Rights.PATH_SYMLINK, newPath, newLen, Errno.EXIST);
  at.dir.descriptor.symlinkAt(target, at.path);
  return Errno.SUCCESS;
}

export function path_unlink_file(ctx: Context, fd: number, path: number, pathLen: number): number {
  const at = entryPathArg(ctx, ctx.directory(fd, Rights.PATH_UNLINK_FILE), Rights.PATH_UNLINK_FILE, path, pathLen, Errno.ISDIR);
  at.dir.descriptor.unlinkFileAt(at.path);
  return Errno.SUCCESS;
}

import {
  closeSync, constants, existsSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, futimesSync,
  linkSync, lstatSync, lutimesSync, mkdirSync, openSync, readlinkSync, readSync, renameSync,
  rmdirSync, symlinkSync, unlinkSync, writeSync,
} from 'node:fs';
import type { Datetime, DescriptorFlags, DescriptorStat, DescriptorType, FsErrorCode, NewTimestamp, RawStat } from '../../../adapter/host.js';
import { preopenError } from '../config.js';
import { runtime } from '../../runtime.js';
import { fsCode, IoError } from './errors.js';
import { type ExactStat, fstatExact, lstatExact } from './exact-stat.js';
import { listDirectory, S_IFMT, typeOfMode, type DirectoryEntryStream } from './listing.js';
import { nativeError, TIME_NOW, TIME_OMIT, type Native } from './native.js';
import { FileIn, FileOut, InputStream, OutputStream } from './streams.js';

type PathFlags = { symlinkFollow?: boolean };
type OpenFlags = { create?: boolean; directory?: boolean; exclusive?: boolean; truncate?: boolean };
type MetadataHashValue = { lower: bigint; upper: bigint };
type Advice = 'normal' | 'sequential' | 'random' | 'will-need' | 'dont-need' | 'no-reuse';

/**
 * Node has no openat(). On Linux a path through /proc/self/fd/N is resolved
 * from the directory that fd N refers to, whatever happened to the path it was
 * opened by, so every lookup below is anchored to a descriptor we hold: a
 * directory renamed or swapped for a symlink after we opened it cannot move a
 * lookup outside the sandbox. Preopen roots are the exception (see
 * Preopen.descriptor). Elsewhere we fall back to host paths, checked
 * component by component.
 */
const PROC = procUsable();
/**
 * Where those paths start: /proc/PID/fd/ rather than /proc/self/fd/, which
 * makes the kernel resolve the "self" link on every lookup, about a tenth of
 * the cost of one. readlink of /proc/self gives our pid as /proc numbers it
 * (its own pid namespace), so both name the same directory.
 */
const FD_DIR = PROC ? `/proc/${readlinkSync('/proc/self')}/fd/` : '';
const MAX_SYMLINKS = 40;
/** The most one read(2) transfers on Linux. */
const MAX_RW_COUNT = 0x7ffff000;
const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY, O_NOFOLLOW, O_APPEND } = constants;
const O_ACCMODE = 3;
const O_SYNC = constants.O_SYNC ?? 0;
const O_DSYNC = constants.O_DSYNC ?? 0;
const BIGINT = { bigint: true, throwIfNoEntry: false } as const;
const BIGINT_STAT = { bigint: true } as const;
const NUMBER_STAT = { throwIfNoEntry: false } as const;

/** Whether /proc/self/fd may be used: Deno allows it only with every permission (-A); without, the path route. */
function procUsable(): boolean {
  try {
    return existsSync('/proc/self/fd');
  } catch {
    return false;
  }
}

/** What a byte read or write failed with: a directory is not a file to 0.2 ('bad-descriptor'). */
function ioCode(e: unknown): FsErrorCode {
  return (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'bad-descriptor' : fsCode(e);
}

/** A native pread/pwrite's answer: the count, or its negated errno as the error code. */
function byteCount(n: number, syscall: string): number {
  if (n < 0) throw ioCode(nativeError(n, syscall));
  return n;
}

const NS = 1_000_000_000n;
function datetime(ns: bigint): Datetime {
  return { seconds: ns / NS, nanoseconds: Number(ns % NS) };
}

function toStat(st: ExactStat): DescriptorStat {
  return {
    type: typeOfMode(st.mode),
    linkCount: st.nlink,
    size: st.size,
    dataAccessTimestamp: datetime(st.atimeNs),
    dataModificationTimestamp: datetime(st.mtimeNs),
    statusChangeTimestamp: datetime(st.ctimeNs),
  };
}

function fillRaw(st: ExactStat, out: RawStat): void {
  out.type = typeOfMode(st.mode);
  out.ino = st.ino;
  out.linkCount = st.nlink;
  out.size = st.size;
  out.atim = st.atimeNs;
  out.mtim = st.mtimeNs;
  out.ctim = st.ctimeNs;
}

/** Seconds as Node's utimes functions take them; 'no-change' writes back the current value. */
function timeArg(t: NewTimestamp, currentNs: bigint | undefined): number {
  switch (t.tag) {
    case 'now': return Date.now() / 1000;
    case 'timestamp': return Number(t.val.seconds) + t.val.nanoseconds / 1e9;
    default: return Number(currentNs!) / 1e9;
  }
}

/** A time as the native part's setTimes takes it: exact nanoseconds, or what the kernel should do. */
function timeNs(t: NewTimestamp): bigint {
  switch (t.tag) {
    case 'now': return TIME_NOW;
    case 'timestamp': return t.val.seconds * NS + BigInt(t.val.nanoseconds);
    default: return TIME_OMIT;
  }
}

/** The at-fd for a path that is already whole (a /proc/PID/fd/N/ or host prefix). */
const AT_FDCWD = -100;

function needsCurrent(a: NewTimestamp, m: NewTimestamp): boolean {
  return a.tag === 'no-change' || m.tag === 'no-change';
}

/**
 * Deno's node:fs turns an open without write access into one without O_CREAT
 * and O_EXCL whenever the entry exists: an exclusive create of an existing
 * file or directory succeeds and opens it, a create of a directory opens it.
 */
const CREATE_NEEDS_WRITE = runtime === 'deno';

/** open(2) with `mode`, as Linux does it on every runtime. */
function openFile(path: string, mode: number): number {
  // Linux ignores O_EXCL without O_CREAT; Deno's node:fs creates the file with it, or fails read-only opens.
  if ((mode & O_CREAT) === 0) return openSync(path, mode & ~O_EXCL, 0o666);
  if (CREATE_NEEDS_WRITE && (mode & O_ACCMODE) === O_RDONLY) return openCreatingReadOnly(path, mode);
  return openSync(path, mode, 0o666);
}

/**
 * O_CREAT without write access in two steps the runtime gets right: an
 * exclusive create with write access, which fails on any existing entry (a
 * dangling symlink included), then the open asked for, without O_CREAT.
 */
function openCreatingReadOnly(path: string, mode: number): number {
  // Linux refuses O_CREAT|O_DIRECTORY before looking at the path.
  if ((mode & O_DIRECTORY) !== 0) throw 'invalid';
  try {
    closeSync(openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666));
  } catch (e) {
    if ((mode & O_EXCL) !== 0 || fsCode(e) !== 'exist') throw e;
  }
  const fd = openSync(path, mode & ~(O_CREAT | O_EXCL));
  if ((mode & O_EXCL) === 0 && fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw 'is-directory';
  }
  return fd;
}

function readlinkOrUndefined(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Resolves a guest path beneath a directory descriptor, one component at a
 * time: intermediate directories are opened with O_NOFOLLOW and held, symlinks
 * are read and their targets resolved within the sandbox, `..` pops a held
 * directory. It stops before the final component, which each operation then
 * uses with a call that does not follow symlinks, so a link swapped in after
 * the check is never followed.
 */
class Walk {
  private readonly fds: number[] = [];
  private readonly prefixes: string[] = [];
  private readonly pending: string[] = [];
  private links = 0;
  private basePrefix = '';
  /** Directory holding the final component, as a path prefix ending in '/'. */
  prefix = '';
  name = '';
  /** The guest path ended in '/': the final component must be a directory and is followed. */
  trailing = false;

  start(base: Descriptor, path: string): void {
    if (path === '') throw 'no-entry';
    if (path.charCodeAt(0) === 47) throw 'not-permitted';
    this.basePrefix = this.prefix = Descriptor._prefix(base);
    this.links = 0;
    // A walk that failed part way (a symlink loop) leaves components behind; follow() would take them.
    this.pending.length = 0;
    // The common case, a bare name, needs no splitting and no held descriptors.
    if (path.indexOf('/') < 0 && path !== '.' && path !== '..') {
      this.name = path;
      this.trailing = false;
      return;
    }
    const parts = path.split('/');
    this.trailing = parts[parts.length - 1] === '';
    for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '' && parts[i] !== '.') this.pending.push(parts[i]!);
    this.advance();
  }

  path(): string {
    return this.prefix + this.name;
  }

  /** The final component is a symlink the caller wants followed. */
  follow(target: string): void {
    if (++this.links > MAX_SYMLINKS) throw 'loop';
    if (target === '') throw 'no-entry';
    if (target.charCodeAt(0) === 47) throw 'not-permitted';
    const parts = target.split('/');
    if (parts[parts.length - 1] === '') this.trailing = true;
    for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '' && parts[i] !== '.') this.pending.push(parts[i]!);
    this.advance();
  }

  private advance(): void {
    const pending = this.pending;
    for (;;) {
      const c = pending.pop();
      if (c === undefined) { this.name = '.'; break; }
      if (c === '..') {
        if (this.fds.length === 0) throw 'not-permitted';
        closeSync(this.fds.pop()!);
        this.prefixes.pop();
        continue;
      }
      if (pending.length === 0) { this.name = c; break; }
      const top = this.top();
      let fd: number;
      try {
        fd = openSync(top + c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOTDIR' || code === 'ELOOP') {
          const target = readlinkOrUndefined(top + c);
          if (target !== undefined) {
            if (++this.links > MAX_SYMLINKS) throw 'loop';
            if (target === '') throw 'no-entry';
            if (target.charCodeAt(0) === 47) throw 'not-permitted';
            const parts = target.split('/');
            for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '' && parts[i] !== '.') pending.push(parts[i]!);
            continue;
          }
        }
        throw fsCode(e);
      }
      this.fds.push(fd);
      this.prefixes.push(PROC ? `${FD_DIR}${fd}/` : `${top}${c}/`);
    }
    this.prefix = this.top();
  }

  private top(): string {
    const n = this.prefixes.length;
    return n === 0 ? this.basePrefix : this.prefixes[n - 1]!;
  }

  /** lstat of the final component, following symlinks within the sandbox when asked. */
  lstat(follow: boolean): ExactStat {
    for (;;) {
      const p = this.path();
      const st = lstatExact(p);
      if (!st) throw 'no-entry';
      if ((follow || this.trailing) && (st.mode & S_IFMT) === 0o120000n) {
        this.follow(readlinkSync(p));
        continue;
      }
      if (this.trailing && (st.mode & S_IFMT) !== 0o040000n) throw 'not-directory';
      return st;
    }
  }

  release(): void {
    const fds = this.fds;
    while (fds.length > 0) closeSync(fds.pop()!);
    this.prefixes.length = 0;
    // A lookup that failed midway leaves components queued; the next one (a bare name skips the reset) must not walk them.
    this.pending.length = 0;
  }
}

// Operations do not nest; two walks serve the two paths of link and rename.
const walkA = new Walk();
const walkB = new Walk();

export class Descriptor {
  #fd: number;
  #flags: DescriptorFlags;
  #prefix: string;
  #type: DescriptorType | undefined;
  #closed = false;
  /** The host's native part, when it has one and may use it; descriptors opened from this one share it. */
  readonly #native: Native | undefined;

  /** @internal */
  /** `prefix` names entries of the directory; undefined means "through the fd". */
  constructor(fd: number, flags: DescriptorFlags, prefix: string | undefined, native: Native | undefined, type?: DescriptorType) {
    this.#fd = fd;
    this.#flags = flags;
    this.#prefix = prefix ?? `${FD_DIR}${fd}/`;
    this.#native = native;
    this.#type = type;
  }

  /** @internal a path prefix that names entries of this directory */
  static _prefix(d: Descriptor): string {
    if (d.#closed) throw 'bad-descriptor';
    return d.#prefix;
  }

  #kind(): DescriptorType {
    if (this.#type === undefined) {
      try {
        this.#type = typeOfMode(fstatSync(this.#fd, BIGINT_STAT).mode);
      } catch (e) {
        throw fsCode(e);
      }
    }
    return this.#type;
  }

  /** Streams and byte I/O are for files; a directory answers 'bad-descriptor' as in wasmtime. */
  #fileFd(): number {
    if (this.#kind() === 'directory') throw 'bad-descriptor';
    return this.#fd;
  }

  readViaStream(offset: bigint): InputStream {
    return new InputStream(new FileIn(this.#fileFd(), Number(offset)));
  }

  writeViaStream(offset: bigint): OutputStream {
    return new OutputStream(new FileOut(this.#fileFd(), Number(offset), false));
  }

  appendViaStream(): OutputStream {
    const fd = this.#fileFd();
    // A second descriptor with O_APPEND makes every write land at the end atomically.
    let appendFd: number;
    try {
      appendFd = openSync(PROC ? `${FD_DIR}${fd}` : this.#prefix.slice(0, -1), O_WRONLY | O_APPEND);
    } catch (e) {
      throw fsCode(e);
    }
    return new OutputStream(new FileOut(appendFd, 0, true));
  }

  advise(_offset: bigint, _length: bigint, _advice: Advice): void {
    // Node exposes no posix_fadvise; advice is only a hint, so accepting it is correct.
    this.#fileFd();
  }

  syncData(): void {
    try {
      fdatasyncSync(this.#fd);
    } catch (e) {
      throw fsCode(e);
    }
  }

  sync(): void {
    try {
      fsyncSync(this.#fd);
    } catch (e) {
      throw fsCode(e);
    }
  }

  getFlags(): DescriptorFlags {
    if (this.#closed) throw 'bad-descriptor';
    return { ...this.#flags };
  }

  getType(): DescriptorType {
    return this.#kind();
  }

  setSize(size: bigint): void {
    const fd = this.#fileFd();
    try {
      ftruncateSync(fd, Number(size));
    } catch (e) {
      throw fsCode(e);
    }
  }

  setTimes(dataAccessTimestamp: NewTimestamp, dataModificationTimestamp: NewTimestamp): void {
    if (this.#closed) throw 'bad-descriptor';
    const native = this.#native;
    if (native !== undefined) {
      const r = native.setTimes(this.#fd, null, timeNs(dataAccessTimestamp), timeNs(dataModificationTimestamp));
      if (r < 0) throw fsCode(nativeError(r, 'futimens'));
      return;
    }
    try {
      const st = needsCurrent(dataAccessTimestamp, dataModificationTimestamp) ? fstatExact(this.#fd) : undefined;
      futimesSync(this.#fd, timeArg(dataAccessTimestamp, st?.atimeNs), timeArg(dataModificationTimestamp, st?.mtimeNs));
    } catch (e) {
      throw fsCode(e);
    }
  }

  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    const len = length > 16_777_216n ? 16_777_216 : Number(length);
    const buf = Buffer.allocUnsafe(len);
    let n: number;
    try {
      n = readSync(this.#fd, buf, 0, len, Number(offset));
    } catch (e) {
      throw ioCode(e);
    }
    return [n === len ? buf : buf.subarray(0, n), n < len];
  }

  /**
   * @internal An extension to wasi:filesystem that the adapter uses when a
   * descriptor has it: `read` into the caller's buffer instead of a new one,
   * so a guest's fd_read lands in its own memory with no allocation or copy.
   * Reads up to `length` bytes at `offset` into `buffer` from `start`;
   * returns how many, 0 at end of file. `buffer` is not kept past the call.
   */
  readInto(buffer: Uint8Array, start: number, length: number, offset: bigint): number {
    // Linux reads at most MAX_RW_COUNT at once anyway, and readSync takes an int32 length.
    const count = Math.min(length, MAX_RW_COUNT);
    const native = this.#native;
    if (native !== undefined) return byteCount(native.pread(this.#fd, buffer, start, count, Number(offset)), 'pread');
    try {
      return readSync(this.#fd, buffer, start, count, Number(offset));
    } catch (e) {
      throw ioCode(e);
    }
  }

  write(buffer: Uint8Array, offset: bigint): bigint {
    const native = this.#native;
    if (native !== undefined) return BigInt(byteCount(native.pwrite(this.#fd, buffer, 0, buffer.byteLength, Number(offset)), 'pwrite'));
    try {
      return BigInt(writeSync(this.#fd, buffer, 0, buffer.byteLength, Number(offset)));
    } catch (e) {
      throw ioCode(e);
    }
  }

  readDirectory(): DirectoryEntryStream {
    if (this.#closed) throw 'bad-descriptor';
    return listDirectory(this.#fd, this.#prefix, this.#native);
  }

  createDirectoryAt(path: string): void {
    const w = walkA;
    try {
      w.start(this, path);
      mkdirSync(w.path());
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
  }

  stat(): DescriptorStat {
    try {
      return toStat(fstatExact(this.#fd));
    } catch (e) {
      throw fsCode(e);
    }
  }

  /**
   * @internal An extension to wasi:filesystem that the adapter uses when a
   * descriptor has it: stat and metadataHash from one fstat, into `out`.
   */
  statInto(out: RawStat): void {
    try {
      fillRaw(fstatExact(this.#fd), out);
    } catch (e) {
      throw fsCode(e);
    }
  }

  /**
   * @internal An extension to wasi:filesystem that the adapter uses when a
   * descriptor has it: statAt and metadataHashAt from one lookup, into `out`.
   */
  statAtInto(pathFlags: PathFlags, path: string, out: RawStat): void {
    const w = walkA;
    try {
      w.start(this, path);
      fillRaw(w.lstat(pathFlags.symlinkFollow === true), out);
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
  }

  statAt(pathFlags: PathFlags, path: string): DescriptorStat {
    const w = walkA;
    try {
      w.start(this, path);
      return toStat(w.lstat(pathFlags.symlinkFollow === true));
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
  }

  setTimesAt(pathFlags: PathFlags, path: string, dataAccessTimestamp: NewTimestamp, dataModificationTimestamp: NewTimestamp): void {
    const w = walkA;
    try {
      w.start(this, path);
      const st = w.lstat(pathFlags.symlinkFollow === true);
      const native = this.#native;
      if (native !== undefined) {
        const r = native.setTimes(AT_FDCWD, w.path(), timeNs(dataAccessTimestamp), timeNs(dataModificationTimestamp));
        if (r < 0) throw nativeError(r, 'utimensat');
        return;
      }
      lutimesSync(w.path(), timeArg(dataAccessTimestamp, st.atimeNs), timeArg(dataModificationTimestamp, st.mtimeNs));
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
  }

  linkAt(oldPathFlags: PathFlags, oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    try {
      walkA.start(this, oldPath);
      if (oldPathFlags.symlinkFollow) walkA.lstat(true);
      walkB.start(newDescriptor, newPath);
      if (walkB.trailing) throw 'no-entry';
      linkSync(walkA.path(), walkB.path());
    } catch (e) {
      throw fsCode(e);
    } finally {
      walkA.release();
      walkB.release();
    }
  }

  openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: DescriptorFlags): Descriptor {
    let mode = flags.write ? (flags.read ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (openFlags.create) mode |= O_CREAT;
    if (openFlags.exclusive) mode |= O_EXCL;
    if (openFlags.truncate) mode |= O_TRUNC;
    if (openFlags.directory) mode |= O_DIRECTORY;
    if (flags.fileIntegritySync) mode |= O_SYNC;
    if (flags.dataIntegritySync) mode |= O_DSYNC;
    const follow = pathFlags.symlinkFollow === true;
    const w = walkA;
    let fd: number;
    try {
      w.start(this, path);
      for (;;) {
        const p = w.path();
        try {
          fd = openFile(p, mode | O_NOFOLLOW | (w.trailing ? O_DIRECTORY : 0));
          break;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if ((follow || w.trailing) && (code === 'ELOOP' || code === 'ENOTDIR')) {
            const target = readlinkOrUndefined(p);
            if (target !== undefined) {
              w.follow(target);
              continue;
            }
          }
          throw e;
        }
      }
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
    const { read, write, fileIntegritySync, dataIntegritySync, requestedWriteSync, mutateDirectory } = flags;
    const descriptorFlags = { read, write, fileIntegritySync, dataIntegritySync, requestedWriteSync, mutateDirectory };
    return new Descriptor(fd, descriptorFlags, PROC ? undefined : `${w.path()}/`, this.#native);
  }

  readlinkAt(path: string): string {
    const w = walkA;
    try {
      w.start(this, path);
      return readlinkSync(w.path());
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
  }

  removeDirectoryAt(path: string): void {
    const w = walkA;
    try {
      w.start(this, path);
      rmdirSync(w.path());
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
  }

  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    try {
      walkA.start(this, oldPath);
      walkB.start(newDescriptor, newPath);
      // rename(2) drops a trailing slash on a regular file; cap-std (and so wasmtime) says ENOTDIR.
      if (walkA.trailing || walkB.trailing) {
        const st = lstatSync(walkA.path(), BIGINT);
        if (st && (st.mode & S_IFMT) !== 0o040000n) throw 'not-directory';
      }
      renameSync(walkA.path(), walkB.path());
    } catch (e) {
      throw fsCode(e);
    } finally {
      walkA.release();
      walkB.release();
    }
  }

  symlinkAt(oldPath: string, newPath: string): void {
    // A link to an absolute path could never be followed inside the sandbox.
    if (oldPath.charCodeAt(0) === 47) throw 'not-permitted';
    const w = walkA;
    try {
      w.start(this, newPath);
      if (w.trailing) {
        const st = lstatSync(w.path(), BIGINT);
        if (!st) throw 'no-entry';
        throw (st.mode & S_IFMT) === 0o040000n ? 'exist' : 'not-directory';
      }
      symlinkSync(oldPath, w.path());
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
  }

  unlinkFileAt(path: string): void {
    const w = walkA;
    try {
      w.start(this, path);
      // Linux's unlink(2) refuses a directory, but Deno's unlinkSync removes an empty one: look first, on every runtime.
      const st = lstatSync(w.path(), NUMBER_STAT);
      if (!st) throw 'no-entry';
      if (st.isDirectory()) throw 'is-directory';
      if (w.trailing) throw 'not-directory';
      unlinkSync(w.path());
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
  }

  isSameObject(other: Descriptor): boolean {
    if (other === this) return true;
    try {
      const a = fstatSync(this.#fd, BIGINT_STAT);
      const b = fstatSync(other.#fd, BIGINT_STAT);
      return a.dev === b.dev && a.ino === b.ino;
    } catch {
      return false;
    }
  }

  /** From (dev, ino): every path to the same file hashes alike, and lower is the inode number. */
  metadataHash(): MetadataHashValue {
    try {
      const st = fstatSync(this.#fd, BIGINT_STAT);
      return { lower: st.ino, upper: st.dev };
    } catch (e) {
      throw fsCode(e);
    }
  }

  metadataHashAt(pathFlags: PathFlags, path: string): MetadataHashValue {
    const w = walkA;
    try {
      w.start(this, path);
      const st = w.lstat(pathFlags.symlinkFollow === true);
      return { lower: st.ino, upper: st.dev };
    } catch (e) {
      throw fsCode(e);
    } finally {
      w.release();
    }
  }

  [Symbol.dispose](): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      closeSync(this.#fd);
    } catch {
      // Already closed by the embedder; nothing is left to release.
    }
  }
}

/**
 * A preopen's host directory, held open for the host's lifetime. Every
 * getDirectories() call hands out new descriptors opened from it, because
 * each caller owns (and drops) what it gets: the wasmtime command adapter
 * asks twice and drops the first list.
 */
export class Preopen {
  #fd: number;
  readonly #hostPath: string;
  readonly #native: Native | undefined;
  constructor(guest: string, hostPath: string, native: Native | undefined) {
    this.#hostPath = hostPath.replace(/\/+$/, '') || '/';
    try {
      this.#fd = openSync(this.#hostPath, O_RDONLY | O_DIRECTORY);
    } catch (e) {
      throw preopenError(guest, hostPath, e);
    }
    this.#native = native;
  }
  /** Reopens the directory we hold, not the path, so a rename on the host cannot swap it. */
  descriptor(): Descriptor {
    if (this.#fd < 0) throw new Error(`the host of preopen ${this.#hostPath} is closed`);
    const fd = openSync(PROC ? `${FD_DIR}${this.#fd}` : this.#hostPath, O_RDONLY | O_DIRECTORY);
    // The root is named by its host path: the embedder chose it and a guest
    // can neither rename nor replace it, and a plain path costs a third of a
    // /proc/self/fd lookup on the hottest calls (open, stat of a bare name).
    const prefix = this.#hostPath === '/' ? '/' : `${this.#hostPath}/`;
    return new Descriptor(fd, { read: true, mutateDirectory: true }, prefix, this.#native, 'directory');
  }

  /** Descriptors handed out stay open: each belongs to whoever took it. */
  close(): void {
    if (this.#fd < 0) return;
    closeSync(this.#fd);
    this.#fd = -1;
  }
}

/** wasi:filesystem/types#filesystem-error-code: the code a failed file stream operation carried. */
export function filesystemErrorCode(err: unknown): FsErrorCode | undefined {
  return err instanceof IoError ? err.code : undefined;
}

import {
  Advice, Dirent, Errno, Fdflags, Fdstat, Filestat, Filetype, Preopentype, Prestat, Rights, Whence,
} from './abi.js';
import type { Context } from './context.js';
import type { GuestMemory } from './memory.js';
import { readStream, writeStream } from './io.js';
import { receive, send } from './connection.js';
import { receiveDatagram, sendDatagram } from './datagram.js';
import { newTimestamps, withDirectory, writeFilestatOf } from './stat.js';
import { filetypeOf, type DirectoryEntry, type Entry, type FileEntry } from './entries.js';
import type { Descriptor, DescriptorType, DirectoryEntryStream } from './host.js';

const utf8 = new TextEncoder();

/**
 * An extension to wasi:filesystem's descriptor that the project's Node host
 * offers: `read` of up to `length` bytes at `offset` into the caller's
 * buffer from `start` (not kept), returning how many, 0 at end of file. With
 * it a file read lands in guest memory with no allocation and no copy; other
 * hosts get `read`.
 */
interface ReadsInto {
  readInto?(buffer: Uint8Array, start: number, length: number, offset: bigint): number;
}

/** Reads the file at `offset` into an iovec array; returns the bytes read. */
function readFile(mem: GuestMemory, file: FileEntry, iovs: number, count: number, offset: bigint): number {
  const total = mem.iovecTotal(iovs, count);
  if (total === 0) return 0;
  const d = file.descriptor as Descriptor & ReadsInto;
  if (d.readInto === undefined) {
    const data = d.read(BigInt(total), offset)[0];
    mem.scatter(iovs, count, data);
    return data.length;
  }
  const at = mem.whole(iovs, count, total);
  if (at >= 0) return d.readInto(mem.bytes, at, total, offset);
  // Spread over several iovecs: one read into scratch, then copied out, as readv would fill them.
  const scratch = mem.scratch(total);
  const n = d.readInto(scratch, 0, total, offset);
  mem.scatter(iovs, count, scratch.subarray(0, n));
  return n;
}

/** Writes all of `data` at `offset`; hosts may take it in several pieces. */
function writeFile(file: FileEntry, data: Uint8Array, offset: bigint): number {
  let done = 0;
  while (done < data.length) {
    const n = Number(file.descriptor.write(done === 0 ? data : data.subarray(done), offset + BigInt(done)));
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Appends at the current end of file; returns the new end. */
function appendFile(file: FileEntry, data: Uint8Array): bigint {
  const end = file.descriptor.stat().size;
  return end + BigInt(writeFile(file, data, end));
}

/** The bytes a stream or socket read gives; files are read by readFile. */
function readStreamOf(ctx: Context, e: Entry, len: number): Uint8Array {
  switch (e.kind) {
    case 'stream':
      if (e.input === undefined) throw Errno.BADF;
      return readStream(ctx, e.input, len, e.nonblocking);
    case 'tcp':
      return receive(ctx, e, len, false);
    case 'udp':
      // A datagram longer than the buffers loses its tail, as read(2) on a datagram socket.
      return receiveDatagram(ctx, e, false).data.subarray(0, len);
    default:
      throw Errno.BADF;
  }
}

export function fd_read(ctx: Context, fd: number, iovs: number, iovsLen: number, nread: number): number {
  const mem = ctx.memory;
  iovs >>>= 0; iovsLen >>>= 0; nread >>>= 0;
  mem.check(nread, 4);
  const e = ctx.entry(fd);
  let n: number;
  if (e.kind === 'file') {
    e.require(Rights.FD_READ);
    n = readFile(mem, e, iovs, iovsLen, e.position);
    e.position += BigInt(n);
  } else {
    const data = readStreamOf(ctx, e, mem.iovecTotal(iovs, iovsLen));
    mem.scatter(iovs, iovsLen, data);
    n = data.length;
  }
  mem.setU32(nread, n);
  return Errno.SUCCESS;
}

export function fd_write(ctx: Context, fd: number, iovs: number, iovsLen: number, nwritten: number): number {
  const mem = ctx.memory;
  iovs >>>= 0; iovsLen >>>= 0; nwritten >>>= 0;
  mem.check(nwritten, 4);
  const e = ctx.entry(fd);
  const data = mem.gather(iovs, iovsLen);
  let n: number;
  switch (e.kind) {
    case 'file':
      e.require(Rights.FD_WRITE);
      if (e.fdflags & Fdflags.APPEND) {
        e.position = appendFile(e, data);
        n = data.length;
      } else {
        n = writeFile(e, data, e.position);
        e.position += BigInt(n);
      }
      break;
    case 'stream':
      if (e.output === undefined) throw Errno.BADF;
      n = writeStream(ctx, e.output, data, e.nonblocking);
      break;
    case 'tcp':
      n = send(ctx, e, data);
      break;
    case 'udp':
      n = sendDatagram(ctx, e, data, undefined);
      break;
    default:
      throw Errno.BADF;
  }
  mem.setU32(nwritten, n);
  return Errno.SUCCESS;
}

/** The file behind fd_pread/fd_pwrite/fd_seek/fd_tell: streams and sockets cannot seek. */
function seekable(ctx: Context, fd: number, right: bigint): FileEntry {
  const e = ctx.entry(fd);
  if (e.kind === 'stream' || e.kind === 'tcp' || e.kind === 'udp') throw Errno.SPIPE;
  if (e.kind !== 'file') throw Errno.BADF;
  e.require(right);
  return e;
}

export function fd_pread(ctx: Context, fd: number, iovs: number, iovsLen: number, offset: bigint, nread: number): number {
  const mem = ctx.memory;
  iovs >>>= 0; iovsLen >>>= 0; nread >>>= 0;
  mem.check(nread, 4);
  const file = seekable(ctx, fd, Rights.FD_READ | Rights.FD_SEEK);
  mem.setU32(nread, readFile(mem, file, iovs, iovsLen, offset));
  return Errno.SUCCESS;
}

export function fd_pwrite(ctx: Context, fd: number, iovs: number, iovsLen: number, offset: bigint, nwritten: number): number {
  const mem = ctx.memory;
  iovs >>>= 0; iovsLen >>>= 0; nwritten >>>= 0;
  mem.check(nwritten, 4);
  const file = seekable(ctx, fd, Rights.FD_WRITE | Rights.FD_SEEK);
  const data = mem.gather(iovs, iovsLen);
  // Linux ignores the offset of pwrite on an O_APPEND file; wasmtime follows it.
  const n = file.fdflags & Fdflags.APPEND ? (appendFile(file, data), data.length) : writeFile(file, data, offset);
  mem.setU32(nwritten, n);
  return Errno.SUCCESS;
}

export function fd_seek(ctx: Context, fd: number, offset: bigint, whence: number, newoffset: number): number {
  newoffset >>>= 0;
  ctx.memory.check(newoffset, 8);
  // lseek(fd, 0, SEEK_CUR) is how libc asks for the position: it needs only FD_TELL.
  const right = offset === 0n && whence === Whence.CUR ? Rights.FD_TELL : Rights.FD_SEEK;
  const file = seekable(ctx, fd, right);
  let base: bigint;
  switch (whence) {
    case Whence.SET: base = 0n; break;
    case Whence.CUR: base = file.position; break;
    case Whence.END: base = file.descriptor.stat().size; break;
    default: throw Errno.INVAL;
  }
  const position = base + offset;
  if (position < 0n || position >= 1n << 64n) throw Errno.INVAL;
  file.position = position;
  ctx.memory.setU64(newoffset, position);
  return Errno.SUCCESS;
}

export function fd_tell(ctx: Context, fd: number, offset: number): number {
  offset >>>= 0;
  const file = seekable(ctx, fd, Rights.FD_TELL);
  ctx.memory.setU64(offset, file.position);
  return Errno.SUCCESS;
}

export function fd_close(ctx: Context, fd: number): number {
  return ctx.table.close(fd) ? Errno.SUCCESS : Errno.BADF;
}

export function fd_renumber(ctx: Context, from: number, to: number): number {
  return ctx.table.renumber(from, to) ? Errno.SUCCESS : Errno.BADF;
}

/** The descriptor behind a file or directory fd, for calls both kinds answer. */
function descriptorOf(ctx: Context, fd: number, right: bigint): FileEntry | DirectoryEntry {
  const e = ctx.withRight(fd, right);
  if (e.kind !== 'file' && e.kind !== 'directory') throw Errno.BADF;
  return e;
}

function onDescriptor<T>(e: FileEntry | DirectoryEntry, op: (d: Descriptor) => T): T {
  return e.kind === 'file' ? op(e.descriptor) : withDirectory(e, op);
}

const sync = (d: Descriptor): void => d.sync();
const syncData = (d: Descriptor): void => d.syncData();

export function fd_sync(ctx: Context, fd: number): number {
  onDescriptor(descriptorOf(ctx, fd, Rights.FD_SYNC), sync);
  return Errno.SUCCESS;
}

export function fd_datasync(ctx: Context, fd: number): number {
  onDescriptor(descriptorOf(ctx, fd, Rights.FD_DATASYNC), syncData);
  return Errno.SUCCESS;
}

const adviceNames = ['normal', 'sequential', 'random', 'will-need', 'dont-need', 'no-reuse'] as const;

export function fd_advise(ctx: Context, fd: number, offset: bigint, len: bigint, advice: number): number {
  const file = ctx.file(fd, Rights.FD_ADVISE);
  if (advice < Advice.NORMAL || advice > Advice.NOREUSE) throw Errno.INVAL;
  file.descriptor.advise(offset, len, adviceNames[advice]!);
  return Errno.SUCCESS;
}

/**
 * 0.2 has no fallocate; wasmtime answers ENOTSUP. Growing the file to cover
 * the range gives the guest what posix_fallocate promises: later writes there
 * do not fail for lack of size.
 */
export function fd_allocate(ctx: Context, fd: number, offset: bigint, len: bigint): number {
  const file = ctx.file(fd, Rights.FD_ALLOCATE);
  const end = offset + len;
  if (end >= 1n << 63n) throw Errno.FBIG;
  if (file.descriptor.stat().size < end) file.descriptor.setSize(end);
  return Errno.SUCCESS;
}

function filetypeOfEntry(e: Entry): Filetype {
  switch (e.kind) {
    case 'file': case 'stream': return e.filetype;
    case 'directory': return Filetype.DIRECTORY;
    case 'tcp': return Filetype.SOCKET_STREAM;
    case 'udp': return Filetype.SOCKET_DGRAM;
  }
}

export function fd_fdstat_get(ctx: Context, fd: number, ptr: number): number {
  ptr >>>= 0;
  const mem = ctx.memory;
  mem.check(ptr, Fdstat.SIZE);
  const e = ctx.entry(fd);
  const v = mem.view;
  v.setUint8(ptr + Fdstat.filetype, filetypeOfEntry(e));
  v.setUint8(ptr + 1, 0);
  v.setUint16(ptr + Fdstat.flags, e.fdflags, true);
  v.setUint32(ptr + 4, 0, true);
  v.setBigUint64(ptr + Fdstat.rightsBase, e.rights, true);
  v.setBigUint64(ptr + Fdstat.rightsInheriting, e.inheriting, true);
  return Errno.SUCCESS;
}

const SETTABLE_FLAGS = Fdflags.APPEND | Fdflags.NONBLOCK;

export function fd_fdstat_set_flags(ctx: Context, fd: number, flags: number): number {
  const e = ctx.withRight(fd, Rights.FD_FDSTAT_SET_FLAGS);
  // As in wasmtime: the sync flags are fixed at open, only APPEND and NONBLOCK change.
  if (flags & ~SETTABLE_FLAGS) throw Errno.INVAL;
  if (e.kind === 'directory') throw Errno.BADF;
  e.fdflags = (e.fdflags & ~SETTABLE_FLAGS) | flags;
  return Errno.SUCCESS;
}

export function fd_fdstat_set_rights(ctx: Context, fd: number, base: bigint, inheriting: bigint): number {
  const e = ctx.entry(fd);
  if ((base & ~e.rights) !== 0n || (inheriting & ~e.inheriting) !== 0n) throw Errno.NOTCAPABLE;
  e.rights = base;
  e.inheriting = inheriting;
  return Errno.SUCCESS;
}

export function fd_filestat_get(ctx: Context, fd: number, ptr: number): number {
  ptr >>>= 0;
  const mem = ctx.memory;
  mem.check(ptr, Filestat.SIZE);
  const e = ctx.withRight(fd, Rights.FD_FILESTAT_GET);
  if (e.kind === 'file') {
    writeFilestatOf(mem, ptr, e.descriptor);
  } else if (e.kind === 'directory') {
    withDirectory(e, (d) => writeFilestatOf(mem, ptr, d));
  } else {
    // Streams and sockets have no metadata in 0.2: all zero but the type, as wasmtime does.
    mem.bytes.fill(0, ptr, ptr + Filestat.SIZE);
    mem.view.setUint8(ptr + Filestat.filetype, filetypeOfEntry(e));
  }
  return Errno.SUCCESS;
}

export function fd_filestat_set_size(ctx: Context, fd: number, size: bigint): number {
  const file = ctx.file(fd, Rights.FD_FILESTAT_SET_SIZE);
  file.descriptor.setSize(size);
  return Errno.SUCCESS;
}

export function fd_filestat_set_times(ctx: Context, fd: number, atim: bigint, mtim: bigint, flags: number): number {
  const e = descriptorOf(ctx, fd, Rights.FD_FILESTAT_SET_TIMES);
  const [a, m] = newTimestamps(ctx, atim, mtim, flags);
  onDescriptor(e, (d) => d.setTimes(a, m));
  return Errno.SUCCESS;
}

function preopenOf(ctx: Context, fd: number): string | undefined {
  const e = ctx.entry(fd);
  return e.kind === 'directory' ? e.preopen : undefined;
}

export function fd_prestat_get(ctx: Context, fd: number, ptr: number): number {
  ptr >>>= 0;
  const name = preopenOf(ctx, fd);
  if (name === undefined) throw Errno.BADF;
  const mem = ctx.memory;
  mem.check(ptr, Prestat.SIZE);
  mem.view.setUint32(ptr, 0, true);
  mem.view.setUint8(ptr + Prestat.tag, Preopentype.DIR);
  mem.view.setUint32(ptr + Prestat.nameLen, utf8.encode(name).length, true);
  return Errno.SUCCESS;
}

export function fd_prestat_dir_name(ctx: Context, fd: number, path: number, pathLen: number): number {
  path >>>= 0; pathLen >>>= 0;
  const name = preopenOf(ctx, fd);
  // wasmtime answers ENOTDIR for an open fd that is not a preopen.
  if (name === undefined) throw Errno.NOTDIR;
  const bytes = utf8.encode(name);
  if (bytes.length > pathLen) throw Errno.NAMETOOLONG;
  ctx.memory.write(path, bytes);
  return Errno.SUCCESS;
}

/** A directory entry's header, built here when it must be cut short at the end of the guest's buffer. */
const direntBytes = new Uint8Array(Dirent.SIZE);
const direntView = new DataView(direntBytes.buffer);

interface Listed { name: string; type: Filetype; ino: bigint }

/**
 * An extension to wasi:filesystem's directory-entry-stream that the project's
 * Node host offers: the next entry and its inode number (the directory's
 * metadataHashAt of the name, symlinks not followed, `lower`) into `out`;
 * false at the end. A listing then makes no objects per entry. Other hosts
 * get readDirectoryEntry and metadataHashAt.
 */
interface ListsInto {
  readDirectoryEntryInto?(out: { name: string; type: DescriptorType; ino: bigint }): boolean;
}

/** What nextEntry returns, reused: an entry that must outlive the call (a pending one) is copied. */
const listed: Listed = { name: '', type: Filetype.UNKNOWN, ino: 0n };
const fromHost: { name: string; type: DescriptorType; ino: bigint } = { name: '', type: 'unknown', ino: 0n };
const nofollow = { symlinkFollow: false };

/** The entry at the cursor's position, '.' and '..' first, then the host's entries. */
function nextEntry(dir: DirectoryEntry, d: Descriptor): Listed | undefined {
  const cursor = dir.readdir!;
  if (cursor.pending !== undefined) return cursor.pending;
  if (cursor.next < 2n) {
    listed.name = cursor.next === 0n ? '.' : '..';
    listed.type = Filetype.DIRECTORY;
    listed.ino = d.metadataHash().lower;
    return listed;
  }
  const stream = cursor.stream as DirectoryEntryStream & ListsInto;
  if (stream.readDirectoryEntryInto !== undefined) {
    if (!stream.readDirectoryEntryInto(fromHost)) return undefined;
    listed.name = fromHost.name;
    listed.type = filetypeOf(fromHost.type);
    listed.ino = fromHost.ino;
    return listed;
  }
  const entry = stream.readDirectoryEntry();
  if (entry === undefined) return undefined;
  listed.name = entry.name;
  listed.type = filetypeOf(entry.type);
  listed.ino = d.metadataHashAt(nofollow, entry.name).lower;
  return listed;
}

/** Puts the directory's cursor at `cookie`, reopening the listing only when the guest went back. */
function seekReaddir(dir: DirectoryEntry, d: Descriptor, cookie: bigint): void {
  const cursor = dir.readdir;
  if (cursor !== undefined && cursor.next === cookie) return;
  dir.closeReaddir();
  const fresh = { stream: d.readDirectory(), next: 0n };
  dir.readdir = fresh;
  // Skipped entries need no inode: '.' and '..' are not in the host's stream.
  while (fresh.next < cookie) {
    if (fresh.next >= 2n && fresh.stream.readDirectoryEntry() === undefined) return;
    fresh.next++;
  }
}

/** The UTF-8 length of a name that is all ASCII, or -1. */
function asciiLength(name: string): number {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 0x7f) return -1;
  return name.length;
}

function fillReaddir(ctx: Context, dir: DirectoryEntry, d: Descriptor, buf: number, bufLen: number, cookie: bigint): number {
  seekReaddir(dir, d, cookie);
  const cursor = dir.readdir!;
  const mem = ctx.memory;
  const bytes = mem.bytes;
  const view = mem.view;
  let used = 0;
  while (used < bufLen) {
    const entry = nextEntry(dir, d);
    if (entry === undefined) break;
    const next = cursor.next + 1n;
    // Names are nearly always ASCII: those are copied a char at a time, with no encoded copy made.
    const ascii = asciiLength(entry.name);
    const encoded = ascii < 0 ? utf8.encode(entry.name) : undefined;
    const namlen = encoded === undefined ? ascii : encoded.length;
    const at = buf + used;
    if (bufLen - used >= Dirent.SIZE + namlen) {
      view.setBigUint64(at + Dirent.next, next, true);
      view.setBigUint64(at + Dirent.ino, entry.ino, true);
      view.setUint32(at + Dirent.namlen, namlen, true);
      view.setUint32(at + Dirent.type, entry.type, true);
      if (encoded === undefined) {
        for (let i = 0, to = at + Dirent.SIZE; i < namlen; i++) bytes[to + i] = entry.name.charCodeAt(i);
      } else {
        bytes.set(encoded, at + Dirent.SIZE);
      }
      used += Dirent.SIZE + namlen;
      cursor.pending = undefined;
      cursor.next = next;
      continue;
    }
    // It does not fit: as much as fits is given, and the guest will ask again from this same cookie.
    direntView.setBigUint64(Dirent.next, next, true);
    direntView.setBigUint64(Dirent.ino, entry.ino, true);
    direntView.setUint32(Dirent.namlen, namlen, true);
    direntView.setUint32(Dirent.type, entry.type, true);
    const head = Math.min(Dirent.SIZE, bufLen - used);
    bytes.set(direntBytes.subarray(0, head), at);
    used += head;
    const tail = Math.min(namlen, bufLen - used);
    bytes.set((encoded ?? utf8.encode(entry.name)).subarray(0, tail), buf + used);
    used += tail;
    cursor.pending = entry === listed ? { name: entry.name, type: entry.type, ino: entry.ino } : entry;
    break;
  }
  return used;
}

export function fd_readdir(ctx: Context, fd: number, buf: number, bufLen: number, cookie: bigint, bufused: number): number {
  buf >>>= 0; bufLen >>>= 0; bufused >>>= 0;
  const mem = ctx.memory;
  mem.check(buf, bufLen);
  mem.check(bufused, 4);
  const dir = ctx.directory(fd, Rights.FD_READDIR);
  const used = withDirectory(dir, (d) => fillReaddir(ctx, dir, d, buf, bufLen, cookie));
  mem.setU32(bufused, used);
  return Errno.SUCCESS;
}

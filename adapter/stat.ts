import { Errno, Filestat, Fstflags } from './abi.js';
import type { GuestMemory } from './memory.js';
import type { Context } from './context.js';
import type { Datetime, Descriptor, DescriptorStat, NewTimestamp, PathFlags, RawStat } from './host.js';
import { filetypeOf, type DirectoryEntry } from './entries.js';

const NS = 1_000_000_000n;

export function toNanoseconds(t: Datetime | undefined): bigint {
  return t === undefined ? 0n : t.seconds * NS + BigInt(t.nanoseconds);
}

export function toDatetime(ns: bigint): Datetime {
  return { seconds: ns / NS, nanoseconds: Number(ns % NS) };
}

/** wasmtime reports dev 1 for everything: 0.2 has no device numbers. */
const DEV = 1n;

export function writeFilestat(mem: GuestMemory, ptr: number, stat: DescriptorStat, ino: bigint): void {
  mem.check(ptr, Filestat.SIZE);
  const v = mem.view;
  v.setBigUint64(ptr + Filestat.dev, DEV, true);
  v.setBigUint64(ptr + Filestat.ino, ino, true);
  v.setUint8(ptr + Filestat.filetype, filetypeOf(stat.type));
  v.setBigUint64(ptr + Filestat.nlink, stat.linkCount, true);
  v.setBigUint64(ptr + Filestat.size, stat.size, true);
  v.setBigUint64(ptr + Filestat.atim, toNanoseconds(stat.dataAccessTimestamp), true);
  v.setBigUint64(ptr + Filestat.mtim, toNanoseconds(stat.dataModificationTimestamp), true);
  v.setBigUint64(ptr + Filestat.ctim, toNanoseconds(stat.statusChangeTimestamp), true);
}

/**
 * An extension to wasi:filesystem's descriptor that the project's Node host
 * offers: stat and metadataHash (or statAt and metadataHashAt) from one
 * lookup instead of two, into a record the caller owns, so a preview1
 * filestat costs one system call and no objects. Other hosts get the 0.2
 * calls.
 */
interface StatsInto {
  statInto?(out: RawStat): void;
  statAtInto?(pathFlags: PathFlags, path: string, out: RawStat): void;
}

/** Filled and read within one call, which never nests. */
const raw: RawStat = { type: 'unknown', ino: 0n, linkCount: 0n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };

function writeRawFilestat(mem: GuestMemory, ptr: number, s: RawStat): void {
  const v = mem.view;
  v.setBigUint64(ptr + Filestat.dev, DEV, true);
  v.setBigUint64(ptr + Filestat.ino, s.ino, true);
  v.setUint8(ptr + Filestat.filetype, filetypeOf(s.type));
  v.setBigUint64(ptr + Filestat.nlink, s.linkCount, true);
  v.setBigUint64(ptr + Filestat.size, s.size, true);
  v.setBigUint64(ptr + Filestat.atim, s.atim, true);
  v.setBigUint64(ptr + Filestat.mtim, s.mtim, true);
  v.setBigUint64(ptr + Filestat.ctim, s.ctim, true);
}

/** fd_filestat_get's answer for a file or directory descriptor, written at `ptr`. */
export function writeFilestatOf(mem: GuestMemory, ptr: number, d: Descriptor): void {
  mem.check(ptr, Filestat.SIZE);
  const fast = d as Descriptor & StatsInto;
  if (fast.statInto === undefined) {
    writeFilestat(mem, ptr, d.stat(), d.metadataHash().lower);
  } else {
    fast.statInto(raw);
    writeRawFilestat(mem, ptr, raw);
  }
}

/** path_filestat_get's answer, written at `ptr`. */
export function writeFilestatAt(mem: GuestMemory, ptr: number, d: Descriptor, pathFlags: PathFlags, path: string): void {
  mem.check(ptr, Filestat.SIZE);
  const fast = d as Descriptor & StatsInto;
  if (fast.statAtInto === undefined) {
    writeFilestat(mem, ptr, d.statAt(pathFlags, path), d.metadataHashAt(pathFlags, path).lower);
  } else {
    fast.statAtInto(pathFlags, path, raw);
    writeRawFilestat(mem, ptr, raw);
  }
}

/**
 * The fst_flags of fd/path_filestat_set_times as two 0.2 timestamps. "Now"
 * is read from the host's wall clock here rather than left to the host:
 * preview2-shim gets its own "now" wrong by a factor of 1000 in setTimesAt.
 */
export function newTimestamps(ctx: Context, atim: bigint, mtim: bigint, flags: number): [NewTimestamp, NewTimestamp] {
  if (flags & ~(Fstflags.ATIM | Fstflags.ATIM_NOW | Fstflags.MTIM | Fstflags.MTIM_NOW)) throw Errno.INVAL;
  return [
    newTimestamp(ctx, atim, (flags & Fstflags.ATIM) !== 0, (flags & Fstflags.ATIM_NOW) !== 0),
    newTimestamp(ctx, mtim, (flags & Fstflags.MTIM) !== 0, (flags & Fstflags.MTIM_NOW) !== 0),
  ];
}

function newTimestamp(ctx: Context, value: bigint, set: boolean, now: boolean): NewTimestamp {
  if (set && now) throw Errno.INVAL;
  if (now) return { tag: 'timestamp', val: ctx.host['wasi:clocks/wall-clock'].now() };
  if (set) return { tag: 'timestamp', val: toDatetime(value) };
  return { tag: 'no-change' };
}

const dirFlags = { symlinkFollow: false };
const dotOpen = { directory: true };
const dotFlags = { read: true };

/**
 * A directory handle that answers stat, readDirectory and metadataHash.
 * preview2-shim's preopen descriptors fail all three, so when the preopen's
 * own handle refuses, the adapter reopens "." through it once and keeps that.
 */
export function withDirectory<T>(entry: DirectoryEntry, op: (d: Descriptor) => T): T {
  try {
    return op(entry.reopened ?? entry.descriptor);
  } catch (err) {
    if (entry.reopened !== undefined || (err !== 'invalid' && err !== 'bad-descriptor')) throw err;
    entry.reopened = entry.descriptor.openAt(dirFlags, '.', dotOpen, dotFlags);
    return op(entry.reopened);
  }
}

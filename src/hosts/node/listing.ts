/**
 * The node host's directory listings: the native part's records where it is
 * built, readdirSync's entries otherwise, in one name order either way, and
 * the stream of entries that wasi:filesystem's read-directory gives.
 */
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import type { DescriptorType } from '../../../adapter/host.js';
import { fsCode } from './errors.js';
import { DT, nativeError, Record, type Native } from './native.js';

/** The file-type bits of a stat mode. */
export const S_IFMT = 0o170000n;
const BIGINT = { bigint: true, throwIfNoEntry: false } as const;
const NUMBER_STAT = { throwIfNoEntry: false } as const;
const WITH_TYPES = { withFileTypes: true } as const;

/** A file's type from its stat mode. */
export function typeOfMode(mode: bigint): DescriptorType {
  switch (mode & S_IFMT) {
    case 0o100000n: return 'regular-file';
    case 0o040000n: return 'directory';
    case 0o120000n: return 'symbolic-link';
    case 0o020000n: return 'character-device';
    case 0o060000n: return 'block-device';
    case 0o010000n: return 'fifo';
    case 0o140000n: return 'socket';
    default: return 'unknown';
  }
}

function typeOfDirent(d: Dirent): DescriptorType {
  if (d.isFile()) return 'regular-file';
  if (d.isDirectory()) return 'directory';
  if (d.isSymbolicLink()) return 'symbolic-link';
  if (d.isCharacterDevice()) return 'character-device';
  if (d.isBlockDevice()) return 'block-device';
  if (d.isFIFO()) return 'fifo';
  if (d.isSocket()) return 'socket';
  return 'unknown';
}

function typeOfDt(type: number): DescriptorType {
  switch (type) {
    case DT.REG: return 'regular-file';
    case DT.DIR: return 'directory';
    case DT.LNK: return 'symbolic-link';
    case DT.CHR: return 'character-device';
    case DT.BLK: return 'block-device';
    case DT.FIFO: return 'fifo';
    case DT.SOCK: return 'socket';
    default: return 'unknown';
  }
}

/**
 * The inode number of a directory entry, as metadataHashAt gives it (`lower`)
 * without following a symlink. lstat with number fields costs less than with
 * bigints; an inode number past 2^53 is read again exactly.
 */
function inodeOf(path: string): bigint {
  try {
    const st = lstatSync(path, NUMBER_STAT);
    if (!st) throw 'no-entry';
    if (st.ino <= Number.MAX_SAFE_INTEGER) return BigInt(st.ino);
    const exact = lstatSync(path, BIGINT);
    if (!exact) throw 'no-entry';
    return exact.ino;
  } catch (e) {
    throw fsCode(e);
  }
}

/** One entry of a listing, as the adapter's extension reads it. */
interface ListedEntry { name: string; type: DescriptorType; ino: bigint }

/** strcmp's order of two names' UTF-8 bytes, which is the order of their code points. */
function byName(a: Dirent, b: Dirent): number {
  const x = a.name;
  const y = b.name;
  const n = Math.min(x.length, y.length);
  let i = 0;
  while (i < n && x.charCodeAt(i) === y.charCodeAt(i)) i++;
  if (i === n) return x.length - y.length;
  // Past a shared lead surrogate, the whole code points decide.
  const at = i > 0 && (x.charCodeAt(i - 1) & 0xfc00) === 0xd800 ? i - 1 : i;
  return x.codePointAt(at)! - y.codePointAt(at)!;
}

/**
 * An entry's type from lstat, for a Dirent that names none: Deno's has no
 * FIFO, socket or device types.
 */
function typeOfEntry(path: string): DescriptorType {
  try {
    const st = lstatSync(path, BIGINT);
    return st ? typeOfMode(st.mode) : 'unknown';
  } catch (e) {
    throw fsCode(e);
  }
}

/** readdirSync's entries; inodes cost an lstat each, through the directory's prefix. */
class DirentListing {
  #next = 0;
  constructor(readonly entries: readonly Dirent[], readonly prefix: string) {}
  next(out: ListedEntry, withInode: boolean): boolean {
    const e = this.entries[this.#next];
    if (e === undefined) return false;
    this.#next++;
    out.name = e.name;
    const type = typeOfDirent(e);
    out.type = type === 'unknown' ? typeOfEntry(this.prefix + e.name) : type;
    if (withInode) out.ino = inodeOf(this.prefix + e.name);
    return true;
  }
}

/** The native part's records (see native.ts): inodes come with the names. */
class RecordListing {
  #at = 0;
  constructor(readonly records: Buffer) {}
  next(out: ListedEntry, withInode: boolean): boolean {
    const r = this.records;
    const at = this.#at;
    if (at >= r.length) return false;
    const name = at + Record.name;
    const end = name + r.readUInt16LE(at + Record.namlen);
    out.name = r.toString('utf8', name, end);
    out.type = typeOfDt(r[at + Record.type]!);
    if (withInode) out.ino = r.readBigUInt64LE(at + Record.ino);
    this.#at = end;
    return true;
  }
}

const EMPTY_LISTING = new DirentListing([], '');
/** readDirectoryEntry's scratch entry: its fields are copied out before it is used again. */
const scratchEntry: ListedEntry = { name: '', type: 'unknown', ino: 0n };

export class DirectoryEntryStream {
  #listing: DirentListing | RecordListing;
  /** @internal */
  constructor(listing: DirentListing | RecordListing) {
    this.#listing = listing;
  }
  readDirectoryEntry(): { type: DescriptorType; name: string } | undefined {
    if (!this.#listing.next(scratchEntry, false)) return undefined;
    return { type: scratchEntry.type, name: scratchEntry.name };
  }
  /**
   * @internal An extension to wasi:filesystem that the adapter uses when a
   * stream has it: the next entry and its inode number (what the directory's
   * metadataHashAt gives as `lower`, symlinks not followed) into `out`, so a
   * listing makes no objects per entry; false at the end.
   */
  readDirectoryEntryInto(out: ListedEntry): boolean {
    return this.#listing.next(out, true);
  }
  [Symbol.dispose](): void {
    this.#listing = EMPTY_LISTING;
  }
}

/**
 * The stream of the entries of the directory open as `fd` (whose path is
 * `prefix`, ending in a slash), through the native part where there is one.
 */
export function listDirectory(fd: number, prefix: string, native: Native | undefined): DirectoryEntryStream {
  if (native !== undefined) {
    const records = native.listDirectory(fd);
    if (typeof records === 'number') throw fsCode(nativeError(records, 'getdents64'));
    return new DirectoryEntryStream(new RecordListing(records));
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(prefix.length > 1 ? prefix.slice(0, -1) : prefix, WITH_TYPES);
  } catch (e) {
    throw fsCode(e);
  }
  // Node's readdir (libuv's scandir) sorts by name, Bun's does not: sort, so every runtime and the native part agree.
  return new DirectoryEntryStream(new DirentListing(entries.sort(byName), prefix));
}

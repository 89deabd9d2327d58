import type {
  DescriptorFlags, DescriptorStat, DescriptorType, NewTimestamp, OpenFlags, PathFlags, RawStat,
} from '../../../adapter/host.js';
import { accessed, MAX_FILE_SIZE, modified, type DirectoryNode, type FileNode, type FileSystem, type Node } from './inode.js';
import * as paths from './paths.js';
import type { Scheduler } from './poll.js';
import { FileSink, FileSource, InputStream, OutputStream } from './streams.js';

type Advice = 'normal' | 'sequential' | 'random' | 'will-need' | 'dont-need' | 'no-reuse';
type MetadataHashValue = { lower: bigint; upper: bigint };

/** The most one read hands out, as the node host. */
const MAX_READ = 16 * 1024 * 1024;
const MAX_READ_BIG = BigInt(MAX_READ);
const MAX_FILE_SIZE_BIG = BigInt(MAX_FILE_SIZE);
/** A size past off_t's range, which ftruncate refuses as 'invalid' rather than too large. */
const OFF_T_LIMIT = 1n << 63n;

function statOf(node: Node): DescriptorStat {
  return {
    type: node.type,
    linkCount: BigInt(node.nlink),
    size: BigInt(node.size),
    dataAccessTimestamp: node.atime.datetime(),
    dataModificationTimestamp: node.mtime.datetime(),
    statusChangeTimestamp: node.ctime.datetime(),
  };
}

function fillRaw(node: Node, out: RawStat): void {
  out.type = node.type;
  out.ino = node.inoBig;
  out.linkCount = BigInt(node.nlink);
  out.size = BigInt(node.size);
  out.atim = node.atime.ns();
  out.mtim = node.mtime.ns();
  out.ctim = node.ctime.ns();
}

/** set-times: both 'no-change' changes nothing, not even ctime, as utimensat with UTIME_OMIT twice. */
function setTimes(node: Node, atime: NewTimestamp, mtime: NewTimestamp): void {
  if (atime.tag === 'no-change' && mtime.tag === 'no-change') return;
  node.atime.apply(atime);
  node.mtime.apply(mtime);
  node.ctime.touch();
}

/**
 * wasi:filesystem's descriptor on a file or directory of the tree. What it
 * may do is fixed at open by its flags: reading, writing; byte I/O and
 * streams are for files ('bad-descriptor' on a directory, as wasmtime), path
 * operations for directories ('not-directory' on a file).
 */
export class Descriptor {
  #node: FileNode | DirectoryNode | undefined;
  readonly #flags: DescriptorFlags;
  readonly #fs: FileSystem;
  readonly #scheduler: Scheduler;

  /** @internal made by the host (preopens) and by openAt */
  constructor(fs: FileSystem, scheduler: Scheduler, node: FileNode | DirectoryNode, flags: DescriptorFlags) {
    this.#fs = fs;
    this.#scheduler = scheduler;
    this.#node = node;
    this.#flags = flags;
  }

  #open(): FileNode | DirectoryNode {
    const node = this.#node;
    if (node === undefined) throw 'bad-descriptor';
    return node;
  }

  #file(): FileNode {
    const node = this.#node;
    if (node === undefined || node.type !== 'regular-file') throw 'bad-descriptor';
    return node;
  }

  #readable(): FileNode {
    const file = this.#file();
    if (!this.#flags.read) throw 'bad-descriptor';
    return file;
  }

  #writable(): FileNode {
    const file = this.#file();
    if (!this.#flags.write) throw 'bad-descriptor';
    return file;
  }

  #directory(): DirectoryNode {
    const node = this.#node;
    if (node === undefined) throw 'bad-descriptor';
    if (node.type !== 'directory') throw 'not-directory';
    return node;
  }

  /** The directory a path operation on `other` starts from; another tree's descriptor is 'cross-device'. */
  #directoryOf(other: Descriptor): DirectoryNode {
    if (!(other instanceof Descriptor) || other.#fs !== this.#fs) throw 'cross-device';
    return other.#directory();
  }

  readViaStream(offset: bigint): InputStream {
    return new InputStream(new FileSource(this.#readable(), Number(offset)), this.#scheduler);
  }

  writeViaStream(offset: bigint): OutputStream {
    if (offset > MAX_FILE_SIZE_BIG) throw 'file-too-large';
    return new OutputStream(new FileSink(this.#writable(), Number(offset), false), this.#scheduler);
  }

  appendViaStream(): OutputStream {
    return new OutputStream(new FileSink(this.#writable(), 0, true), this.#scheduler);
  }

  /** Advice is a hint with nothing to tune in memory. */
  advise(_offset: bigint, _length: bigint, _advice: Advice): void {
    this.#file();
  }

  /** Nothing to sync: the tree is the storage. */
  syncData(): void {
    this.#open();
  }

  sync(): void {
    this.#open();
  }

  getFlags(): DescriptorFlags {
    this.#open();
    return { ...this.#flags };
  }

  getType(): DescriptorType {
    return this.#open().type;
  }

  /** ftruncate: 'invalid' when not open for writing or past off_t, as Linux. */
  setSize(size: bigint): void {
    const file = this.#file();
    if (!this.#flags.write || size >= OFF_T_LIMIT) throw 'invalid';
    if (size > MAX_FILE_SIZE_BIG) throw 'file-too-large';
    file.truncate(Number(size));
    modified(file);
  }

  setTimes(dataAccessTimestamp: NewTimestamp, dataModificationTimestamp: NewTimestamp): void {
    setTimes(this.#open(), dataAccessTimestamp, dataModificationTimestamp);
  }

  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    const file = this.#readable();
    const size = file.size;
    // Numbers, not bigints, on the way: an offset past 2^53 is past every size anyway.
    const from = Math.min(Number(offset), size);
    const n = Math.min(size - from, length > MAX_READ_BIG ? MAX_READ : Number(length));
    const out = new Uint8Array(n);
    file.readInto(out, 0, n, from);
    accessed(file);
    return [out, from + n >= size];
  }

  /**
   * @internal An extension to wasi:filesystem that the adapter uses when a
   * descriptor has it: `read` into the caller's buffer, so a guest's fd_read
   * is one copy from the file into its memory. Reads up to `length` bytes at
   * `offset` into `buffer` from `start`; returns how many, 0 at the end.
   */
  readInto(buffer: Uint8Array, start: number, length: number, offset: bigint): number {
    const file = this.#readable();
    const n = file.readInto(buffer, start, length, Number(offset));
    accessed(file);
    return n;
  }

  write(buffer: Uint8Array, offset: bigint): bigint {
    const file = this.#writable();
    const at = Number(offset);
    if (at + buffer.length > MAX_FILE_SIZE) throw 'file-too-large';
    file.write(buffer, at);
    modified(file);
    return BigInt(buffer.length);
  }

  readDirectory(): DirectoryEntryStream {
    const dir = this.#directory();
    accessed(dir);
    return new DirectoryEntryStream(dir);
  }

  createDirectoryAt(path: string): void {
    paths.createDirectoryAt(this.#fs, this.#directory(), path);
  }

  stat(): DescriptorStat {
    return statOf(this.#open());
  }

  /**
   * @internal An extension to wasi:filesystem that the adapter uses when a
   * descriptor has it: stat and metadataHash at once, into `out`.
   */
  statInto(out: RawStat): void {
    fillRaw(this.#open(), out);
  }

  statAt(pathFlags: PathFlags, path: string): DescriptorStat {
    return statOf(paths.lookup(this.#directory(), path, pathFlags.symlinkFollow === true));
  }

  /**
   * @internal An extension to wasi:filesystem that the adapter uses when a
   * descriptor has it: statAt and metadataHashAt from one lookup, into `out`.
   */
  statAtInto(pathFlags: PathFlags, path: string, out: RawStat): void {
    fillRaw(paths.lookup(this.#directory(), path, pathFlags.symlinkFollow === true), out);
  }

  setTimesAt(pathFlags: PathFlags, path: string, dataAccessTimestamp: NewTimestamp, dataModificationTimestamp: NewTimestamp): void {
    const node = paths.lookup(this.#directory(), path, pathFlags.symlinkFollow === true);
    setTimes(node, dataAccessTimestamp, dataModificationTimestamp);
  }

  linkAt(oldPathFlags: PathFlags, oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    const from = this.#directory();
    paths.linkAt(from, oldPathFlags.symlinkFollow === true, oldPath, this.#directoryOf(newDescriptor), newPath);
  }

  openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: DescriptorFlags): Descriptor {
    const node = paths.openAt(this.#fs, this.#directory(), pathFlags.symlinkFollow === true, path, openFlags, flags.write === true);
    const { read, write, fileIntegritySync, dataIntegritySync, requestedWriteSync, mutateDirectory } = flags;
    return new Descriptor(this.#fs, this.#scheduler, node,
      { read, write, fileIntegritySync, dataIntegritySync, requestedWriteSync, mutateDirectory });
  }

  readlinkAt(path: string): string {
    return paths.readlinkAt(this.#directory(), path);
  }

  removeDirectoryAt(path: string): void {
    paths.removeDirectoryAt(this.#directory(), path);
  }

  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    const from = this.#directory();
    paths.renameAt(from, oldPath, this.#directoryOf(newDescriptor), newPath);
  }

  symlinkAt(oldPath: string, newPath: string): void {
    paths.symlinkAt(this.#fs, this.#directory(), oldPath, newPath);
  }

  unlinkFileAt(path: string): void {
    paths.unlinkFileAt(this.#directory(), path);
  }

  isSameObject(other: Descriptor): boolean {
    return other instanceof Descriptor && other.#node !== undefined && other.#node === this.#node;
  }

  /** The inode number as `lower`, the tree as `upper`: every name of one file hashes alike. */
  metadataHash(): MetadataHashValue {
    return { lower: this.#open().inoBig, upper: this.#fs.dev };
  }

  metadataHashAt(pathFlags: PathFlags, path: string): MetadataHashValue {
    const node = paths.lookup(this.#directory(), path, pathFlags.symlinkFollow === true);
    return { lower: node.inoBig, upper: this.#fs.dev };
  }

  [Symbol.dispose](): void {
    this.#node = undefined;
  }
}

/** One entry of a listing, as the adapter's extension reads it. */
interface ListedEntry { name: string; type: DescriptorType; ino: bigint }

/**
 * A directory's entries ('.' and '..' left out, as 0.2 does) in name order,
 * as they were when the listing began; an entry removed since is skipped.
 */
export class DirectoryEntryStream {
  #dir: DirectoryNode | undefined;
  readonly #names: readonly string[];
  #next = 0;

  /** @internal */
  constructor(dir: DirectoryNode) {
    this.#dir = dir;
    this.#names = dir.sortedNames();
  }

  readDirectoryEntry(): { type: DescriptorType; name: string } | undefined {
    const node = this.#advance();
    return node === undefined ? undefined : { type: node.type, name: this.#names[this.#next - 1]! };
  }

  /**
   * @internal An extension to wasi:filesystem that the adapter uses when a
   * stream has it: the next entry and its inode number into `out`, so a
   * listing makes no objects per entry; false at the end.
   */
  readDirectoryEntryInto(out: ListedEntry): boolean {
    const node = this.#advance();
    if (node === undefined) return false;
    out.name = this.#names[this.#next - 1]!;
    out.type = node.type;
    out.ino = node.inoBig;
    return true;
  }

  #advance(): Node | undefined {
    const dir = this.#dir;
    if (dir === undefined) return undefined;
    while (this.#next < this.#names.length) {
      const node = dir.entries.get(this.#names[this.#next++]!);
      if (node !== undefined) return node;
    }
    return undefined;
  }

  [Symbol.dispose](): void {
    this.#dir = undefined;
  }
}

import { Timestamp } from './time.js';

/** The largest file size a number holds exactly; past it a size or offset is 'file-too-large'. */
export const MAX_FILE_SIZE = Number.MAX_SAFE_INTEGER;
/** A file's buffer starts this large and doubles, so a run of small appends copies little. */
const MIN_CAPACITY = 64;

/** One tree: inode numbers are unique within it, and `dev` tells it from other trees in metadata hashes. */
export class FileSystem {
  #nextIno = 1;
  readonly root: DirectoryNode;
  constructor(readonly dev: bigint) {
    this.root = new DirectoryNode(this);
  }
  allocateIno(): number {
    return this.#nextIno++;
  }
}

/** What every inode has: a number, a link count and three timestamps. */
abstract class BaseNode {
  readonly ino: number;
  readonly inoBig: bigint;
  /** Directory entries naming it; for a directory, 2 plus its subdirectories, 0 once removed. */
  nlink = 0;
  readonly atime = new Timestamp();
  readonly mtime = new Timestamp();
  readonly ctime = new Timestamp();
  constructor(fs: FileSystem) {
    this.ino = fs.allocateIno();
    this.inoBig = BigInt(this.ino);
    this.atime.touch();
    this.mtime.copy(this.atime);
    this.ctime.copy(this.atime);
  }
  abstract get size(): number;
}

/**
 * A regular file. Its logical size may pass what the buffer holds: bytes
 * past `used` read as zeros, so growing a file with set-size costs nothing
 * until something is written there. The buffer is zero past `used`, which
 * makes a write past the end zero-fill the gap by itself.
 */
export class FileNode extends BaseNode {
  readonly type = 'regular-file';
  #bytes: Uint8Array;
  #used = 0;
  #size = 0;
  constructor(fs: FileSystem, content?: Uint8Array) {
    super(fs);
    this.#bytes = content === undefined ? new Uint8Array(0) : content.slice();
    this.#used = this.#size = this.#bytes.length;
  }

  get size(): number {
    return this.#size;
  }

  /** Copies up to `length` bytes at `offset` into `into` from `start`; returns how many (0 at or past the end). */
  readInto(into: Uint8Array, start: number, length: number, offset: number): number {
    if (offset >= this.#size) return 0;
    const n = Math.min(length, this.#size - offset);
    const fromBuffer = Math.max(0, Math.min(n, this.#used - offset));
    if (fromBuffer > 0) into.set(this.#bytes.subarray(offset, offset + fromBuffer), start);
    if (fromBuffer < n) into.fill(0, start + fromBuffer, start + n);
    return n;
  }

  /** Writes all of `data` at `offset`, growing the file (zero-filled) as needed. */
  write(data: Uint8Array, offset: number): void {
    const end = offset + data.length;
    if (end > MAX_FILE_SIZE) throw 'file-too-large';
    if (end > this.#bytes.length) this.#grow(end);
    this.#bytes.set(data, offset);
    if (end > this.#used) this.#used = end;
    if (end > this.#size) this.#size = end;
  }

  /** Sets the size: a shorter file loses its tail, a longer one reads zeros there. */
  truncate(size: number): void {
    if (size < this.#used) {
      this.#bytes.fill(0, size, this.#used);
      this.#used = size;
    }
    this.#size = size;
  }

  /** The content, as a copy. */
  content(): Uint8Array {
    const out = new Uint8Array(this.#size);
    out.set(this.#bytes.subarray(0, this.#used));
    return out;
  }

  #grow(end: number): void {
    let capacity: number;
    let bytes: Uint8Array;
    try {
      capacity = Math.max(end, MIN_CAPACITY, Math.min(this.#bytes.length * 2, MAX_FILE_SIZE));
      bytes = new Uint8Array(capacity);
    } catch {
      // Doubling asked for more than the platform gives: try the exact size before giving up.
      try {
        bytes = new Uint8Array(end);
      } catch {
        throw 'insufficient-space';
      }
    }
    bytes.set(this.#bytes.subarray(0, this.#used));
    this.#bytes = bytes;
  }
}

/** Reported as a directory's size, as ext4 does; 0.2 gives it no meaning. */
const DIRECTORY_SIZE = 4096;

export class DirectoryNode extends BaseNode {
  readonly type = 'directory';
  readonly entries = new Map<string, Node>();
  /** The directory holding this one; the root is its own parent. */
  parent: DirectoryNode = this;
  /** Removed from the tree: nothing can be created in it any more. */
  removed = false;
  #sorted: string[] | undefined;

  constructor(fs: FileSystem) {
    super(fs);
    this.nlink = 2;
  }

  get size(): number {
    return DIRECTORY_SIZE;
  }

  /** Entry names in order (UTF-16 order, which is byte order for every name short of the astral planes), kept until a change. */
  sortedNames(): readonly string[] {
    return (this.#sorted ??= [...this.entries.keys()].sort());
  }

  /** Adds an entry; the caller has checked the name is free. */
  add(name: string, node: Node): void {
    this.entries.set(name, node);
    this.#sorted = undefined;
    if (node.type === 'directory') {
      node.parent = this;
      this.nlink++;
    } else {
      node.nlink++;
    }
    this.#changed();
    node.ctime.touch();
  }

  /** Takes an entry out, for a rename to put back elsewhere, or for remove() to end. */
  detach(name: string, node: Node): void {
    this.entries.delete(name);
    this.#sorted = undefined;
    if (node.type === 'directory') this.nlink--;
    else node.nlink--;
    this.#changed();
    node.ctime.touch();
  }

  /** Unlinks an entry; a directory removed (it is empty) can hold nothing any more. */
  remove(name: string, node: Node): void {
    this.detach(name, node);
    if (node.type === 'directory') {
      node.nlink = 0;
      node.removed = true;
    }
  }

  /** Whether this directory is `ancestor` or lies somewhere beneath it. */
  isAtOrBelow(ancestor: DirectoryNode): boolean {
    for (let d: DirectoryNode = this; ; d = d.parent) {
      if (d === ancestor) return true;
      if (d.parent === d) return false;
    }
  }

  #changed(): void {
    this.mtime.touch();
    this.ctime.copy(this.mtime);
  }
}

export class SymlinkNode extends BaseNode {
  readonly type = 'symbolic-link';
  readonly #size: number;
  constructor(fs: FileSystem, readonly target: string) {
    super(fs);
    this.#size = new TextEncoder().encode(target).length;
  }
  get size(): number {
    return this.#size;
  }
}

export type Node = FileNode | DirectoryNode | SymlinkNode;

/**
 * Marks data read, as Linux does by default (relatime): only when the access
 * time is not already later than the last change, or is a day old. Reading
 * the clock on every read was most of what a small read cost in a browser.
 */
export function accessed(node: Node): void {
  const atime = node.atime;
  if (atime.notAfter(node.mtime) || atime.notAfter(node.ctime) || atime.dayOld()) atime.touch();
}

/** Marks data changed: mtime and ctime. */
export function modified(node: Node): void {
  node.mtime.touch();
  node.ctime.copy(node.mtime);
}

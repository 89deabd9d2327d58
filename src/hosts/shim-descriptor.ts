import type { Descriptor, DescriptorFlags, DescriptorType, NewTimestamp, OpenFlags, PathFlags } from '../../adapter/host.js';
import { drop } from '../../adapter/entries.js';
import { runtime } from '../runtime.js';

type D = Descriptor;
type Args<K extends keyof D> = D[K] extends (...args: infer A) => unknown ? A : never;

/**
 * preview2-shim's fd-level setTimes hands Node's futimes milliseconds where it
 * takes seconds (files land in the year 50,000). The shim's timestampToMs is
 * seconds*1000 + ns/1e6; this picks the Datetime for which that sum equals the
 * wanted time in seconds, so futimes gets what was meant.
 */
function cancelMillisBug(t: NewTimestamp): NewTimestamp {
  if (t.tag !== 'timestamp') return t;
  const total = t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds);
  return { tag: 'timestamp', val: { seconds: total / 1_000_000_000_000n, nanoseconds: Number((total % 1_000_000_000_000n) / 1000n) } };
}

/**
 * Deno's node:fs, beneath the shim, opens an existing entry for a create
 * without write access (exclusive or not, a directory too), and removes an
 * empty directory for unlink.
 */
const DENO_FS = runtime === 'deno';

/**
 * A preview2-shim descriptor with its fd-level timestamp defect fixed; every
 * other call passes straight through, and descriptors it opens are wrapped too.
 */
export class ShimDescriptor {
  constructor(readonly inner: D) {}
  static wrap(d: D): D { return new ShimDescriptor(d) as unknown as D; }
  static unwrap(d: D): D { return (d as unknown as ShimDescriptor).inner ?? d; }

  readViaStream(...a: Args<'readViaStream'>) { return this.inner.readViaStream(...a); }
  writeViaStream(...a: Args<'writeViaStream'>) { return this.inner.writeViaStream(...a); }
  appendViaStream() { return this.inner.appendViaStream(); }
  advise(...a: Args<'advise'>) { return this.inner.advise(...a); }
  syncData() { return this.inner.syncData(); }
  getFlags() { return this.inner.getFlags(); }
  getType() { return this.inner.getType(); }
  setSize(...a: Args<'setSize'>) { return this.inner.setSize(...a); }
  setTimes(atime: NewTimestamp, mtime: NewTimestamp): void {
    if (atime.tag === 'no-change' || mtime.tag === 'no-change') {
      const stat = this.inner.stat();
      if (atime.tag === 'no-change') atime = { tag: 'timestamp', val: stat.dataAccessTimestamp! };
      if (mtime.tag === 'no-change') mtime = { tag: 'timestamp', val: stat.dataModificationTimestamp! };
    }
    this.inner.setTimes(cancelMillisBug(atime), cancelMillisBug(mtime));
  }
  read(...a: Args<'read'>) { return this.inner.read(...a); }
  /**
   * The shim posts the buffer to its worker, and structured clone copies a
   * view's whole ArrayBuffer: for a view of guest memory, all of it. An exact copy goes instead.
   */
  write(buffer: Uint8Array, offset: bigint) {
    return this.inner.write(buffer.byteLength === buffer.buffer.byteLength ? buffer : buffer.slice(), offset);
  }
  readDirectory() { return this.inner.readDirectory(); }
  sync() { return this.inner.sync(); }
  createDirectoryAt(...a: Args<'createDirectoryAt'>) { return this.inner.createDirectoryAt(...a); }
  stat() { return this.inner.stat(); }
  statAt(...a: Args<'statAt'>) { return this.inner.statAt(...a); }
  setTimesAt(...a: Args<'setTimesAt'>) { return this.inner.setTimesAt(...a); }
  linkAt(flags: Args<'linkAt'>[0], old: string, to: D, path: string) { return this.inner.linkAt(flags, old, ShimDescriptor.unwrap(to), path); }
  openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: DescriptorFlags): D {
    // Linux ignores O_EXCL without O_CREAT; Deno's node:fs creates the file with it.
    if (openFlags.exclusive && !openFlags.create) openFlags = { ...openFlags, exclusive: false };
    if (DENO_FS && openFlags.create && !flags.write) {
      const type = this.#typeAt(path);
      if (type !== undefined && openFlags.exclusive) throw 'exist';
      if (type === 'directory') throw 'is-directory';
    }
    return ShimDescriptor.wrap(this.inner.openAt(pathFlags, path, openFlags, flags));
  }
  readlinkAt(...a: Args<'readlinkAt'>) { return this.inner.readlinkAt(...a); }
  removeDirectoryAt(...a: Args<'removeDirectoryAt'>) { return this.inner.removeDirectoryAt(...a); }
  renameAt(old: string, to: D, path: string) { return this.inner.renameAt(old, ShimDescriptor.unwrap(to), path); }
  symlinkAt(...a: Args<'symlinkAt'>) { return this.inner.symlinkAt(...a); }
  unlinkFileAt(path: string) {
    if (DENO_FS && this.inner.statAt({}, path).type === 'directory') throw 'is-directory';
    return this.inner.unlinkFileAt(path);
  }
  isSameObject(other: D) { return this.inner.isSameObject(ShimDescriptor.unwrap(other)); }
  metadataHash() { return this.inner.metadataHash(); }
  metadataHashAt(...a: Args<'metadataHashAt'>) { return this.inner.metadataHashAt(...a); }
  [Symbol.dispose](): void { drop(this.inner); }
  /** The type of the entry at `path`, not following a final symlink; undefined when there is none (or it cannot be seen). */
  #typeAt(path: string): DescriptorType | undefined {
    try {
      return this.inner.statAt({}, path).type;
    } catch {
      return undefined;
    }
  }
}

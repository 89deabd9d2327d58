/**
 * wasi:filesystem descriptors over WASI 0.3 ones. Every 0.3 call is async,
 * so every method here answers with a promise: the worker's owner awaits it
 * (runInWorker). Reads keep the 0.3 read stream they opened, so sequential
 * reads continue one stream instead of opening one per read.
 */
import { codeOf, InputStream, readerOf, type ByteReader, type ResultFuture } from './streams.js';

/** A 0.3 descriptor as preview3-shim's, in the shape this layer uses. */
export interface Descriptor3 {
  readViaStream(offset: bigint): [ByteReader, ResultFuture];
  writeViaStream(data: ByteReader, offset: bigint): Promise<unknown>;
  readDirectory(): [ByteReader, ResultFuture];
  [method: string | symbol]: unknown;
}

type Call = (...args: unknown[]) => Promise<unknown>;

/** 0.3 error codes (preview3-shim's FSError with `payload.tag`) thrown as 0.2 hosts throw them: the code itself. */
async function call<T>(d: Descriptor3, name: string, args: unknown[]): Promise<T> {
  try {
    return (await (d[name] as Call).apply(d, args)) as T;
  } catch (err) {
    throw codeOf(err) ?? err;
  }
}

/** preview3-shim gives types as `{ tag }` variants; WIT's descriptor-type is an enum (a string). */
function typeName(t: unknown): string {
  return typeof t === 'string' ? t : String((t as { tag: string }).tag === 'other' ? 'unknown' : (t as { tag: string }).tag);
}

interface Stat3 {
  type: unknown;
  [field: string]: unknown;
}

function stat2(s: Stat3): Stat3 {
  return { ...s, type: typeName(s.type) };
}

/** An open read of the file: where the next byte it gives is, and the changes it has seen. */
interface OpenRead {
  stream: InputStream;
  at: bigint;
  epoch: number;
}

/**
 * Counts the changes to file contents made through any descriptor here: a
 * read stream opened before one may have read ahead what the change replaced,
 * so it is not continued.
 */
let epoch = 0;

/**
 * preview3-shim ignores a trailing slash on a file's name (open-at, rename-at,
 * unlink-file-at, symlink-at all act on the file): what POSIX answers instead,
 * found with a stat of the name.
 */
async function refuseSlashedFile(d: Descriptor3, path: string, missing: 'no-entry' | undefined): Promise<void> {
  if (!path.endsWith('/')) return;
  let type: string;
  try {
    type = typeName((await call<Stat3>(d, 'statAt', [{ symlinkFollow: true }, path.replace(/\/+$/, '')])).type);
  } catch (err) {
    if (err === 'no-entry' && missing !== undefined) throw missing;
    return;
  }
  if (type !== 'directory') throw 'not-directory';
}

export class Descriptor {
  readonly #inner: Descriptor3;
  /** Preopens are the host's: they outlive every caller's descriptor. */
  readonly #shared: boolean;
  #reading: OpenRead | undefined;

  constructor(inner: Descriptor3, shared = false) {
    this.#inner = inner;
    this.#shared = shared;
  }

  static unwrap(d: Descriptor): Descriptor3 {
    return d.#inner;
  }

  async read(length: bigint, offset: bigint): Promise<[Uint8Array, boolean]> {
    let r = this.#reading;
    if (r === undefined || r.at !== offset || r.epoch !== epoch) {
      // preview3-shim cannot cancel a read stream (defect, README): one left behind stays parked in its worker.
      r?.stream[Symbol.dispose]();
      let opened: [ByteReader, ResultFuture];
      try {
        opened = this.#inner.readViaStream(offset);
      } catch (err) {
        throw codeOf(err) ?? err;
      }
      r = this.#reading = { stream: new InputStream(opened[0], opened[1]), at: offset, epoch };
    }
    let data: Uint8Array;
    try {
      data = await r.stream.blockingRead(length);
    } catch (err) {
      this.#reading = undefined;
      if ((err as { tag?: unknown }).tag === 'closed') return [new Uint8Array(0), true];
      throw (err as { val?: { code?: string } }).val?.code ?? err;
    }
    r.at += BigInt(data.length);
    return [data.slice(), false];
  }

  async write(buffer: Uint8Array, offset: bigint): Promise<bigint> {
    this.#dropRead();
    epoch++;
    await call(this.#inner, 'writeViaStream', [readerOf([buffer.slice()]), offset]);
    return BigInt(buffer.length);
  }

  #dropRead(): void {
    this.#reading?.stream[Symbol.dispose]();
    this.#reading = undefined;
  }

  readDirectory(): DirectoryEntryStream {
    try {
      const [entries, result] = this.#inner.readDirectory();
      return new DirectoryEntryStream(entries, result);
    } catch (err) {
      throw codeOf(err) ?? err;
    }
  }

  async getType(): Promise<string> {
    return typeName(await call(this.#inner, 'getType', []));
  }

  async stat(): Promise<Stat3> {
    return stat2(await call<Stat3>(this.#inner, 'stat', []));
  }

  async statAt(pathFlags: unknown, path: string): Promise<Stat3> {
    return stat2(await call<Stat3>(this.#inner, 'statAt', [pathFlags, path]));
  }

  async openAt(pathFlags: unknown, path: string, openFlags: { truncate?: boolean }, flags: unknown): Promise<Descriptor> {
    await refuseSlashedFile(this.#inner, path, undefined);
    if (openFlags.truncate) epoch++;
    return new Descriptor(await call<Descriptor3>(this.#inner, 'openAt', [pathFlags, path, openFlags, flags]));
  }

  setSize(size: bigint): Promise<unknown> {
    this.#dropRead();
    epoch++;
    return call(this.#inner, 'setSize', [size]);
  }

  linkAt(oldPathFlags: unknown, oldPath: string, newDescriptor: Descriptor, newPath: string): Promise<unknown> {
    return call(this.#inner, 'linkAt', [oldPathFlags, oldPath, newDescriptor.#inner, newPath]);
  }

  async renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): Promise<unknown> {
    if (newPath.endsWith('/')) await refuseSlashedFile(this.#inner, `${oldPath.replace(/\/+$/, '')}/`, undefined);
    await refuseSlashedFile(this.#inner, oldPath, undefined);
    return call(this.#inner, 'renameAt', [oldPath, newDescriptor.#inner, newPath]);
  }

  async unlinkFileAt(path: string): Promise<unknown> {
    await refuseSlashedFile(this.#inner, path, undefined);
    return call(this.#inner, 'unlinkFileAt', [path]);
  }

  async symlinkAt(oldPath: string, newPath: string): Promise<unknown> {
    if (newPath.endsWith('/')) {
      await refuseSlashedFile(this.#inner, newPath, 'no-entry');
      throw 'exist';
    }
    return call(this.#inner, 'symlinkAt', [oldPath, newPath]);
  }

  isSameObject(other: Descriptor): Promise<unknown> {
    return call(this.#inner, 'isSameObject', [other.#inner]);
  }

  [Symbol.dispose](): void {
    this.#dropRead();
    if (!this.#shared) (this.#inner[Symbol.dispose] as (() => void) | undefined)?.call(this.#inner);
  }
}

/** The 0.3 calls that take and give only plain values: passed through with their errors made 0.2's. */
const passedThrough = [
  'advise', 'syncData', 'sync', 'getFlags', 'setTimes', 'createDirectoryAt', 'setTimesAt', 'readlinkAt',
  'removeDirectoryAt', 'metadataHash', 'metadataHashAt',
] as const;
for (const name of passedThrough) {
  Object.defineProperty(Descriptor.prototype, name, {
    value(this: Descriptor, ...args: unknown[]) {
      return call(Descriptor.unwrap(this), name, args);
    },
    writable: true,
    configurable: true,
  });
}

/** read-directory's 0.3 stream of entries, read one entry at a time. */
export class DirectoryEntryStream {
  readonly #entries: ByteReader;
  readonly #result: ResultFuture;

  constructor(entries: ByteReader, result: ResultFuture) {
    this.#entries = entries;
    this.#result = result;
  }

  async readDirectoryEntry(): Promise<{ type: string; name: string } | undefined> {
    let entry: { type: unknown; name: string } | null;
    try {
      entry = (await this.#entries.read()) as { type: unknown; name: string } | null;
    } catch (err) {
      throw codeOf(err) ?? err;
    }
    if (entry !== null && entry !== undefined) return { type: typeName(entry.type), name: entry.name };
    try {
      await this.#result;
    } catch (err) {
      throw codeOf(err) ?? err;
    }
    return undefined;
  }

  [Symbol.dispose](): void {
    this.#entries.close?.();
  }
}

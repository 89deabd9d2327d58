import { CLOSED, streamFailure } from './errors.js';
import { accessed, modified, MAX_FILE_SIZE, type FileNode } from './inode.js';
import { readyPollable, sourcePollable, type Pollable, type Readiness, type Scheduler } from './poll.js';

const EMPTY = new Uint8Array(0);
/** The most one read hands out, as the node host. */
const MAX_READ = 16 * 1024 * 1024;
/** What check-write offers: every sink here takes any write at once. */
const WRITE_BUDGET = 1n << 20n;
const ZEROES = new Uint8Array(64 * 1024);

function clampLen(len: bigint): number {
  return len > BigInt(MAX_READ) ? MAX_READ : Number(len);
}

/** Where an input stream's bytes come from. */
export interface Source {
  /** Up to `len` bytes now; empty when none are ready yet; throws CLOSED at the end. */
  read(len: number): Uint8Array;
  /** For sources that may have nothing ready: the bytes once some are (or the end). */
  readLater?(len: number): Promise<Uint8Array>;
  subscribe(scheduler: Scheduler): Pollable;
  dispose(): void;
}

/** Where an output stream's bytes go; a write is taken whole, at once. */
export interface Sink {
  write(bytes: Uint8Array): void;
  dispose(): void;
}

/**
 * wasi:io/streams' input-stream. A stream over a file owns its source; the
 * host's stdin is handed to every caller, so dropping it lets go of nothing
 * (the host's close() does).
 */
export class InputStream {
  readonly #source: Source;
  readonly #scheduler: Scheduler;
  readonly #owned: boolean;
  /** @internal */
  constructor(source: Source, scheduler: Scheduler, owned = true) {
    this.#source = source;
    this.#scheduler = scheduler;
    this.#owned = owned;
  }
  read(len: bigint): Uint8Array {
    return this.#source.read(clampLen(len));
  }
  blockingRead(len: bigint): Uint8Array | Promise<Uint8Array> {
    const n = clampLen(len);
    const data = this.#source.read(n);
    if (data.length > 0 || n === 0 || this.#source.readLater === undefined) return data;
    return this.#source.readLater(n);
  }
  skip(len: bigint): bigint {
    return BigInt(this.read(len).length);
  }
  blockingSkip(len: bigint): bigint | Promise<bigint> {
    const data = this.blockingRead(len);
    return data instanceof Uint8Array ? BigInt(data.length) : data.then((d) => BigInt(d.length));
  }
  subscribe(): Pollable {
    return this.#source.subscribe(this.#scheduler);
  }
  [Symbol.dispose](): void {
    if (this.#owned) this.#source.dispose();
  }
}

/** wasi:io/streams' output-stream; owned as InputStream's source is. */
export class OutputStream {
  readonly #sink: Sink;
  readonly #scheduler: Scheduler;
  readonly #owned: boolean;
  /** @internal */
  constructor(sink: Sink, scheduler: Scheduler, owned = true) {
    this.#sink = sink;
    this.#scheduler = scheduler;
    this.#owned = owned;
  }
  checkWrite(): bigint {
    return WRITE_BUDGET;
  }
  write(contents: Uint8Array): void {
    this.#sink.write(contents);
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.#sink.write(contents);
  }
  flush(): void {}
  blockingFlush(): void {}
  subscribe(): Pollable {
    return readyPollable(this.#scheduler);
  }
  writeZeroes(len: bigint): void {
    for (let left = Number(len); left > 0; left -= ZEROES.length) {
      this.#sink.write(left >= ZEROES.length ? ZEROES : ZEROES.subarray(0, left));
    }
  }
  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len);
  }
  splice(src: InputStream, len: bigint): bigint {
    const data = src.read(len < WRITE_BUDGET ? len : WRITE_BUDGET);
    this.#sink.write(data);
    return BigInt(data.length);
  }
  blockingSplice(src: InputStream, len: bigint): bigint | Promise<bigint> {
    const data = src.blockingRead(len);
    if (data instanceof Uint8Array) {
      this.#sink.write(data);
      return BigInt(data.length);
    }
    return data.then((d) => {
      this.#sink.write(d);
      return BigInt(d.length);
    });
  }
  [Symbol.dispose](): void {
    if (this.#owned) this.#sink.dispose();
  }
}

/** A file read from a position of the stream's own (read-via-stream). */
export class FileSource implements Source {
  constructor(private readonly file: FileNode, private position: number) {}
  read(len: number): Uint8Array {
    if (len === 0) return EMPTY;
    const n = Math.min(len, this.file.size - this.position);
    if (n <= 0) throw CLOSED;
    const out = new Uint8Array(n);
    this.file.readInto(out, 0, n, this.position);
    this.position += n;
    accessed(this.file);
    return out;
  }
  subscribe(scheduler: Scheduler): Pollable {
    return readyPollable(scheduler);
  }
  dispose(): void {}
}

/** A file written at a position of the stream's own (write-via-stream), or always at its end (append-via-stream). */
export class FileSink implements Sink {
  constructor(private readonly file: FileNode, private position: number, private readonly append: boolean) {}
  write(bytes: Uint8Array): void {
    const at = this.append ? this.file.size : this.position;
    if (at + bytes.length > MAX_FILE_SIZE) throw streamFailure('file-too-large');
    try {
      this.file.write(bytes, at);
    } catch (e) {
      throw streamFailure(e);
    }
    this.position = at + bytes.length;
    modified(this.file);
  }
  dispose(): void {}
}

/** stdin from bytes the embedder gave: all there at once, then the end. */
export class BytesSource implements Source {
  #at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  read(len: number): Uint8Array {
    if (len === 0) return EMPTY;
    if (this.#at >= this.bytes.length) throw CLOSED;
    const end = Math.min(this.bytes.length, this.#at + len);
    const out = this.bytes.slice(this.#at, end);
    this.#at = end;
    return out;
  }
  subscribe(scheduler: Scheduler): Pollable {
    return readyPollable(scheduler);
  }
  dispose(): void {}
}

const utf8 = new TextEncoder();

/**
 * stdin from a ReadableStream: one chunk at a time is read when a read or a
 * poll needs bytes and none are held, so nothing is taken from the stream
 * before the guest asks. With nothing held, a blocking read answers with a
 * promise (the adapter suspends the module until it settles).
 */
export class ReadableSource implements Source, Readiness {
  readonly #stream: ReadableStream<Uint8Array>;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #chunk: Uint8Array = EMPTY;
  #at = 0;
  #ended = false;
  #error: unknown;
  #pulling: Promise<void> | undefined;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#stream = stream;
  }

  isReady(): boolean {
    return this.#at < this.#chunk.length || this.#ended;
  }

  changed(): Promise<void> {
    return this.isReady() ? Promise.resolve() : (this.#pulling ??= this.#pull());
  }

  read(len: number): Uint8Array {
    if (len === 0) return EMPTY;
    if (this.#at < this.#chunk.length) {
      const end = Math.min(this.#chunk.length, this.#at + len);
      const out = this.#chunk.slice(this.#at, end);
      this.#at = end;
      return out;
    }
    if (this.#ended) throw this.#error === undefined ? CLOSED : streamFailure(this.#error);
    void this.changed();
    return EMPTY;
  }

  async readLater(len: number): Promise<Uint8Array> {
    while (!this.isReady()) await this.changed();
    return this.read(len);
  }

  subscribe(scheduler: Scheduler): Pollable {
    return sourcePollable(scheduler, this);
  }

  /** Lets go of the stream (a read in flight ends); the bytes not yet read stay in it. */
  dispose(): void {
    const reader = this.#reader;
    this.#reader = undefined;
    this.#ended = true;
    try {
      reader?.releaseLock();
    } catch {
      // An older engine refuses to release with a read pending; the stream is then left locked.
    }
  }

  async #pull(): Promise<void> {
    try {
      if (this.#ended) return;
      this.#reader ??= this.#stream.getReader();
      const { done, value } = await this.#reader.read();
      if (done) {
        this.#ended = true;
      } else {
        this.#chunk = typeof value === 'string' ? utf8.encode(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        this.#at = 0;
      }
    } catch (e) {
      if (!this.#ended) this.#error = e;
      this.#ended = true;
    } finally {
      this.#pulling = undefined;
    }
  }
}

/** stdout or stderr to the embedder's function, which gets its own copy of each write. */
export class CallbackSink implements Sink {
  constructor(private readonly callback: (bytes: Uint8Array) => void) {}
  write(bytes: Uint8Array): void {
    if (bytes.length > 0) this.callback(bytes.slice());
  }
  dispose(): void {}
}

/**
 * stdout or stderr to a WritableStream. Writes are queued on it without
 * waiting (the guest's write has happened once the stream holds it); a write
 * the stream rejects makes the next one fail.
 */
export class WritableSink implements Sink {
  readonly #stream: WritableStream<Uint8Array>;
  #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  #error: unknown;
  #failed = false;
  readonly #fail = (e: unknown): void => {
    if (this.#failed) return;
    this.#failed = true;
    this.#error = e;
  };

  constructor(stream: WritableStream<Uint8Array>) {
    this.#stream = stream;
  }

  write(bytes: Uint8Array): void {
    if (this.#failed) throw streamFailure(this.#error);
    if (bytes.length === 0) return;
    this.#writer ??= this.#stream.getWriter();
    this.#writer.write(bytes.slice()).catch(this.#fail);
  }

  /** Lets go of the stream; writes already queued still reach it. */
  dispose(): void {
    const writer = this.#writer;
    this.#writer = undefined;
    writer?.releaseLock();
  }
}

/** Unset stdout or stderr: the bytes go nowhere. */
export const discard: Sink = { write() {}, dispose() {} };

/** Unset stdin: the end at once. */
export const nothingIn: Source = {
  read(len: number): Uint8Array {
    if (len === 0) return EMPTY;
    throw CLOSED;
  },
  subscribe: readyPollable,
  dispose() {},
};

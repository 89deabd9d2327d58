import { CLOSED, streamFailure } from './errors.js';
import { accessed, modified, MAX_FILE_SIZE, type FileNode } from './inode.js';
import { readyPollable, type Pollable, type Scheduler } from './poll.js';
import { skippedBy } from '../read-skip.js';

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
    return skippedBy(this.blockingRead(len));
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

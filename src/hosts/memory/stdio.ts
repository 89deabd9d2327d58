/**
 * Where the host's stdio comes from and goes: stdin from bytes or a
 * ReadableStream, stdout and stderr to a function or a WritableStream.
 */
import { CLOSED, streamFailure } from './errors.js';
import { readyPollable, sourcePollable, type Pollable, type Readiness, type Scheduler } from './poll.js';
import type { Sink, Source } from './streams.js';

const EMPTY = new Uint8Array(0);
const utf8 = new TextEncoder();

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

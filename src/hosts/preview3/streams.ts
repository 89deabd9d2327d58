/**
 * wasi:io/streams over WASI 0.3's `stream<u8>`. A 0.3 stream is read by
 * awaiting its reader and written by handing a reader to the call that
 * consumes it (`write-via-stream`), so each 0.2 stream keeps a small buffer:
 * a read answers at once with what has arrived and starts the next read of
 * the 0.3 stream otherwise; a blocking call answers with a promise.
 */
import { Pollable } from './poll.js';
import { skippedBy } from '../read-skip.js';

/** A 0.3 `stream<u8>` reader as preview3-shim and jco give them: each read is a chunk, null at the end. */
export interface ByteReader {
  read(): Promise<unknown>;
  close?(): void;
}

/** A 0.3 `future<result<_, error-code>>` as preview3-shim gives it: a thenable. */
export type ResultFuture = PromiseLike<unknown>;

/** The result variant 0.3 calls settle with. */
export interface Result {
  tag: 'ok' | 'err';
  val?: unknown;
}

const EMPTY: Uint8Array = new Uint8Array(0);
/** What check-write allows: one chunk as preview3-shim's own streams buffer. */
const WRITE_BUDGET = 65536;

/** A stream error in 0.2's shape: `closed`, or a failure whose code the error resource carries. */
export class StreamFailure {
  constructor(readonly code: string) {}
  [Symbol.dispose](): void {}
  toDebugString(): string {
    return this.code;
  }
}

function failure(code: string): { tag: 'closed' } | { tag: 'last-operation-failed'; val: StreamFailure } {
  return code === 'pipe' ? { tag: 'closed' } : { tag: 'last-operation-failed', val: new StreamFailure(code) };
}

/** A chunk as 0.3 hosts give them (preview3-shim passes Node's Buffers, and could pass strings or byte arrays). */
function bytesOf(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (Array.isArray(chunk)) return Uint8Array.from(chunk as number[]);
  if (typeof chunk === 'string') return new TextEncoder().encode(chunk);
  throw new TypeError('a stream<u8> chunk must be bytes');
}

/** The reader a 0.3 write-via-stream takes, over chunks known now. */
export function readerOf(chunks: Uint8Array[]): ByteReader {
  let next = 0;
  return {
    read: () => Promise.resolve(next < chunks.length ? chunks[next++]! : null),
    close(): void {
      next = chunks.length;
    },
  };
}

export class InputStream {
  readonly #reader: ByteReader;
  readonly #result: ResultFuture | undefined;
  #buffer: Uint8Array = EMPTY;
  /** Set at the end of the stream: 'closed', or the error code the 0.3 call failed with. */
  #end: string | undefined;
  #pending: Promise<void> | undefined;

  constructor(reader: ByteReader, result?: ResultFuture) {
    this.#reader = reader;
    this.#result = result;
  }

  /** One read of the 0.3 stream, at most one at a time. */
  #fill(): Promise<void> {
    return (this.#pending ??= this.#reader.read().then(
      async (chunk) => {
        if (chunk === null || chunk === undefined) this.#end = await this.#outcome();
        else this.#buffer = bytesOf(chunk);
        this.#pending = undefined;
      },
      (err: unknown) => {
        this.#end = codeOf(err) ?? 'io';
        this.#pending = undefined;
      },
    ));
  }

  /** How the stream ended, from its result future (a stream without one just ends). */
  async #outcome(): Promise<string> {
    if (this.#result === undefined) return 'closed';
    try {
      const r = (await this.#result) as Result | null;
      return r?.tag === 'err' ? String(codeOf(r.val) ?? r.val) : 'closed';
    } catch (err) {
      return codeOf(err) ?? 'io';
    }
  }

  #take(len: bigint): Uint8Array {
    const n = Math.min(Number(len), this.#buffer.length);
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }

  read(len: bigint): Uint8Array {
    if (this.#buffer.length > 0) return this.#take(len);
    if (this.#end !== undefined) throw this.#end === 'closed' ? { tag: 'closed' } : failure(this.#end);
    void this.#fill();
    return EMPTY;
  }

  blockingRead(len: bigint): Uint8Array | Promise<Uint8Array> {
    if (this.#buffer.length > 0 || this.#end !== undefined) return this.read(len);
    return this.#fill().then(() => this.blockingRead(len));
  }

  skip(len: bigint): bigint {
    return BigInt(this.read(len).length);
  }

  blockingSkip(len: bigint): bigint | Promise<bigint> {
    return skippedBy(this.blockingRead(len));
  }

  subscribe(): Pollable {
    return new Pollable(this.#buffer.length > 0 || this.#end !== undefined ? undefined : this.#fill());
  }

  [Symbol.dispose](): void {
    this.#reader.close?.();
  }
}

/** A 0.3 call that consumes a stream<u8>: write-via-stream of stdout, stderr, a file at an offset. */
export type Consumer = (reader: ByteReader) => Promise<unknown>;

export class OutputStream {
  readonly #consume: Consumer;
  #queued: Uint8Array[] = [];
  #queuedBytes = 0;
  /** The sends under way, in order: each one is a 0.3 call given the bytes queued before it. */
  #sending: Promise<void> | undefined;
  #failed: string | undefined;

  constructor(consume: Consumer) {
    this.#consume = consume;
  }

  #check(): void {
    if (this.#failed !== undefined) throw failure(this.#failed);
  }

  checkWrite(): bigint {
    this.#check();
    return this.#sending === undefined ? BigInt(Math.max(0, WRITE_BUDGET - this.#queuedBytes)) : 0n;
  }

  write(contents: Uint8Array): void {
    this.#check();
    if (contents.length === 0) return;
    this.#queued.push(contents.slice());
    this.#queuedBytes += contents.length;
  }

  /** Sends what is queued; the promise settles once the 0.3 call has taken all of it. */
  flush(): Promise<void> | undefined {
    this.#check();
    if (this.#queuedBytes === 0) return this.#sending;
    const chunks = this.#queued;
    this.#queued = [];
    this.#queuedBytes = 0;
    const before = this.#sending ?? Promise.resolve();
    const sent = before.then(() => this.#consume(readerOf(chunks))).then(
      (r) => {
        const result = r as Result | undefined;
        if (result?.tag === 'err') this.#failed = String(codeOf(result.val) ?? result.val);
      },
      (err: unknown) => {
        this.#failed = codeOf(err) ?? 'io';
      },
    ).then(() => {
      if (this.#sending === sent) this.#sending = undefined;
      this.#check();
    });
    this.#sending = sent;
    return sent;
  }

  blockingFlush(): Promise<void> | undefined {
    return this.flush();
  }

  blockingWriteAndFlush(contents: Uint8Array): Promise<void> | undefined {
    this.write(contents);
    return this.flush();
  }

  writeZeroes(len: bigint): void {
    this.write(new Uint8Array(Number(len)));
  }

  blockingWriteZeroesAndFlush(len: bigint): Promise<void> | undefined {
    return this.blockingWriteAndFlush(new Uint8Array(Number(len)));
  }

  subscribe(): Pollable {
    return new Pollable(this.#sending?.catch(() => undefined));
  }

  [Symbol.dispose](): void {
    void this.flush()?.catch(() => undefined);
  }
}

/** The error code a 0.3 host threw: preview3-shim's errors carry `payload.tag`; others throw the code. */
export function codeOf(err: unknown): string | undefined {
  if (typeof err === 'string') return err;
  const o = err as { payload?: { tag?: unknown }; tag?: unknown } | null | undefined;
  if (typeof o?.payload?.tag === 'string') return o.payload.tag;
  return undefined;
}

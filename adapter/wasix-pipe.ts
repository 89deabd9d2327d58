/**
 * WASIX's fd_pipe: a pair of fds made in the adapter over any host, each a
 * stream pair (wasi:io's input-stream and output-stream shapes) in the table,
 * so fd_read, fd_write, poll_oneoff and fd_close treat it like any stream.
 * WASIX pipes are bidirectional (each end reads what the other wrote), and
 * hold at most 64 KiB each way, as a Linux pipe does.
 */
import { Errno } from './abi.js';
import { LocalPollable, type Readiness } from './wasix-pollable.js';
import type { InputStream, OutputStream } from './host.js';

const CAPACITY = 65536;
const EMPTY = new Uint8Array(0);
const CLOSED = { tag: 'closed' } as const;

/** One direction: the bytes written and not yet read, and whether each side is still open. */
class Channel implements Readiness {
  #chunks: Uint8Array[] = [];
  /** How far the first chunk has been read. */
  #head = 0;
  size = 0;
  writerOpen = true;
  readerOpen = true;

  ready(write: boolean): boolean {
    return write ? this.size < CAPACITY || !this.readerOpen : this.size > 0 || !this.writerOpen;
  }

  push(data: Uint8Array): void {
    // The guest's bytes may be a view of its memory: the pipe keeps its own copy.
    this.#chunks.push(data.slice());
    this.size += data.length;
  }

  take(len: number): Uint8Array {
    const n = Math.min(len, this.size);
    const out = new Uint8Array(n);
    for (let got = 0; got < n;) {
      const chunk = this.#chunks[0]!;
      const m = Math.min(n - got, chunk.length - this.#head);
      out.set(chunk.subarray(this.#head, this.#head + m), got);
      got += m;
      this.#head += m;
      if (this.#head === chunk.length) {
        this.#chunks.shift();
        this.#head = 0;
      }
    }
    this.size -= n;
    return out;
  }

  clear(): void {
    this.#chunks = [];
    this.#head = 0;
    this.size = 0;
  }
}

/** The reading side of a channel. Reading an empty one whose writer is open can only wait for ever on one thread: EDEADLK. */
class PipeInput {
  constructor(private readonly channel: Channel) {}

  read(len: bigint): Uint8Array {
    const c = this.channel;
    if (c.size > 0) return c.take(Number(len));
    if (!c.writerOpen) throw CLOSED;
    return EMPTY;
  }

  blockingRead(len: bigint): Uint8Array {
    const data = this.read(len);
    if (data.length === 0 && len > 0n) throw Errno.DEADLK;
    return data;
  }

  skip(len: bigint): bigint {
    return BigInt(this.read(len).length);
  }

  blockingSkip(len: bigint): bigint {
    return BigInt(this.blockingRead(len).length);
  }

  subscribe(): LocalPollable {
    return new LocalPollable(this.channel, false);
  }

  [Symbol.dispose](): void {
    this.channel.readerOpen = false;
    this.channel.clear();
  }
}

/** The writing side: writes what fits; a blocking write that does not fit can only wait for ever on one thread: EDEADLK. */
class PipeOutput {
  constructor(private readonly channel: Channel) {}

  checkWrite(): bigint {
    if (!this.channel.readerOpen) throw CLOSED;
    return BigInt(CAPACITY - this.channel.size);
  }

  write(contents: Uint8Array): void {
    if (contents.length > this.checkWrite()) throw Errno.AGAIN;
    this.channel.push(contents);
  }

  blockingWriteAndFlush(contents: Uint8Array): void {
    if (contents.length > this.checkWrite()) throw Errno.DEADLK;
    this.channel.push(contents);
  }

  writeZeroes(len: bigint): void {
    this.write(new Uint8Array(Number(len)));
  }

  blockingWriteZeroesAndFlush(len: bigint): void {
    this.blockingWriteAndFlush(new Uint8Array(Number(len)));
  }

  flush(): void {
    this.checkWrite();
  }

  blockingFlush(): void {
    this.checkWrite();
  }

  subscribe(): LocalPollable {
    return new LocalPollable(this.channel, true);
  }

  [Symbol.dispose](): void {
    this.channel.writerOpen = false;
  }
}

export interface PipeEnd {
  input: InputStream;
  output: OutputStream;
}

/** Two ends, each reading what the other writes. */
export function pipePair(): [PipeEnd, PipeEnd] {
  const ab = new Channel();
  const ba = new Channel();
  const end = (from: Channel, to: Channel): PipeEnd => ({
    input: new PipeInput(from) as unknown as InputStream,
    output: new PipeOutput(to) as unknown as OutputStream,
  });
  return [end(ba, ab), end(ab, ba)];
}

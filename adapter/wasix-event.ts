/**
 * WASIX's fd_event, an eventfd made in the adapter: a u64 counter behind a
 * stream pair in the table. A write of 8 bytes adds to it; a read of 8 bytes
 * takes all of it, or 1 in semaphore mode; either waits (EAGAIN when
 * non-blocking) when the counter is 0 or would pass 2^64 - 2, as Linux's does.
 */
import { Errno } from './abi.js';
import { LocalPollable, type Readiness } from './wasix-pollable.js';
import type { InputStream, OutputStream } from './host.js';

/** The most the counter holds. */
export const MAX = (1n << 64n) - 2n;
const EMPTY = new Uint8Array(0);
const SIZE = 8;

class Counter implements Readiness {
  constructor(public value: bigint, readonly semaphore: boolean) {}

  ready(write: boolean): boolean {
    return write ? this.value < MAX : this.value > 0n;
  }
}

class EventInput {
  constructor(private readonly counter: Counter) {}

  read(len: bigint): Uint8Array {
    if (len < SIZE) throw Errno.INVAL;
    const c = this.counter;
    if (c.value === 0n) return EMPTY;
    const taken = c.semaphore ? 1n : c.value;
    c.value -= taken;
    const out = new Uint8Array(SIZE);
    new DataView(out.buffer).setBigUint64(0, taken, true);
    return out;
  }

  blockingRead(len: bigint): Uint8Array {
    const data = this.read(len);
    if (data.length === 0) throw Errno.DEADLK;
    return data;
  }

  skip(len: bigint): bigint {
    return BigInt(this.read(len).length);
  }

  blockingSkip(len: bigint): bigint {
    return BigInt(this.blockingRead(len).length);
  }

  subscribe(): LocalPollable {
    return new LocalPollable(this.counter, false);
  }

  [Symbol.dispose](): void {}
}

class EventOutput {
  constructor(private readonly counter: Counter) {}

  checkWrite(): bigint {
    return this.counter.value < MAX ? BigInt(SIZE) : 0n;
  }

  write(contents: Uint8Array): void {
    this.#add(contents, Errno.AGAIN);
  }

  blockingWriteAndFlush(contents: Uint8Array): void {
    this.#add(contents, Errno.DEADLK);
  }

  /** Adds the u64 the first 8 bytes hold; `full` when it does not fit now. */
  #add(contents: Uint8Array, full: Errno): void {
    if (contents.length < SIZE) throw Errno.INVAL;
    const n = new DataView(contents.buffer, contents.byteOffset, SIZE).getBigUint64(0, true);
    if (n > MAX) throw Errno.INVAL;
    if (this.counter.value + n > MAX) throw full;
    this.counter.value += n;
  }

  writeZeroes(): void {
    throw Errno.INVAL;
  }

  blockingWriteZeroesAndFlush(): void {
    throw Errno.INVAL;
  }

  flush(): void {}

  blockingFlush(): void {}

  subscribe(): LocalPollable {
    return new LocalPollable(this.counter, true);
  }

  [Symbol.dispose](): void {}
}

/** An eventfd's two streams, over one counter. */
export function eventStreams(initial: bigint, semaphore: boolean): { input: InputStream; output: OutputStream } {
  const counter = new Counter(initial, semaphore);
  return {
    input: new EventInput(counter) as unknown as InputStream,
    output: new EventOutput(counter) as unknown as OutputStream,
  };
}

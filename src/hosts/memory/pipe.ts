/**
 * A pipe between an output stream and an input stream of the memory host,
 * for wiring one guest's writes to another's reads (a component feeding a
 * module's stdin). What the output stream writes, the input stream reads, in
 * order, and without bound: writes never wait. A read with nothing buffered
 * while the writing end is open waits (a blocking read or a pollable answers
 * with a promise); once the writing end is dropped the reader gets what is
 * left, then the end. A write after the reading end is dropped fails as a
 * closed stream (EPIPE).
 */
import { CLOSED } from './errors.js';
import { sourcePollable, type Pollable, type Readiness, type Scheduler } from './poll.js';
import type { Sink, Source } from './streams.js';

const EMPTY = new Uint8Array(0);

export class Pipe implements Readiness {
  readonly #chunks: Uint8Array[] = [];
  /** How much of the first chunk has been read. */
  #at = 0;
  #writing = true;
  #reading = true;
  #wake: (() => void) | undefined;
  #changed: Promise<void> | undefined;

  isReady(): boolean {
    return this.#chunks.length > 0 || !this.#writing;
  }

  changed(): Promise<void> {
    if (this.isReady()) return Promise.resolve();
    return (this.#changed ??= new Promise((resolve) => { this.#wake = resolve; }));
  }

  read(len: number): Uint8Array {
    if (len === 0) return EMPTY;
    const chunk = this.#chunks[0];
    if (chunk === undefined) {
      if (this.#writing) return EMPTY;
      throw CLOSED;
    }
    const end = Math.min(chunk.length, this.#at + len);
    const out = chunk.subarray(this.#at, end);
    if (end === chunk.length) {
      this.#chunks.shift();
      this.#at = 0;
    } else this.#at = end;
    return out;
  }

  write(bytes: Uint8Array): void {
    if (!this.#reading) throw CLOSED;
    if (bytes.length === 0) return;
    this.#chunks.push(bytes.slice());
    this.#notify();
  }

  closeWriting(): void {
    this.#writing = false;
    this.#notify();
  }

  closeReading(): void {
    this.#reading = false;
    this.#chunks.length = 0;
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    this.#changed = undefined;
    wake?.();
  }
}

/** The reading end: dropping it makes later writes fail. */
export class PipeSource implements Source {
  constructor(private readonly pipe: Pipe) {}
  read(len: number): Uint8Array {
    return this.pipe.read(len);
  }
  async readLater(len: number): Promise<Uint8Array> {
    while (!this.pipe.isReady()) await this.pipe.changed();
    return this.pipe.read(len);
  }
  subscribe(scheduler: Scheduler): Pollable {
    return sourcePollable(scheduler, this.pipe);
  }
  dispose(): void {
    this.pipe.closeReading();
  }
}

/** The writing end: dropping it is the reader's end of input. */
export class PipeSink implements Sink {
  constructor(private readonly pipe: Pipe) {}
  write(bytes: Uint8Array): void {
    this.pipe.write(bytes);
  }
  dispose(): void {
    this.pipe.closeWriting();
  }
}

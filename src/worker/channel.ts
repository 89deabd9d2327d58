/**
 * The shared buffer between a module's worker and the thread that owns its
 * host, and the two ends that take turns on it: the worker writes a request
 * and sleeps in Atomics.wait; the owner, woken without blocking its event
 * loop (Atomics.waitAsync, or a message where the engine lacks it), answers
 * in the same data area and wakes the worker. One message is in flight at a
 * time, so one data area serves both ways.
 *
 * A message larger than the data area goes in pieces: the sender puts one,
 * the receiver copies it aside and signals for the next.
 */
import { Reader, Writer } from './bytes.js';

/** Int32 slots of the header. */
const TO_OWNER = 0; // bumped by the worker: a piece (or a request for the next one) is there
const TO_WORKER = 1; // bumped by the owner, the same way
const PIECE = 2; // bytes of the current piece
const TOTAL = 3; // bytes of the whole message
const HEADER_BYTES = 64;
/** The data area: larger messages (a 16 MiB read) go in pieces of this size. */
export const DATA_BYTES = 256 * 1024;
/** How the worker wakes the owner: by Atomics.notify for Atomics.waitAsync, or by a message. */
export type Wake = 'notify' | 'message';

export function channelBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + DATA_BYTES);
}

/** What both ends share: the views, the message being written, the message being read. */
class End {
  readonly buffer: SharedArrayBuffer;
  protected readonly i32: Int32Array;
  readonly writer: Writer;
  readonly reader = new Reader();
  readonly #data: Uint8Array;
  readonly #dataView: DataView;
  #assembly = new Uint8Array(0);
  #assemblyView = new DataView(this.#assembly.buffer);
  #received = 0;

  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.i32 = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.#data = new Uint8Array(buffer, HEADER_BYTES, DATA_BYTES);
    this.#dataView = new DataView(buffer, HEADER_BYTES, DATA_BYTES);
    this.writer = new Writer(this.#data);
  }

  /** The writer's message, whole when it was written in place; returns how far it has been put. */
  protected put(offset: number): number {
    const w = this.writer;
    const total = w.pos;
    this.i32[TOTAL] = total;
    if (w.inPlace) {
      this.i32[PIECE] = total;
      return total;
    }
    const n = Math.min(DATA_BYTES, total - offset);
    this.#data.set(w.bytes.subarray(offset, offset + n));
    this.i32[PIECE] = n;
    return offset + n;
  }

  /** The first piece has come: true when it is the whole message, which the reader then reads in place. */
  protected first(): boolean {
    const total = this.i32[TOTAL]!;
    const n = this.i32[PIECE]!;
    if (n === total) {
      this.reader.attach(this.#data, this.#dataView);
      return true;
    }
    if (this.#assembly.length < total) {
      this.#assembly = new Uint8Array(total);
      this.#assemblyView = new DataView(this.#assembly.buffer);
    }
    this.#received = 0;
    return this.next();
  }

  /** A further piece has come: true when the message is whole. */
  protected next(): boolean {
    const n = this.i32[PIECE]!;
    this.#assembly.set(this.#data.subarray(0, n), this.#received);
    this.#received += n;
    if (this.#received < this.i32[TOTAL]!) return false;
    this.reader.attach(this.#assembly, this.#assemblyView);
    return true;
  }
}

/** The worker's end: it blocks. */
export class WorkerEnd extends End {
  #seen = 0;
  readonly #wakeOwner: (() => void) | undefined;

  /** `wakeOwner`: posts the message that wakes an owner without Atomics.waitAsync. */
  constructor(buffer: SharedArrayBuffer, wakeOwner?: () => void) {
    super(buffer);
    this.#wakeOwner = wakeOwner;
  }

  /** Sends the writer's message and blocks until the answer has come whole; reads it with `reader`. */
  exchange(): Reader {
    const total = this.writer.pos;
    for (let offset = 0; ;) {
      offset = this.put(offset);
      this.#signal();
      this.#wait();
      if (offset === total) break;
    }
    if (!this.first()) {
      do {
        this.#signal();
        this.#wait();
      } while (!this.next());
    }
    return this.reader;
  }

  #signal(): void {
    Atomics.add(this.i32, TO_OWNER, 1);
    Atomics.notify(this.i32, TO_OWNER, 1);
    this.#wakeOwner?.();
  }

  /**
   * Sleeps until the owner signals. Spinning first (to spare both threads a
   * wake-up) paid off only on an idle machine, and cost more than it saved
   * when the cores were busy, as the owner's thread then waits for a core.
   */
  #wait(): void {
    const i32 = this.i32;
    const seen = this.#seen;
    while (Atomics.load(i32, TO_WORKER) === seen) Atomics.wait(i32, TO_WORKER, seen);
    this.#seen = Atomics.load(i32, TO_WORKER);
  }
}

/** The owner's end: it waits without blocking its thread, and can be stopped while it waits. */
export class OwnerEnd extends End {
  readonly wake: Wake = typeof Atomics.waitAsync === 'function' ? 'notify' : 'message';
  #seen = 0;
  #stopped = false;
  #woken: (() => void) | undefined;

  /** Waits for the worker's next message; undefined once stopped. */
  async receive(): Promise<Reader | undefined> {
    if (!(await this.#wait())) return undefined;
    if (!this.first()) {
      do {
        this.#signal();
        if (!(await this.#wait())) return undefined;
      } while (!this.next());
    }
    return this.reader;
  }

  /** Sends the writer's message; false when stopped before it was all taken. */
  async send(): Promise<boolean> {
    const total = this.writer.pos;
    for (let offset = 0; ;) {
      offset = this.put(offset);
      this.#signal();
      if (offset === total) return true;
      if (!(await this.#wait())) return false;
    }
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** For owners woken by message: the worker has signalled. */
  woken(): void {
    this.#woken?.();
  }

  /** Ends a wait in progress and every later one. */
  stop(): void {
    this.#stopped = true;
    Atomics.notify(this.i32, TO_OWNER);
    this.#woken?.();
  }

  #signal(): void {
    Atomics.add(this.i32, TO_WORKER, 1);
    Atomics.notify(this.i32, TO_WORKER, 1);
  }

  async #wait(): Promise<boolean> {
    while (!this.#stopped && Atomics.load(this.i32, TO_OWNER) === this.#seen) await this.#signalled();
    this.#seen = Atomics.load(this.i32, TO_OWNER);
    return !this.#stopped;
  }

  #signalled(): Promise<unknown> {
    if (this.wake === 'message') return new Promise<void>((resolve) => { this.#woken = resolve; });
    const waiting = Atomics.waitAsync(this.i32, TO_OWNER, this.#seen);
    return waiting.async ? waiting.value : Promise.resolve();
  }
}

import { getChannel } from './channel.js';
import { Op } from './protocol.js';

/** Something only the worker can tell is ready (a socket, a lookup, a pipe). */
export interface PollSource {
  /** Ready as far as the main thread knows (buffered data, a finished state); may ask the worker. */
  pollReady(event: number): boolean;
  /** Ready from what the main thread alone knows; false means only the worker can tell. */
  pollLocal(event: number): boolean;
  /** The worker's id for the resource, or 0 when nothing worker-side can change. */
  pollId(): number;
}

const KIND_READY = 0;
const KIND_DEADLINE = 1;
const KIND_SOURCE = 2;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Sleeps the main thread; Atomics.wait on a cell nobody notifies. */
export function sleepNs(ns: bigint): void {
  if (ns <= 0n) return;
  Atomics.wait(sleepCell, 0, 0, Number(ns) / 1e6);
}

export class Pollable {
  #kind: number;
  #deadline: bigint;
  #source: PollSource | undefined;
  #event: number;

  /** @internal hosts create pollables through readyPollable/deadlinePollable/sourcePollable */
  constructor(kind: number, deadline: bigint, source: PollSource | undefined, event: number) {
    this.#kind = kind;
    this.#deadline = deadline;
    this.#source = source;
    this.#event = event;
  }

  ready(): boolean {
    switch (this.#kind) {
      case KIND_READY: return true;
      case KIND_DEADLINE: return process.hrtime.bigint() >= this.#deadline;
      default: return this.#source!.pollReady(this.#event);
    }
  }

  block(): void {
    if (this.#kind === KIND_READY) return;
    if (this.#kind === KIND_DEADLINE) {
      sleepNs(this.#deadline - process.hrtime.bigint());
      return;
    }
    one[0] = this;
    poll(one);
    one[0] = undefined;
  }

  [Symbol.dispose](): void {
    this.#source = undefined;
  }

  /** @internal */
  static _kind(p: Pollable): number { return p.#kind; }
  /** @internal */
  static _deadline(p: Pollable): bigint { return p.#deadline; }
  /** @internal */
  static _source(p: Pollable): PollSource | undefined { return p.#source; }
  /** @internal */
  static _event(p: Pollable): number { return p.#event; }
}

const one: (Pollable | undefined)[] = [undefined];
/** Files, stdout and a closed stream are always ready. Each subscribe gets its own resource, since its owner drops it. */
export function readyPollable(): Pollable {
  return new Pollable(KIND_READY, 0n, undefined, 0);
}

export function deadlinePollable(at: bigint): Pollable {
  return new Pollable(KIND_DEADLINE, at, undefined, 0);
}

export function sourcePollable(source: PollSource, event: number): Pollable {
  return new Pollable(KIND_SOURCE, 0n, source, event);
}

const NO_DEADLINE = -1n;

/** Per poll call: which entries are ready, and the entry behind each worker wait. Grown, never shrunk. */
let marks = new Uint8Array(64);
let slots = new Int32Array(64);

/**
 * wasi:io/poll#poll: the indices of every ready pollable, blocking until at
 * least one is. What the main thread knows is read first; everything only the
 * worker knows is asked in one Wait request, which answers for every entry at
 * once (at once when something is ready already; else when one becomes ready
 * or the earliest deadline passes). Time-only waits sleep on the main thread.
 */
export function poll(list: (Pollable | undefined)[]): Uint32Array {
  const n = list.length;
  if (n === 0) throw new Error('wasi:io/poll#poll: the list must not be empty');
  if (marks.length < n) {
    marks = new Uint8Array(n);
    slots = new Int32Array(n);
  }
  for (;;) {
    let count = 0;
    let waits = 0;
    let deadline = NO_DEADLINE;
    const ch = waitsNeeded(list) ? getChannel() : undefined;
    for (let i = 0; i < n; i++) {
      const p = list[i]!;
      marks[i] = 0;
      const kind = Pollable._kind(p);
      if (kind === KIND_SOURCE) {
        const source = Pollable._source(p)!;
        const event = Pollable._event(p);
        const id = source.pollLocal(event) ? 0 : source.pollId();
        if (id === 0) {
          marks[i] = 1;
          count++;
        } else {
          ch!.dataI32[waits * 2] = id;
          ch!.dataI32[waits * 2 + 1] = event;
          slots[waits++] = i;
        }
      } else if (p.ready()) {
        marks[i] = 1;
        count++;
      } else if (kind === KIND_DEADLINE) {
        const d = Pollable._deadline(p);
        if (deadline === NO_DEADLINE || d < deadline) deadline = d;
      }
    }
    if (waits > 0) {
      const timeoutMs = count > 0 ? 0
        : deadline === NO_DEADLINE ? -1 : Math.max(0, Math.ceil(Number(deadline - process.hrtime.bigint()) / 1e6));
      if (ch!.call(Op.Wait, waits, timeoutMs) > 0) {
        for (let w = 0; w < waits; w++) {
          if (ch!.dataI32[waits * 2 + w] === 1) {
            marks[slots[w]!] = 1;
            count++;
          }
        }
      }
      if (count === 0) count = markPassedDeadlines(list);
    } else if (count === 0) {
      if (deadline === NO_DEADLINE) throw new Error('wasi:io/poll#poll: nothing can ever become ready');
      sleepNs(deadline - process.hrtime.bigint());
      continue;
    }
    if (count > 0) return readyIndices(n, count);
  }
}

function markPassedDeadlines(list: (Pollable | undefined)[]): number {
  let count = 0;
  for (let i = 0; i < list.length; i++) {
    if (Pollable._kind(list[i]!) === KIND_DEADLINE && list[i]!.ready()) {
      marks[i] = 1;
      count++;
    }
  }
  return count;
}

function readyIndices(n: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let j = 0;
  for (let i = 0; i < n; i++) if (marks[i] === 1) out[j++] = i;
  return out;
}

function waitsNeeded(list: (Pollable | undefined)[]): boolean {
  for (let i = 0; i < list.length; i++) if (Pollable._kind(list[i]!) === KIND_SOURCE) return true;
  return false;
}

import { monotonicNs } from './time.js';

/** Something a pollable waits on besides time: a stdin fed by a ReadableStream. */
export interface Readiness {
  isReady(): boolean;
  /** Settles (never rejects) once it may have become ready. */
  changed(): Promise<void>;
}

/** The longest delay setTimeout takes as it is; longer ones are waited for in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

let blockingCell: Int32Array | undefined | null = null;

/**
 * A cell to Atomics.wait on, where this thread may block: Node's threads and
 * any worker, given SharedArrayBuffer (a page that is not cross-origin
 * isolated has none). A browser's main thread throws a TypeError at the first
 * wait. Found out once, on first use.
 */
function sleeper(): Int32Array | undefined {
  if (blockingCell !== null) return blockingCell;
  blockingCell = undefined;
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics === 'undefined') return undefined;
  try {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(cell, 0, 0, 0);
    blockingCell = cell;
  } catch {
    // Not allowed to block here.
  }
  return blockingCell;
}

/**
 * How one host waits for time to pass: asleep on the calling thread where it
 * may block, else with timers whose promises the adapter waits for (JSPI).
 * The timers are the host's, so closing it clears them.
 */
export class Scheduler {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #cell = sleeper();
  #closed = false;

  /** Whether waits answer synchronously (by blocking the thread). */
  get canBlock(): boolean {
    return this.#cell !== undefined;
  }

  /** Blocks until the monotonic clock reaches `deadline` (ns); only where canBlock. */
  sleepUntil(deadline: number): void {
    for (let left = deadline - monotonicNs(); left > 0; left = deadline - monotonicNs()) {
      Atomics.wait(this.#cell!, 0, 0, left / 1e6);
    }
  }

  /** Calls `fire` once the monotonic clock has reached `deadline` (ns); returns what cancel() takes. */
  at(deadline: number, fire: () => void): { handle: ReturnType<typeof setTimeout> | undefined } {
    const timer: { handle: ReturnType<typeof setTimeout> | undefined } = { handle: undefined };
    const arm = (): void => {
      timer.handle = undefined;
      const left = deadline - monotonicNs();
      if (left <= 0) {
        fire();
        return;
      }
      if (this.#closed) return;
      // setTimeout may fire a little before the monotonic clock agrees: it is armed again for the rest.
      const handle = setTimeout(() => {
        this.#timers.delete(handle);
        arm();
      }, Math.min(MAX_TIMEOUT_MS, Math.ceil(left / 1e6)));
      this.#timers.add(handle);
      timer.handle = handle;
    };
    arm();
    return timer;
  }

  cancel(timer: { handle: ReturnType<typeof setTimeout> | undefined }): void {
    if (timer.handle === undefined) return;
    clearTimeout(timer.handle);
    this.#timers.delete(timer.handle);
    timer.handle = undefined;
  }

  /** Clears every timer; a wait still pending then never ends. */
  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}

/** No deadline: a pollable that only its source makes ready. */
const NEVER = Number.POSITIVE_INFINITY;

/**
 * wasi:io/poll's pollable: ready at a monotonic deadline (a clock's, or 0 for
 * what is always ready: files, buffered stdin, every output), or when its
 * source says so.
 */
export class Pollable {
  readonly #deadline: number;
  readonly #source: Readiness | undefined;
  readonly #scheduler: Scheduler;

  /** @internal made by readyPollable, deadlinePollable and sourcePollable */
  constructor(scheduler: Scheduler, deadline: number, source: Readiness | undefined) {
    this.#scheduler = scheduler;
    this.#deadline = deadline;
    this.#source = source;
  }

  ready(): boolean {
    return this.#source === undefined ? monotonicNs() >= this.#deadline : this.#source.isReady();
  }

  /** Returns when ready: at once, after sleeping, or (where this thread cannot sleep, or for a source) as a promise. */
  block(): void | Promise<void> {
    if (this.ready()) return undefined;
    if (this.#source === undefined && this.#scheduler.canBlock) {
      this.#scheduler.sleepUntil(this.#deadline);
      return undefined;
    }
    return waitAny([this], this.#scheduler).then(nothing);
  }

  [Symbol.dispose](): void {}

  /** @internal */
  static _deadline(p: Pollable): number {
    return p.#deadline;
  }
  /** @internal */
  static _source(p: Pollable): Readiness | undefined {
    return p.#source;
  }
  /** @internal */
  static _scheduler(p: Pollable): Scheduler {
    return p.#scheduler;
  }
}

function nothing(): void {}

export function readyPollable(scheduler: Scheduler): Pollable {
  return new Pollable(scheduler, 0, undefined);
}

export function deadlinePollable(scheduler: Scheduler, deadline: number): Pollable {
  return new Pollable(scheduler, deadline, undefined);
}

export function sourcePollable(scheduler: Scheduler, source: Readiness): Pollable {
  return new Pollable(scheduler, NEVER, source);
}

/** The indices of the ready pollables, or undefined when none is. */
function readyIndices(list: readonly Pollable[]): Uint32Array | undefined {
  let count = 0;
  for (let i = 0; i < list.length; i++) if (list[i]!.ready()) count++;
  if (count === 0) return undefined;
  const out = new Uint32Array(count);
  for (let i = 0, j = 0; i < list.length; i++) if (list[i]!.ready()) out[j++] = i;
  return out;
}

function earliestDeadline(list: readonly Pollable[]): number {
  let earliest = NEVER;
  for (const p of list) earliest = Math.min(earliest, Pollable._deadline(p));
  return earliest;
}

/**
 * wasi:io/poll#poll: the indices of the ready pollables. With one ready it
 * answers at once; with only clocks to wait for it sleeps where the thread
 * may; otherwise it answers with a promise that settles when one is ready.
 */
export function poll(list: Pollable[]): Uint32Array | Promise<Uint32Array> {
  if (list.length === 0) throw new Error('wasi:io/poll#poll: the list must not be empty');
  const ready = readyIndices(list);
  if (ready !== undefined) return ready;
  const scheduler = Pollable._scheduler(list[0]!);
  if (scheduler.canBlock && list.every((p) => Pollable._source(p) === undefined)) {
    scheduler.sleepUntil(earliestDeadline(list));
    return readyIndices(list)!;
  }
  return waitAny(list.slice(), scheduler);
}

/** Settles with the ready indices once a source changes or the earliest deadline passes. */
function waitAny(list: readonly Pollable[], scheduler: Scheduler): Promise<Uint32Array> {
  return new Promise((resolve) => {
    let timer: { handle: ReturnType<typeof setTimeout> | undefined } | undefined;
    let done = false;
    const check = (): void => {
      if (done) return;
      const ready = readyIndices(list);
      if (ready === undefined) {
        listen();
        return;
      }
      done = true;
      if (timer !== undefined) scheduler.cancel(timer);
      resolve(ready);
    };
    const listen = (): void => {
      for (const p of list) Pollable._source(p)?.changed().then(check);
    };
    const earliest = earliestDeadline(list);
    if (earliest !== NEVER) timer = scheduler.at(earliest, check);
    listen();
  });
}

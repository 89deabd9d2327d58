import type { Context } from './context.js';
import type { InputStream, OutputStream, Pollable } from './host.js';
import { drop } from './entries.js';

/**
 * Every place the adapter waits on the host, in one module. A synchronous
 * host answers these calls when the wait is over; a host in a browser (or any
 * host that needs its event loop) answers with a promise instead.
 *
 * preview1 calls are synchronous, so a promise can only be waited for by
 * suspending the module (JSPI, `startAsync`). The adapter does not keep a
 * call's JavaScript stack across the suspension: the call unwinds with a
 * `Suspension`, and once the promise settles it is run again from the start.
 * The re-run reaches the same wait first, and that wait answers with what the
 * promise settled with instead of asking the host again. So a call must not
 * change anything before its first wait that a second run would change again;
 * a wait that comes after a change (a blocking write's later chunks) records
 * how far it got as `progress`, and the re-run starts there.
 */

/**
 * Which wait suspended a call (the re-run's matching wait takes its outcome),
 * and what a host declares it may answer with a promise (`asyncWaits`,
 * adapter/host.ts): `block` a pollable of poll_oneoff's, `poll` its poll,
 * `read`/`write`/`flush` a blocking stream call, `socket` a socket's own
 * pollable (accept, connect, bind, listen, datagrams, name lookups).
 */
export type WaitKind = 'block' | 'poll' | 'read' | 'write' | 'flush' | 'socket';

/** Thrown through a preview1 call that must wait for a promise; the JSPI wrapper catches it. */
export class Suspension {
  constructor(
    readonly promise: PromiseLike<unknown>,
    readonly kind: WaitKind,
    /** How much of its work the call had done (bytes written before the wait). */
    readonly progress: number,
    /** poll_oneoff's start, so a re-run measures its timeouts from the same instant. */
    readonly since: bigint,
  ) {}
  /**
   * Pollables the host is waiting on: dropping one ends its wait, so they
   * are dropped once the promise settles, not as the call unwinds.
   */
  readonly held: object[] = [];
}

/** How a suspended wait ended, handed to the re-run of its call. */
export interface Resumed {
  readonly kind: WaitKind;
  readonly value: unknown;
  readonly error: unknown;
  readonly failed: boolean;
  readonly progress: number;
  readonly since: bigint;
}

/**
 * A host answered a wait with a promise where the module cannot be suspended:
 * an embedder error, thrown to the embedder, never turned into an errno.
 */
export class AsyncHostError extends Error {
  constructor(what: WaitKind) {
    super(`the host answered a ${what} with a promise, which a synchronous start() cannot wait for: `
      + 'run the module with startAsync() (JSPI) or runInWorker()');
    this.name = 'AsyncHostError';
  }
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as { then?: unknown } | null | undefined)?.then === 'function';
}

function ignore(): void {}

/** The outcome of the wait this re-run suspended in, taken once, by the wait of the same kind. */
function take(ctx: Context, kind: WaitKind): Resumed | undefined {
  const r = ctx.resumed;
  if (r === undefined || r.kind !== kind) return undefined;
  ctx.resumed = undefined;
  if (r.failed) throw r.error;
  return r;
}

function suspend(ctx: Context, answer: PromiseLike<unknown>, kind: WaitKind, progress: number, since: bigint): never {
  if (!ctx.suspendable) {
    // Nobody will wait for it; its rejection must not surface as an unhandled one.
    answer.then(ignore, ignore);
    throw new AsyncHostError(kind);
  }
  throw new Suspension(answer, kind, progress, since);
}

/** The instant a suspended poll_oneoff started at, or `now` for a first run. */
export function startedAt(ctx: Context, now: bigint): bigint {
  const r = ctx.resumed;
  return r !== undefined && (r.kind === 'poll' || r.kind === 'block') && r.since !== 0n ? r.since : now;
}

/** pollable.block(): `since` is kept for a poll_oneoff that waits only on clocks. */
export function block(ctx: Context, pollable: Pollable, since = 0n, kind: 'block' | 'socket' = 'block'): void {
  if (take(ctx, kind) !== undefined) return;
  const answer: unknown = pollable.block();
  if (answer === undefined || !isThenable(answer)) return;
  // A promise for a wait that is over already needs no suspension.
  if (!ctx.suspendable && pollable.ready()) {
    answer.then(ignore, ignore);
    return;
  }
  suspend(ctx, answer, kind, 0, since);
}

/** Waits on a pollable made for this wait, then drops it (once its promise settles, when the wait suspends). */
export function blockAndDrop(ctx: Context, pollable: Pollable, since = 0n, kind: 'block' | 'socket' = 'block'): void {
  try {
    block(ctx, pollable, since, kind);
  } catch (err) {
    if (err instanceof Suspension) err.held.push(pollable);
    else drop(pollable);
    throw err;
  }
  drop(pollable);
}

/** wasi:io/poll.poll: the indices of the ready pollables. */
export function poll(ctx: Context, list: Pollable[], since: bigint): ArrayLike<number> {
  const r = take(ctx, 'poll');
  if (r !== undefined) return r.value as ArrayLike<number>;
  const answer: unknown = ctx.host['wasi:io/poll'].poll(list);
  if (!isThenable(answer)) return answer as ArrayLike<number>;
  if (!ctx.suspendable) {
    const ready = readyNow(list);
    if (ready.length > 0) {
      answer.then(ignore, ignore);
      return ready;
    }
  }
  return suspend(ctx, answer, 'poll', 0, since);
}

function readyNow(list: Pollable[]): number[] {
  const ready: number[] = [];
  for (let i = 0; i < list.length; i++) if (list[i]!.ready()) ready.push(i);
  return ready;
}

export function blockingRead(ctx: Context, input: InputStream, len: bigint): Uint8Array {
  const r = take(ctx, 'read');
  if (r !== undefined) return r.value as Uint8Array;
  const data: unknown = input.blockingRead(len);
  if (data instanceof Uint8Array || !isThenable(data)) return data as Uint8Array;
  return suspend(ctx, data, 'read', 0, 0n);
}

/** The offset a blocking write resumes at: past the chunk that was in flight when it suspended. */
export function writeProgress(ctx: Context): number {
  return take(ctx, 'write')?.progress ?? 0;
}

/** blocking-write-and-flush of one chunk that ends at `end` of the caller's data. */
export function blockingWriteAndFlush(ctx: Context, output: OutputStream, chunk: Uint8Array, end: number): void {
  const answer: unknown = output.blockingWriteAndFlush(chunk);
  if (answer !== undefined && isThenable(answer)) suspend(ctx, answer, 'write', end, 0n);
}

export function blockingFlush(ctx: Context, output: OutputStream): void {
  if (take(ctx, 'flush') !== undefined) return;
  const answer: unknown = output.blockingFlush();
  if (answer !== undefined && isThenable(answer)) suspend(ctx, answer, 'flush', 0, 0n);
}

/** Waits for a promise's outcome as a re-run takes it: never rejects. */
export async function settled(s: Suspension): Promise<Resumed> {
  const { kind, progress, since } = s;
  try {
    return { kind, value: await s.promise, error: undefined, failed: false, progress, since };
  } catch (error) {
    return { kind, value: undefined, error, failed: true, progress, since };
  } finally {
    for (const p of s.held) drop(p);
  }
}

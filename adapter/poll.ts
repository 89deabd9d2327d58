import { Clockid, Errno, Event, Eventrwflags, Eventtype, Rights, Subclockflags, Subscription } from './abi.js';
import { errnoOf } from './errno.js';
import type { Context } from './context.js';
import { realtimeNow } from './clock.js';
import { probe, settle } from './connection.js';
import { probeDatagram } from './datagram.js';
import { drop, type Entry, type TcpEntry, type UdpEntry } from './entries.js';
import type { Pollable } from './host.js';
import { blockAndDrop, poll, startedAt, Suspension } from './wait.js';
import { LocalPollable } from './wasix-pollable.js';

/** Deadlines saturate here: a timeout past the u64 range never fires. */
const NEVER = (1n << 64n) - 1n;

function later(now: bigint, timeout: bigint): bigint {
  const at = now + timeout;
  return at > NEVER ? NEVER : at;
}

/**
 * The monotonic instant a clock subscription fires. A realtime deadline is
 * turned into a monotonic one from the current gap, so one in the past fires
 * at once; the subscription's precision is a hint 0.2 has no use for.
 */
function clockDeadline(ctx: Context, at: number, nowMono: bigint): bigint {
  const v = ctx.memory.view;
  const id = v.getUint32(at + Subscription.clockId, true);
  const timeout = v.getBigUint64(at + Subscription.clockTimeout, true);
  const flags = v.getUint16(at + Subscription.clockFlags, true);
  if (flags & ~Subclockflags.ABSTIME) throw Errno.INVAL;
  const absolute = (flags & Subclockflags.ABSTIME) !== 0;
  if (id === Clockid.MONOTONIC) return absolute ? timeout : later(nowMono, timeout);
  if (id !== Clockid.REALTIME) throw Errno.INVAL;
  if (!absolute) return later(nowMono, timeout);
  const gap = timeout - realtimeNow(ctx.host);
  return gap > 0n ? later(nowMono, gap) : nowMono;
}

/** The pollable that says an fd is ready, or undefined when it is ready by nature (files). */
function fdPollable(e: Entry, write: boolean): Pollable | undefined {
  e.require(Rights.POLL_FD_READWRITE);
  switch (e.kind) {
    case 'file':
      return undefined;
    case 'stream':
      if (write ? e.output === undefined : e.input === undefined) throw Errno.BADF;
      return write ? e.output!.subscribe() : e.input!.subscribe();
    case 'tcp':
      return socketPollable(e, write);
    case 'udp':
      return datagramPollable(e, write);
    default:
      throw Errno.BADF;
  }
}

function socketPollable(e: TcpEntry, write: boolean): Pollable | undefined {
  if (e.state === 'listening') {
    if (write) throw Errno.NOTCONN;
    return e.socket.subscribe();
  }
  // A connect in progress: the socket's own pollable fires when it ends, either way.
  if (e.state === 'connecting') return e.socket.subscribe();
  // Anything else that is not a live half answers at once, as POSIX poll does.
  if (e.state !== 'connected') return undefined;
  if (write) return e.writeClosed ? undefined : e.output!.subscribe();
  return e.readClosed || e.peeked !== undefined ? undefined : e.input!.subscribe();
}

/** An unbound UDP socket answers at once either way: the first send binds it, and a read says why it cannot. */
function datagramPollable(e: UdpEntry, write: boolean): Pollable | undefined {
  if (write) return e.outgoing?.subscribe();
  return e.held !== undefined ? undefined : e.incoming?.subscribe();
}

/**
 * Brings a ready socket up to date before its event is written: a connect
 * that ended is completed, and reads are taken ahead so nbytes is exact.
 * Returns the errno of a read ahead that failed.
 */
function catchUp(ctx: Context, e: Entry, write: boolean): number {
  if (e.kind === 'udp') return write ? Errno.SUCCESS : probeDatagram(e);
  if (e.kind !== 'tcp') return Errno.SUCCESS;
  settle(e);
  return write ? Errno.SUCCESS : probe(e, ctx.host);
}

/** A half that is shut down or ended by the peer: ready at once, reported as hang-up. */
function hungUp(e: Entry, write: boolean): boolean {
  return e.kind === 'tcp' && e.state === 'connected' && (write ? e.writeClosed : e.readClosed);
}

/** Bytes a ready fd can move, where known: files and writable streams, and sockets whose bytes are held. */
function readyBytes(e: Entry, write: boolean): bigint {
  if (e.kind === 'file') {
    if (write) return 0n;
    const left = e.descriptor.stat().size - e.position;
    return left > 0n ? left : 0n;
  }
  if (hungUp(e, write)) return 0n;
  if (e.kind === 'tcp' && e.state === 'connected') {
    if (!write) return BigInt(e.peeked?.length ?? 0);
    return e.output!.checkWrite();
  }
  if (e.kind === 'udp' && !write) return BigInt(e.held?.data.length ?? 0);
  if (write && e.kind === 'stream' && e.output !== undefined) return e.output.checkWrite();
  return 1n;
}

function writeEvent(
  ctx: Context, out: number, userdata: bigint, error: number, type: number, nbytes: bigint, flags: number,
): void {
  const v = ctx.memory.view;
  v.setBigUint64(out + Event.userdata, userdata, true);
  v.setUint16(out + Event.error, error, true);
  v.setUint8(out + Event.type, type);
  v.setUint8(out + Event.type + 1, 0);
  v.setUint32(out + Event.type + 2, 0, true);
  v.setBigUint64(out + Event.nbytes, nbytes, true);
  v.setUint16(out + Event.flags, flags, true);
  v.setUint16(out + Event.flags + 2, 0, true);
  v.setUint32(out + Event.flags + 4, 0, true);
}

/** The pollables of fd subscriptions and, index for index, the subscription each belongs to; reused across calls. */
let waiting: Pollable[] = [];
const waitingFor: number[] = [];
/** Per subscription: its deadline (clocks), or NEVER; and whether it is ready. */
let deadlines = new BigUint64Array(16);
let ready = new Uint8Array(16);
let errors = new Uint16Array(16);
/** fd subscriptions on the adapter's own pipes and eventfds that are not ready: nothing can make them so during the wait. */
let localWaits = 0;

function reserve(n: number): void {
  if (deadlines.length >= n) return;
  deadlines = new BigUint64Array(n);
  ready = new Uint8Array(n);
  errors = new Uint16Array(n);
}

export function poll_oneoff(ctx: Context, input: number, output: number, nsubscriptions: number, nevents: number): number {
  input >>>= 0; output >>>= 0; nsubscriptions >>>= 0; nevents >>>= 0;
  // Nothing to wait for would be a wait forever, which preview1 does not allow.
  if (nsubscriptions === 0) throw Errno.INVAL;
  const mem = ctx.memory;
  mem.check(input, nsubscriptions * Subscription.SIZE);
  mem.check(output, nsubscriptions * Event.SIZE);
  mem.check(nevents, 4);
  reserve(nsubscriptions);
  const clock = ctx.host['wasi:clocks/monotonic-clock'];
  const now = startedAt(ctx, clock.now());
  let earliest = NEVER;
  let anyReady = false;
  waiting.length = 0;
  waitingFor.length = 0;
  localWaits = 0;
  try {
    for (let i = 0; i < nsubscriptions; i++) {
      const at = input + i * Subscription.SIZE;
      const tag = mem.view.getUint8(at + Subscription.tag);
      deadlines[i] = NEVER;
      ready[i] = 0;
      errors[i] = 0;
      if (tag === Eventtype.CLOCK) {
        const deadline = clockDeadline(ctx, at, now);
        deadlines[i] = deadline;
        if (deadline < earliest) earliest = deadline;
      } else if (tag === Eventtype.FD_READ || tag === Eventtype.FD_WRITE) {
        subscribeFd(ctx, i, at, tag === Eventtype.FD_WRITE);
        anyReady ||= ready[i] === 1;
      } else {
        throw Errno.INVAL;
      }
    }
    if (!anyReady && earliest === NEVER && waiting.length === 0 && localWaits > 0) throw Errno.DEADLK;
    wait(ctx, anyReady, earliest, now);
    const reached = earliest === NEVER ? now : clock.now();
    for (let i = 0; i < nsubscriptions; i++) if (deadlines[i]! !== NEVER && deadlines[i]! <= reached) ready[i] = 1;
    mem.setU32(nevents, reportEvents(ctx, input, output, nsubscriptions));
  } catch (err) {
    // The host's wait needs its pollables, and the very list it was given, until it settles.
    if (err instanceof Suspension) {
      err.held.push(...waiting);
      waiting = [];
    }
    throw err;
  } finally {
    for (const p of waiting) drop(p);
    waiting.length = 0;
    waitingFor.length = 0;
  }
  return Errno.SUCCESS;
}

function subscribeFd(ctx: Context, i: number, at: number, write: boolean): void {
  const fd = ctx.memory.view.getUint32(at + Subscription.fd, true);
  try {
    const pollable = fdPollable(ctx.entry(fd), write);
    if (pollable === undefined) {
      ready[i] = 1;
    } else if (pollable instanceof LocalPollable) {
      // No host can wait on it (adapter/wasix-pollable.ts): it is ready now or not at all.
      if (pollable.ready()) ready[i] = 1;
      else localWaits++;
    } else {
      waiting.push(pollable);
      waitingFor.push(i);
    }
  } catch (err) {
    // A bad fd is reported in its own event, not as the call's failure.
    errors[i] = errnoOf(err, ctx.host);
    ready[i] = 1;
  }
}

/**
 * One host poll for everything: it blocks until a pollable is ready or the
 * earliest deadline, and its answer says which fds are ready. When something
 * is ready already (a file, a bad fd, a passed deadline) its timer is `now`,
 * so the poll only tells which fds are ready too.
 */
function wait(ctx: Context, anyReady: boolean, earliest: bigint, now: bigint): void {
  const at = anyReady || earliest <= now ? now : earliest;
  const clock = ctx.host['wasi:clocks/monotonic-clock'];
  if (waiting.length === 0) {
    if (at !== now) blockAndDrop(ctx, clock.subscribeInstant(at), now);
    return;
  }
  // The timer goes last, dropped (or held by a suspension) with the others by poll_oneoff.
  if (at !== NEVER) waiting.push(clock.subscribeInstant(at));
  const found = poll(ctx, waiting, now);
  for (let k = 0; k < found.length; k++) {
    const w = found[k]!;
    if (w < waitingFor.length) ready[waitingFor[w]!] = 1;
  }
}

function reportEvents(ctx: Context, input: number, output: number, n: number): number {
  const v = ctx.memory.view;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (ready[i] !== 1) continue;
    const at = input + i * Subscription.SIZE;
    const userdata = v.getBigUint64(at + Subscription.userdata, true);
    const tag = v.getUint8(at + Subscription.tag);
    const out = output + count++ * Event.SIZE;
    if (tag === Eventtype.CLOCK || errors[i] !== 0) {
      writeEvent(ctx, out, userdata, errors[i]!, tag, 0n, 0);
      continue;
    }
    const e = ctx.table.get(v.getUint32(at + Subscription.fd, true))!;
    const write = tag === Eventtype.FD_WRITE;
    const error = catchUp(ctx, e, write);
    writeEvent(ctx, out, userdata, error, tag, readyBytes(e, write), hungUp(e, write) ? Eventrwflags.HANGUP : 0);
  }
  return count;
}

import { Clockid, Errno } from './abi.js';
import type { Context } from './context.js';
import type { Host } from './host.js';
import { toNanoseconds } from './stat.js';

/**
 * An extension to wasi:clocks/wall-clock that the project's Node host
 * offers: the time in nanoseconds since the epoch as one BigInt, as
 * monotonic-clock.now gives it, where the 0.2 call makes a datetime record
 * that the adapter only turns back into nanoseconds.
 */
export interface NanosecondWallClock {
  nowNanoseconds?(): bigint;
}

/** The realtime clock in nanoseconds, through the host's extension where it has one. */
export function realtimeNow(host: Host): bigint {
  const wall = host['wasi:clocks/wall-clock'] as Host['wasi:clocks/wall-clock'] & NanosecondWallClock;
  return wall.nowNanoseconds === undefined ? toNanoseconds(wall.now()) : wall.nowNanoseconds();
}

/**
 * 0.2 has no CPU-time clocks; wasmtime answers EBADF for them, and so does
 * the adapter. An unknown clock id is EINVAL.
 */
function checkClock(id: number): void {
  if (id === Clockid.PROCESS_CPUTIME_ID || id === Clockid.THREAD_CPUTIME_ID) throw Errno.BADF;
  if (id !== Clockid.REALTIME && id !== Clockid.MONOTONIC) throw Errno.INVAL;
}

export function clock_res_get(ctx: Context, id: number, resolution: number): number {
  resolution >>>= 0;
  checkClock(id);
  const ns = id === Clockid.REALTIME
    ? toNanoseconds(ctx.host['wasi:clocks/wall-clock'].resolution())
    : ctx.host['wasi:clocks/monotonic-clock'].resolution();
  ctx.memory.setU64(resolution, ns);
  return Errno.SUCCESS;
}

export function clock_time_get(ctx: Context, id: number, _precision: bigint, time: number): number {
  time >>>= 0;
  let ns: bigint;
  if (id === Clockid.MONOTONIC) ns = ctx.host['wasi:clocks/monotonic-clock'].now();
  else if (id === Clockid.REALTIME) ns = realtimeNow(ctx.host);
  else { checkClock(id); throw Errno.INVAL; }
  ctx.memory.setU64(time, ns);
  return Errno.SUCCESS;
}

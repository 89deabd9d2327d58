/**
 * WASIX's process and thread calls that mean something on one thread of one
 * process: its ids (the process is 1 and has no parent, and its only thread
 * has the process's id, as Wasmer numbers a main thread), one thread of
 * parallelism, sleeping through the adapter's waits, exiting the only thread
 * (which ends the process), no children to join and no signals to send.
 */
import { Errno } from './abi.js';
import { ProcExit, type Context } from './context.js';
import { blockAndDrop } from './wait.js';
import { JoinStatus, OptionPid } from './wasix-abi.js';

const PID = 1;
const NO_PARENT = 0;

function answer(ctx: Context, out: number, value: number): number {
  ctx.memory.setU32(out >>> 0, value);
  return Errno.SUCCESS;
}

export function proc_id(ctx: Context, out: number): number {
  return answer(ctx, out, PID);
}

/** Only this process exists: any other pid is EBADF, as Wasmer answers for a process it does not know. */
export function proc_parent(ctx: Context, pid: number, out: number): number {
  if (pid !== PID) throw Errno.BADF;
  return answer(ctx, out, NO_PARENT);
}

export function thread_id(ctx: Context, out: number): number {
  return answer(ctx, out, PID);
}

/** One: threads have not landed, so nothing runs beside the module's one thread. */
export function thread_parallelism(ctx: Context, out: number): number {
  return answer(ctx, out, 1);
}

export function thread_sleep(ctx: Context, duration: bigint): number {
  const clock = ctx.host['wasi:clocks/monotonic-clock'];
  blockAndDrop(ctx, clock.subscribeDuration(BigInt.asUintN(64, duration)));
  return Errno.SUCCESS;
}

/** The only thread exiting ends the process with its code. */
export function thread_exit(_ctx: Context, code: number): never {
  throw new ProcExit(code >>> 0);
}

/** No child process was ever made. */
export function proc_join(ctx: Context, pid: number, _flags: number, status: number): number {
  ctx.memory.check(pid >>> 0, OptionPid.SIZE);
  ctx.memory.check(status >>> 0, JoinStatus.SIZE);
  return Errno.CHILD;
}

/** No other process exists; signalling this one is proc_raise, which 0.2 cannot do. */
export function proc_signal(_ctx: Context, pid: number, _signal: number): number {
  return pid === PID ? Errno.NOTSUP : Errno.SRCH;
}

/** Signals never arrive, so the callback is never called. The import returns nothing; the number is dropped. */
export function callback_signal(ctx: Context, name: number, nameLen: number): number {
  ctx.memory.string(name >>> 0, nameLen >>> 0);
  return Errno.SUCCESS;
}

import { Errno } from './abi.js';
import { ProcExit, type Context } from './context.js';
import { yieldThread } from './host.js';

/** Ends the module (never the embedding process): start() returns the code. */
export function proc_exit(_ctx: Context, code: number): never {
  throw new ProcExit(code >>> 0);
}

const MAX_SIGNAL = 30;

/** 0.2 has no signals; wasmtime answers ENOTSUP, and so does the adapter. */
export function proc_raise(_ctx: Context, sig: number): number {
  if (sig < 0 || sig > MAX_SIGNAL) throw Errno.INVAL;
  return Errno.NOTSUP;
}

/**
 * 0.2 has nothing to yield to: on a host that cannot yield, the call succeeds
 * at once, as in wasmtime; one that can (the node host's native part) gives
 * the CPU up, as node:wasi does, so threads spinning on it let others run.
 */
export function sched_yield(ctx: Context): number {
  ctx.host[yieldThread]?.();
  return Errno.SUCCESS;
}

import { Errno } from './abi.js';
import { ProcExit, type Context } from './context.js';

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

/** 0.2 has nothing to yield to: the call succeeds at once, as in wasmtime. */
export function sched_yield(_ctx: Context): number {
  return Errno.SUCCESS;
}

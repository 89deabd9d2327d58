/**
 * WASIX's tty_get and tty_set over wasi:cli/terminal-*: which stdio streams
 * are terminals, and the size where the host's terminal says it (an optional
 * `size()` on its terminal-output resource; 0.2 itself has none). 0.2 cannot
 * change a terminal's modes, so tty_set succeeds only in asking for what
 * tty_get reports, and is ENOTSUP otherwise.
 */
import { Errno } from './abi.js';
import type { Context } from './context.js';
import { drop } from './entries.js';
import { Bool, Tty } from './wasix-abi.js';

/** What a host's terminal-output may add to 0.2: its size in character cells. */
interface SizedTerminal {
  size?(): { columns: number; rows: number } | undefined;
}

/** The size a terminal of unknown size is taken to have, as terminals have long defaulted to. */
const DEFAULT_SIZE = { columns: 80, rows: 24 };

interface TtyState {
  cols: number; rows: number; width: number; height: number;
  stdinTty: boolean; stdoutTty: boolean; stderrTty: boolean; echo: boolean; lineBuffered: boolean;
}

/** The terminal state as far as 0.2 tells it; a terminal stdin is taken to be in its default, canonical mode (echo, lines). */
function current(ctx: Context): TtyState {
  const h = ctx.host;
  if (h['wasi:cli/terminal-stdin'] === undefined && h['wasi:cli/terminal-stdout'] === undefined
    && h['wasi:cli/terminal-stderr'] === undefined) throw Errno.NOTSUP;
  const stdin = h['wasi:cli/terminal-stdin']?.getTerminalStdin();
  const stdout = h['wasi:cli/terminal-stdout']?.getTerminalStdout();
  const stderr = h['wasi:cli/terminal-stderr']?.getTerminalStderr();
  try {
    const size = (stdout as SizedTerminal | undefined)?.size?.() ?? DEFAULT_SIZE;
    return {
      cols: size.columns, rows: size.rows, width: 0, height: 0,
      stdinTty: stdin !== undefined, stdoutTty: stdout !== undefined, stderrTty: stderr !== undefined,
      echo: stdin !== undefined, lineBuffered: stdin !== undefined,
    };
  } finally {
    drop(stdin);
    drop(stdout);
    drop(stderr);
  }
}

export function tty_get(ctx: Context, state: number): number {
  state >>>= 0;
  const mem = ctx.memory;
  mem.check(state, Tty.SIZE);
  const s = current(ctx);
  mem.bytes.fill(0, state, state + Tty.SIZE);
  mem.setU32(state + Tty.cols, s.cols);
  mem.setU32(state + Tty.rows, s.rows);
  mem.setU32(state + Tty.width, s.width);
  mem.setU32(state + Tty.height, s.height);
  mem.setU8(state + Tty.stdinTty, s.stdinTty ? Bool.TRUE : Bool.FALSE);
  mem.setU8(state + Tty.stdoutTty, s.stdoutTty ? Bool.TRUE : Bool.FALSE);
  mem.setU8(state + Tty.stderrTty, s.stderrTty ? Bool.TRUE : Bool.FALSE);
  mem.setU8(state + Tty.echo, s.echo ? Bool.TRUE : Bool.FALSE);
  mem.setU8(state + Tty.lineBuffered, s.lineBuffered ? Bool.TRUE : Bool.FALSE);
  return Errno.SUCCESS;
}

/** Any value but FALSE is true, as Wasmer reads a bool. */
function flag(ctx: Context, at: number): boolean {
  return ctx.memory.u8(at) !== Bool.FALSE;
}

export function tty_set(ctx: Context, state: number): number {
  state >>>= 0;
  const mem = ctx.memory;
  mem.check(state, Tty.SIZE);
  const asked: TtyState = {
    cols: mem.u32(state + Tty.cols), rows: mem.u32(state + Tty.rows),
    width: mem.u32(state + Tty.width), height: mem.u32(state + Tty.height),
    stdinTty: flag(ctx, state + Tty.stdinTty), stdoutTty: flag(ctx, state + Tty.stdoutTty),
    stderrTty: flag(ctx, state + Tty.stderrTty), echo: flag(ctx, state + Tty.echo),
    lineBuffered: flag(ctx, state + Tty.lineBuffered),
  };
  const now = current(ctx);
  for (const k of Object.keys(now) as (keyof TtyState)[]) if (asked[k] !== now[k]) throw Errno.NOTSUP;
  return Errno.SUCCESS;
}

/** WASIX's file descriptor calls: dup, its flags, pipes and eventfds, and path_open with the fd's own flags. */
import { Errno, Filetype } from './abi.js';
import type { Context } from './context.js';
import { path_open } from './path.js';
import { StreamEntry } from './entries.js';
import { MAX_PLACED_FD } from './table.js';
import { eventStreams, MAX } from './wasix-event.js';
import { pipePair } from './wasix-pipe.js';
import { Bool, EventFdFlags, FdflagsExt } from './wasix-abi.js';

function duplicate(ctx: Context, fd: number, min: number, out: number): number {
  ctx.memory.check(out, 4);
  const to = ctx.table.duplicate(fd, min);
  if (to === undefined) throw Errno.BADF;
  ctx.memory.setU32(out, to);
  return to;
}

/** POSIX dup: the lowest free fd, sharing the open file and its position. */
export function fd_dup(ctx: Context, fd: number, out: number): number {
  duplicate(ctx, fd, 0, out >>> 0);
  return Errno.SUCCESS;
}

/** WASIX's fd_dup2 is fcntl's F_DUPFD (or F_DUPFD_CLOEXEC): the lowest free fd from `min`. */
export function fd_dup2(ctx: Context, fd: number, min: number, cloexec: number, out: number): number {
  min >>>= 0;
  if (min > MAX_PLACED_FD) throw Errno.INVAL;
  const to = duplicate(ctx, fd, min, out >>> 0);
  // Any value but FALSE is true, as Wasmer reads a bool.
  ctx.table.setFdFlags(to, (cloexec & 0xff) !== Bool.FALSE ? FdflagsExt.CLOEXEC : 0);
  return Errno.SUCCESS;
}

export function fd_fdflags_get(ctx: Context, fd: number, out: number): number {
  out >>>= 0;
  ctx.memory.check(out, 2);
  ctx.entry(fd);
  ctx.memory.setU16(out, ctx.table.fdFlags(fd));
  return Errno.SUCCESS;
}

/** CLOEXEC is kept and read back; nothing here ever executes another program. */
export function fd_fdflags_set(ctx: Context, fd: number, flags: number): number {
  ctx.entry(fd);
  if (flags & ~FdflagsExt.CLOEXEC) throw Errno.INVAL;
  ctx.table.setFdFlags(fd, flags);
  return Errno.SUCCESS;
}

export function fd_pipe(ctx: Context, out1: number, out2: number): number {
  out1 >>>= 0; out2 >>>= 0;
  const mem = ctx.memory;
  mem.check(out1, 4);
  mem.check(out2, 4);
  const [a, b] = pipePair();
  mem.setU32(out1, ctx.table.add(new StreamEntry(a.input, a.output, Filetype.UNKNOWN)));
  mem.setU32(out2, ctx.table.add(new StreamEntry(b.input, b.output, Filetype.UNKNOWN)));
  return Errno.SUCCESS;
}

export function fd_event(ctx: Context, initial: bigint, flags: number, out: number): number {
  out >>>= 0;
  ctx.memory.check(out, 4);
  initial = BigInt.asUintN(64, initial);
  if (flags & ~EventFdFlags.SEMAPHORE || initial > MAX) throw Errno.INVAL;
  const { input, output } = eventStreams(initial, (flags & EventFdFlags.SEMAPHORE) !== 0);
  ctx.memory.setU32(out, ctx.table.add(new StreamEntry(input, output, Filetype.UNKNOWN)));
  return Errno.SUCCESS;
}

/** path_open, and the new fd's own flags. */
export function path_open2(
  ctx: Context, fd: number, dirflags: number, path: number, pathLen: number, oflags: number,
  rightsBase: bigint, rightsInheriting: bigint, fdflags: number, fdflagsExt: number, opened: number,
): number {
  if (fdflagsExt & ~FdflagsExt.CLOEXEC) throw Errno.INVAL;
  path_open(ctx, fd, dirflags, path, pathLen, oflags, rightsBase, rightsInheriting, fdflags, opened);
  ctx.table.setFdFlags(ctx.memory.u32(opened >>> 0), fdflagsExt);
  return Errno.SUCCESS;
}

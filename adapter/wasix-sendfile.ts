/** WASIX's sock_send_file: bytes of a file (from an offset, the file's position untouched) or a stream, sent down a TCP connection. */
import { Errno, Rights } from './abi.js';
import type { Context } from './context.js';
import { send } from './connection.js';
import { readStream } from './io.js';
import type { Entry, TcpEntry } from './entries.js';

const CHUNK = 65536;

function readSome(ctx: Context, from: Entry, offset: bigint, len: number): Uint8Array {
  from.require(Rights.FD_READ);
  if (from.kind === 'file') return from.descriptor.read(BigInt(len), offset)[0];
  if (from.kind === 'stream' && from.input !== undefined) return readStream(ctx, from.input, len, from.nonblocking);
  throw Errno.BADF;
}

export function sock_send_file(ctx: Context, outFd: number, inFd: number, offset: bigint, count: bigint, sent: number): number {
  sent >>>= 0;
  ctx.memory.check(sent, 8);
  const to = ctx.socket(outFd);
  if (to.kind !== 'tcp') throw Errno.NOTSUP;
  const from = ctx.entry(inFd);
  offset = BigInt.asUintN(64, offset);
  count = BigInt.asUintN(64, count);
  let done = 0n;
  while (done < count) {
    const want = count - done < BigInt(CHUNK) ? Number(count - done) : CHUNK;
    const data = readSome(ctx, from, offset + done, want);
    if (data.length === 0) break;
    send(ctx, to as TcpEntry, data);
    done += BigInt(data.length);
  }
  ctx.memory.setU64(sent, done);
  return Errno.SUCCESS;
}

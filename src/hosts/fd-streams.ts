import { readSync, writeSync } from 'node:fs';
import { sleepNs } from './node/poll.js';
import type { InputStream, OutputStream, Pollable } from '../../adapter/host.js';

/**
 * A pollable that is ready at once, made by the host these streams serve: a
 * host's poll() takes only its own pollables (preview2-shim throws on others).
 */
export type ReadyPollable = () => Pollable;

const MAX_WRITE = 1n << 20n;

/**
 * wasi:io streams over a host file descriptor: for stdio redirected to an fd
 * the embedder names (node:wasi's stdin/stdout/stderr options), which
 * preview2-shim cannot do, and for the process's own stdout and stderr, which
 * preview2-shim writes from its worker thread and never reports a failed
 * write on (a closed pipe piles the writes up in memory, or raises an
 * unhandled 'error' event). Reads and writes are synchronous Node calls.
 */
export class FdOutputStream {
  constructor(readonly fd: number, private readonly ready: ReadyPollable) {}
  checkWrite(): bigint { return MAX_WRITE; }
  write(contents: Uint8Array): void { this.#writeAll(contents); }
  blockingWriteAndFlush(contents: Uint8Array): void { this.#writeAll(contents); }
  flush(): void {}
  blockingFlush(): void {}
  subscribe(): Pollable { return this.ready(); }
  writeZeroes(len: bigint): void { this.#writeAll(new Uint8Array(Number(len))); }
  blockingWriteZeroesAndFlush(len: bigint): void { this.writeZeroes(len); }
  #writeAll(data: Uint8Array): void {
    for (let off = 0; off < data.length;) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // The reader went away: the stream is closed, which the guest sees as EPIPE.
        if (code === 'EPIPE') throw { tag: 'closed' };
        // A non-blocking pipe shared with the embedder (Node sets them so): wait for room.
        if (code === 'EAGAIN') { sleepNs(1_000_000n); continue; }
        throw e;
      }
    }
  }
  [Symbol.dispose](): void {}
  static create(fd: number, ready: ReadyPollable): OutputStream {
    return new FdOutputStream(fd, ready) as unknown as OutputStream;
  }
}

export class FdInputStream {
  constructor(readonly fd: number, private readonly ready: ReadyPollable) {}
  read(len: bigint): Uint8Array { return this.blockingRead(len); }
  blockingRead(len: bigint): Uint8Array {
    const buf = new Uint8Array(Number(len));
    const n = readSync(this.fd, buf, 0, buf.length, null);
    if (n === 0 && buf.length > 0) throw { tag: 'closed' };
    return buf.subarray(0, n);
  }
  skip(len: bigint): bigint { return BigInt(this.blockingRead(len).length); }
  blockingSkip(len: bigint): bigint { return this.skip(len); }
  subscribe(): Pollable { return this.ready(); }
  static create(fd: number, ready: ReadyPollable): InputStream {
    return new FdInputStream(fd, ready) as unknown as InputStream;
  }
}

/**
 * A stdio stream the host shares between every instance in the process
 * (preview2-shim keeps one stdin per process): the adapter may drop its
 * handle when fd 0 closes, but the stream itself must live on for the others.
 */
export class SharedInputStream {
  constructor(readonly stream: InputStream) {}
  read(len: bigint): Uint8Array { return this.stream.read(len); }
  blockingRead(len: bigint): Uint8Array { return this.stream.blockingRead(len); }
  skip(len: bigint): bigint { return this.stream.skip(len); }
  blockingSkip(len: bigint): bigint { return this.stream.blockingSkip(len); }
  subscribe(): Pollable { return this.stream.subscribe(); }
  static wrap(stream: InputStream): InputStream {
    return new SharedInputStream(stream) as unknown as InputStream;
  }
}

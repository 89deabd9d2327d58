import { closeSync, fstatSync, readSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { getChannel } from './channel.js';
import { CLOSED, streamFailure } from './errors.js';
import { Pollable, readyPollable, sleepNs, sourcePollable, type PollSource } from './poll.js';
import { Ev, Op } from './protocol.js';
import { socketFailure } from './socket-streams.js';

/** How an input stream gets its bytes; one object per stream, so calls allocate no closures. */
export interface InBackend {
  read(len: number, blocking: boolean): Uint8Array;
  skip(len: number, blocking: boolean): number;
  subscribe(): Pollable;
  dispose(): void;
}

export interface OutBackend {
  checkWrite(): number;
  write(buf: Uint8Array, blocking: boolean): void;
  flush(blocking: boolean): void;
  subscribe(): Pollable;
  dispose(): void;
}

const EMPTY = new Uint8Array(0);
const SMALL_READ = 64 * 1024;
const MAX_READ = 16 * 1024 * 1024;
/** What checkWrite offers for files and stdio: they take any write synchronously. */
const FILE_WRITE_BUDGET = 1n << 20n;
const scratch = Buffer.allocUnsafe(SMALL_READ);
const ZEROES = new Uint8Array(SMALL_READ);

function clampLen(len: bigint): number {
  return len > BigInt(MAX_READ) ? MAX_READ : Number(len);
}

/** Reads into the shared scratch for small lengths (one exact-size copy) or straight into a fresh buffer. */
function readFd(fd: number, len: number, position: number | null): Uint8Array {
  if (len <= SMALL_READ) {
    const n = readSync(fd, scratch, 0, len, position);
    return n === 0 ? EMPTY : scratch.slice(0, n);
  }
  const buf = Buffer.allocUnsafe(len);
  const n = readSync(fd, buf, 0, len, position);
  return n === len ? buf : buf.subarray(0, n);
}

function writeAll(fd: number, buf: Uint8Array, position: number | null): number {
  let off = 0;
  const len = buf.byteLength;
  while (off < len) {
    try {
      off += writeSync(fd, buf, off, len - off, position === null ? null : position + off);
    } catch (e) {
      // stdout may be a non-blocking pipe shared with the embedder: wait for room.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') { sleepNs(1_000_000n); continue; }
      throw e;
    }
  }
  return off;
}

/** A file read at the stream's own offset with pread, so the descriptor's other users are unaffected. */
export class FileIn implements InBackend {
  constructor(private readonly fd: number, private pos: number) {}
  read(len: number): Uint8Array {
    if (len === 0) return EMPTY;
    let out: Uint8Array;
    try {
      out = readFd(this.fd, len, this.pos);
    } catch (e) {
      throw streamFailure(e);
    }
    if (out.byteLength === 0) throw CLOSED;
    this.pos += out.byteLength;
    return out;
  }
  skip(len: number): number {
    let size: number;
    try {
      size = fstatSync(this.fd).size;
    } catch (e) {
      throw streamFailure(e);
    }
    const n = Math.max(0, Math.min(len, size - this.pos));
    if (n === 0 && len > 0) throw CLOSED;
    this.pos += n;
    return n;
  }
  subscribe(): Pollable { return readyPollable(); }
  dispose(): void {}
}

/** Writes at the stream's offset with pwrite; `appendFd` streams write with O_APPEND at the end. */
export class FileOut implements OutBackend {
  constructor(private readonly fd: number, private pos: number, private readonly append: boolean) {}
  checkWrite(): number { return Number(FILE_WRITE_BUDGET); }
  write(buf: Uint8Array): void {
    try {
      if (this.append) writeAll(this.fd, buf, null);
      else this.pos += writeAll(this.fd, buf, this.pos);
    } catch (e) {
      throw streamFailure(e);
    }
  }
  flush(): void {}
  subscribe(): Pollable { return readyPollable(); }
  dispose(): void {
    // An append stream owns the O_APPEND descriptor it reopened.
    if (this.append) closeSync(this.fd);
  }
}

/** stdout/stderr (or any host fd): writeSync at the fd's own position. The embedder owns the fd. */
export class FdOut implements OutBackend {
  constructor(private readonly fd: number) {}
  checkWrite(): number { return Number(FILE_WRITE_BUDGET); }
  write(buf: Uint8Array): void {
    try {
      writeAll(this.fd, buf, null);
    } catch (e) {
      throw streamFailure(e);
    }
  }
  flush(): void {}
  subscribe(): Pollable { return readyPollable(); }
  dispose(): void {}
}

const LOCAL_CAP = 64 * 1024;

/**
 * Bytes the worker holds for a pipe (stdin that would block). Each round trip
 * takes everything buffered (up to LOCAL_CAP) into a local buffer, so a run of
 * small reads costs one trip to the worker.
 */
export class WorkerIn implements InBackend, PollSource {
  private readonly buf = Buffer.allocUnsafe(LOCAL_CAP);
  private start = 0;
  private end = 0;
  private eof = false;
  private error = -1;
  constructor(readonly id: number) {}

  private fill(blocking: boolean): void {
    const ch = getChannel();
    const n = ch.call(Op.Read, this.id, LOCAL_CAP, blocking ? 1 : 0);
    if (n > 0) {
      ch.data.copy(this.buf, 0, 0, n);
      this.start = 0;
      this.end = n;
    }
    const flag = ch.res[0]!;
    if (flag === 1) this.eof = true;
    else if (flag === 2) { this.eof = true; this.error = ch.res[1]!; }
  }

  read(len: number, blocking: boolean): Uint8Array {
    if (len === 0) return EMPTY;
    if (this.start === this.end && !this.eof) this.fill(blocking);
    if (this.start < this.end) {
      const n = Math.min(len, this.end - this.start);
      const out = this.buf.slice(this.start, this.start + n);
      this.start += n;
      return out;
    }
    if (this.eof) throw this.error >= 0 ? socketFailure(this.error) : CLOSED;
    return EMPTY;
  }

  skip(len: number, blocking: boolean): number {
    return this.read(len, blocking).byteLength;
  }

  pollReady(): boolean {
    if (this.start < this.end || this.eof) return true;
    this.fill(false);
    return this.start < this.end || this.eof;
  }
  pollLocal(): boolean { return this.start < this.end || this.eof; }
  pollId(): number { return this.eof ? 0 : this.id; }
  subscribe(): Pollable { return sourcePollable(this, Ev.Read); }
  dispose(): void {}
}

/**
 * Stdin (or another host fd given as stdin). Files and devices that never block
 * are read directly; a pipe or TTY is read with readSync for blocking reads
 * until the fd reports EAGAIN, and through the worker for everything that must
 * not block. Once the worker reads the fd, every read goes through it, so no
 * bytes are read twice or out of order.
 */
export class StdinIn implements InBackend, PollSource {
  private direct: boolean | undefined;
  private worker: WorkerIn | undefined;
  constructor(private readonly fd: number) {}

  private canBlock(): boolean {
    if (this.direct === undefined) {
      try {
        const st = fstatSync(this.fd);
        this.direct = st.isFile() || st.isBlockDevice() || (st.isCharacterDevice() && !isatty(this.fd));
      } catch {
        this.direct = true;
      }
    }
    return !this.direct;
  }

  private viaWorker(): WorkerIn {
    if (!this.worker) {
      const id = getChannel().call(Op.StdinOpen, this.fd);
      this.worker = new WorkerIn(id);
    }
    return this.worker;
  }

  read(len: number, blocking: boolean): Uint8Array {
    if (len === 0) return EMPTY;
    if (this.worker || (this.canBlock() && !blocking)) return this.viaWorker().read(len, blocking);
    let out: Uint8Array;
    try {
      out = readFd(this.fd, len, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return this.viaWorker().read(len, blocking);
      if ((e as NodeJS.ErrnoException).code === 'EOF') throw CLOSED;
      throw streamFailure(e);
    }
    if (out.byteLength === 0) throw CLOSED;
    return out;
  }
  skip(len: number, blocking: boolean): number {
    return this.read(Math.min(len, SMALL_READ), blocking).byteLength;
  }
  pollReady(): boolean {
    if (!this.worker && !this.canBlock()) return true;
    return this.viaWorker().pollReady();
  }
  pollLocal(): boolean {
    if (!this.worker && !this.canBlock()) return true;
    return this.viaWorker().pollLocal();
  }
  pollId(): number {
    if (!this.worker && !this.canBlock()) return 0;
    return this.viaWorker().pollId();
  }
  subscribe(): Pollable { return sourcePollable(this, Ev.Read); }
  dispose(): void {}
}

/** An input stream with nothing in it, for stdin when the embedder gives none. */
export class EmptyIn implements InBackend {
  read(len: number): Uint8Array { if (len === 0) return EMPTY; throw CLOSED; }
  skip(): number { throw CLOSED; }
  subscribe(): Pollable { return readyPollable(); }
  dispose(): void {}
}

export class InputStream {
  #b: InBackend;
  /** @internal */
  constructor(backend: InBackend) {
    this.#b = backend;
  }
  read(len: bigint): Uint8Array { return this.#b.read(clampLen(len), false); }
  blockingRead(len: bigint): Uint8Array { return this.#b.read(clampLen(len), true); }
  skip(len: bigint): bigint { return BigInt(this.#b.skip(clampLen(len), false)); }
  blockingSkip(len: bigint): bigint { return BigInt(this.#b.skip(clampLen(len), true)); }
  subscribe(): Pollable { return this.#b.subscribe(); }
  [Symbol.dispose](): void { this.#b.dispose(); }
  /** @internal */
  static _backend(s: InputStream): InBackend { return s.#b; }
}

export class OutputStream {
  #b: OutBackend;
  /** @internal */
  constructor(backend: OutBackend) {
    this.#b = backend;
  }
  checkWrite(): bigint { return BigInt(this.#b.checkWrite()); }
  write(contents: Uint8Array): void { this.#b.write(contents, false); }
  blockingWriteAndFlush(contents: Uint8Array): void { this.#b.write(contents, true); }
  flush(): void { this.#b.flush(false); }
  blockingFlush(): void { this.#b.flush(true); }
  subscribe(): Pollable { return this.#b.subscribe(); }
  writeZeroes(len: bigint): void { this.#zeroes(Number(len), false); }
  blockingWriteZeroesAndFlush(len: bigint): void { this.#zeroes(Number(len), true); }
  #zeroes(len: number, blocking: boolean): void {
    while (len > 0) {
      const n = Math.min(len, ZEROES.byteLength);
      this.#b.write(n === ZEROES.byteLength ? ZEROES : ZEROES.subarray(0, n), blocking);
      len -= n;
    }
  }
  splice(src: InputStream, len: bigint): bigint { return this.#splice(src, len, false); }
  blockingSplice(src: InputStream, len: bigint): bigint { return this.#splice(src, len, true); }
  #splice(src: InputStream, len: bigint, blocking: boolean): bigint {
    const budget = blocking ? clampLen(len) : Math.min(clampLen(len), this.#b.checkWrite());
    const bytes = InputStream._backend(src).read(budget, blocking);
    if (bytes.byteLength > 0) this.#b.write(bytes, blocking);
    return BigInt(bytes.byteLength);
  }
  [Symbol.dispose](): void { this.#b.dispose(); }
}

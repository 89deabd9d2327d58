/**
 * A WASI 0.2 host that does no I/O, so that timing the adapter over it gives
 * the adapter's own cost per call. It serves what the clock_time_get and
 * stdout workloads need: a real monotonic clock (the guest times itself with
 * it), stdout as a sink that keeps only its last bytes (the guest's RESULT
 * line), stderr to the real stderr, and no preopens.
 */
import { getRandomValues } from 'node:crypto';
import { writeSync } from 'node:fs';
import type { CoreHost, Host } from '../adapter/host.js';

class Pollable {
  ready(): boolean {
    return true;
  }
  block(): void {}
}

const readyPollable = new Pollable();

/** Never raised: no operation of this host fails. */
class IoError {
  toDebugString(): string {
    return 'memory host error';
  }
}

/** stdin: always at end of stream. */
class InputStream {
  read(): Uint8Array {
    throw { tag: 'closed' };
  }
  blockingRead(): Uint8Array {
    throw { tag: 'closed' };
  }
  skip(): bigint {
    throw { tag: 'closed' };
  }
  blockingSkip(): bigint {
    throw { tag: 'closed' };
  }
  subscribe(): Pollable {
    return readyPollable;
  }
}

/** Keeps the last TAIL bytes written in a ring; everything else is dropped. */
const TAIL = 4096;

class OutputStream {
  private readonly ring = new Uint8Array(TAIL);
  private written = 0;

  constructor(private readonly fd?: number) {}

  checkWrite(): bigint {
    return 1n << 20n;
  }
  write(contents: Uint8Array): void {
    if (this.fd !== undefined) {
      writeSync(this.fd, contents);
      return;
    }
    this.written += contents.length - Math.min(contents.length, TAIL);
    const src = contents.subarray(contents.length - Math.min(contents.length, TAIL));
    const at = this.written % TAIL;
    const first = Math.min(src.length, TAIL - at);
    this.ring.set(src.subarray(0, first), at);
    this.ring.set(src.subarray(first), 0);
    this.written += src.length;
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.write(contents);
  }
  flush(): void {}
  blockingFlush(): void {}
  subscribe(): Pollable {
    return readyPollable;
  }
  writeZeroes(len: bigint): void {
    this.write(new Uint8Array(Number(len)));
  }
  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len);
  }
  splice(): bigint {
    return 0n;
  }
  blockingSplice(): bigint {
    return 0n;
  }

  /** The last bytes written, oldest first. */
  tail(): Uint8Array {
    if (this.written <= TAIL) return this.ring.slice(0, this.written);
    const at = this.written % TAIL;
    const out = new Uint8Array(TAIL);
    out.set(this.ring.subarray(at), 0);
    out.set(this.ring.subarray(0, at), TAIL - at);
    return out;
  }
}

/** The adapter only meets a descriptor through a preopen, and this host has none. */
class NoDescriptor {}
class NoDirectoryEntryStream {}

export interface MemoryHost {
  host: Host;
  /** The tail of what the guest wrote to stdout. */
  stdoutTail(): Uint8Array;
  /** The operations the direct baseline calls, as the adapter reaches them. */
  monotonicNow(): bigint;
  writeStdout(data: Uint8Array): void;
}

export function createMemoryHost(): MemoryHost {
  const stdout = new OutputStream();
  const stderr = new OutputStream(2);
  const stdin = new InputStream();
  const now = (): bigint => process.hrtime.bigint();
  const core = {
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': {
      Pollable,
      poll: (list: Pollable[]) => Uint32Array.from(list.keys()),
    },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:clocks/monotonic-clock': {
      now,
      resolution: () => 1n,
      subscribeInstant: () => readyPollable,
      subscribeDuration: () => readyPollable,
    },
    'wasi:clocks/wall-clock': {
      now: () => {
        const ms = Date.now();
        return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1e6 };
      },
      resolution: () => ({ seconds: 0n, nanoseconds: 1e6 }),
    },
    'wasi:random/random': {
      getRandomBytes: (len: bigint) => getRandomValues(new Uint8Array(Number(len))),
      getRandomU64: () => getRandomValues(new BigUint64Array(1))[0]!,
    },
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    // The adapter may look these classes up, but never gets an instance: there are no preopens.
    'wasi:filesystem/types': {
      Descriptor: NoDescriptor,
      DirectoryEntryStream: NoDirectoryEntryStream,
      filesystemErrorCode: () => undefined,
    } as unknown as CoreHost['wasi:filesystem/types'],
    'wasi:filesystem/preopens': { getDirectories: () => [] },
  } satisfies CoreHost;
  return {
    host: core,
    stdoutTail: () => stdout.tail(),
    monotonicNow: now,
    writeStdout: (data) => stdout.blockingWriteAndFlush(data),
  };
}

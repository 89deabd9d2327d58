import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { synchronousHost, yieldThread, type FilesystemTypes, type Host, type Poll, type Streams } from '../../../adapter/host.js';
import type { HostConfig, OwnedHost } from '../config.js';
import { IoError } from './errors.js';
import { Descriptor, filesystemErrorCode, Preopen } from './filesystem.js';
import { DirectoryEntryStream } from './listing.js';
import { native } from './native.js';
import { deadlinePollable, poll, Pollable } from './poll.js';
import { createSockets } from './sockets.js';
import { EmptyIn, FdOut, InputStream, OutputStream, StdinIn } from './streams.js';

class TerminalInput {
  [Symbol.dispose](): void {}
}
class TerminalOutput {
  [Symbol.dispose](): void {}
}

/**
 * What wasi:cli/exit throws: it unwinds the guest to whoever called into it,
 * as wasmtime's I32Exit does, instead of ending the embedding process.
 */
export class ComponentExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit with status ${code}`);
    this.name = 'ComponentExit';
    this.code = code;
  }
}

const u64 = new BigUint64Array(1);

/**
 * node:crypto takes some 5 ms to load, a third of what loading the whole
 * package costs: only a module that asks for randomness pays it, on its first
 * request.
 */
let crypto: typeof import('node:crypto') | undefined;
function randomFill<T extends NodeJS.ArrayBufferView>(into: T): T {
  return (crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).randomFillSync(into);
}

function randomBytes(len: bigint): Uint8Array {
  return randomFill(new Uint8Array(Number(len)));
}

function randomU64(): bigint {
  randomFill(u64);
  return u64[0]!;
}

/**
 * The wall clock as the monotonic clock plus the gap between the two taken
 * once at load: one BigInt add per reading, no record and no float. Like
 * `performance.timeOrigin + performance.now()`, which is also a start-up wall
 * time plus monotonic time, it never steps back and does not follow a change
 * of the system clock after start. The gap comes
 * from a double of milliseconds (0.25 us apart at today's epoch), so the
 * resolution said is a microsecond.
 */
const realtimeOffset = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)) - process.hrtime.bigint();

const wallClock = {
  nowNanoseconds(): bigint {
    return process.hrtime.bigint() + realtimeOffset;
  },
  now() {
    const ns = process.hrtime.bigint() + realtimeOffset;
    return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
  },
  resolution() {
    return { seconds: 0n, nanoseconds: 1000 };
  },
};

const monotonicClock = {
  now: process.hrtime.bigint,
  resolution() {
    return 1n;
  },
  subscribeInstant(when: bigint) {
    return deadlinePollable(when);
  },
  subscribeDuration(when: bigint) {
    return deadlinePollable(process.hrtime.bigint() + when);
  },
};

/** Every preopen's directory, or none: one that cannot be opened closes those before it. */
function openPreopens(specs: Record<string, string>, useNative: typeof native): (readonly [Preopen, string])[] {
  const opened: (readonly [Preopen, string])[] = [];
  try {
    for (const [guest, hostPath] of Object.entries(specs)) opened.push([new Preopen(guest, hostPath, useNative), guest]);
  } catch (e) {
    for (const [preopen] of opened) preopen.close();
    throw e;
  }
  return opened;
}

/**
 * A WASI 0.2 host for Node that does its work synchronously on the calling
 * thread wherever Node can (files, stdio, clocks, random, timers), and goes to
 * one shared I/O worker only for what needs the event loop (sockets, DNS, a
 * pipe read that would block). Everything the config grants is per host.
 */
export function createNodeHost(config: HostConfig): OwnedHost {
  const useNative = config.native === false ? undefined : native;
  const preopens = openPreopens(config.preopens, useNative);
  const stdinFd = config.stdin ?? 0;
  const stdoutFd = config.stdout ?? 1;
  const stderrFd = config.stderr ?? 2;
  let stdin: InputStream | undefined;
  let stdout: OutputStream | undefined;
  let stderr: OutputStream | undefined;
  const env: [string, string][] = Object.entries(config.env ?? {});
  const args = config.args ?? [];
  const sockets = createSockets(config.network ?? {});

  const host: Host = {
    'wasi:io/error': { Error: IoError as unknown as Host['wasi:io/error']['Error'] },
    'wasi:io/poll': { Pollable: Pollable as unknown as Poll['Pollable'], poll: poll as unknown as Poll['poll'] },
    'wasi:io/streams': {
      InputStream: InputStream as unknown as Streams['InputStream'],
      OutputStream: OutputStream as unknown as Streams['OutputStream'],
    },
    'wasi:clocks/monotonic-clock': monotonicClock,
    'wasi:clocks/wall-clock': wallClock,
    'wasi:random/random': { getRandomBytes: randomBytes, getRandomU64: randomU64 },
    'wasi:random/insecure': { getInsecureRandomBytes: randomBytes, getInsecureRandomU64: randomU64 },
    'wasi:random/insecure-seed': {
      insecureSeed(): [bigint, bigint] {
        return [randomU64(), randomU64()];
      },
    },
    'wasi:cli/stdin': {
      getStdin() {
        return (stdin ??= new InputStream(stdinFd < 0 ? new EmptyIn() : new StdinIn(stdinFd)));
      },
    },
    'wasi:cli/stdout': {
      getStdout() {
        return (stdout ??= new OutputStream(new FdOut(stdoutFd)));
      },
    },
    'wasi:cli/stderr': {
      getStderr() {
        return (stderr ??= new OutputStream(new FdOut(stderrFd)));
      },
    },
    'wasi:cli/environment': {
      getEnvironment() {
        return env;
      },
      getArguments() {
        return args;
      },
      initialCwd() {
        return undefined;
      },
    },
    'wasi:cli/exit': {
      exit(status: { tag: 'ok' | 'err' }) {
        throw new ComponentExit(status.tag === 'err' ? 1 : 0);
      },
    },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    // Only a real terminal is one: a pipe or file given as stdio is not.
    'wasi:cli/terminal-stdin': {
      getTerminalStdin() {
        return isatty(stdinFd) ? new TerminalInput() : undefined;
      },
    },
    'wasi:cli/terminal-stdout': {
      getTerminalStdout() {
        return isatty(stdoutFd) ? new TerminalOutput() : undefined;
      },
    },
    'wasi:cli/terminal-stderr': {
      getTerminalStderr() {
        return isatty(stderrFd) ? new TerminalOutput() : undefined;
      },
    },
    'wasi:filesystem/types': {
      Descriptor: Descriptor as unknown as FilesystemTypes['Descriptor'],
      DirectoryEntryStream: DirectoryEntryStream as unknown as FilesystemTypes['DirectoryEntryStream'],
      filesystemErrorCode,
    },
    'wasi:filesystem/preopens': {
      getDirectories() {
        return preopens.map(([p, guest]) => [p.descriptor(), guest]);
      },
    },
    ...sockets,
    [synchronousHost]: true,
  };
  if (useNative !== undefined) {
    const native = useNative;
    Object.assign(host, { [yieldThread]: () => void native.schedYield() });
  }
  return Object.assign(host, {
    close(): void {
      for (const [preopen] of preopens) preopen.close();
      // The stdio fds are the embedder's (or the process's): only our streams over them go.
      for (const stream of [stdin, stdout, stderr]) stream?.[Symbol.dispose]();
      stdin = stdout = stderr = undefined;
    },
  });
}

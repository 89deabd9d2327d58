import {
  asyncWaits, synchronousHost, type FilesystemTypes, type Host, type InputStream as HostInputStream,
  type OutputStream as HostOutputStream, type Poll, type Streams,
} from '../../../adapter/host.js';
import { Descriptor, DirectoryEntryStream } from './descriptor.js';
import { filesystemErrorCode, IoError } from './errors.js';
import { FileSystem } from './inode.js';
import { Pipe, PipeSink, PipeSource } from './pipe.js';
import { deadlinePollable, poll, Pollable, Scheduler } from './poll.js';
import { BytesSource, CallbackSink, discard, nothingIn, ReadableSource, WritableSink } from './stdio.js';
import { InputStream, OutputStream, type Sink, type Source } from './streams.js';
import { monotonicNs, wallClock } from './time.js';
import { directoryAt, dumpTree, loadTree, readTreeFile, type MemoryTree } from './tree.js';

export type { MemoryTree } from './tree.js';

export interface MemoryHostOptions {
  /** The tree, as the conformance specs write it: paths to contents. */
  files?: MemoryTree;
  /** Guest path -> directory of the tree; default { '/': '/' }. A directory missing from the tree is made. */
  preopens?: Record<string, string>;
  stdin?: string | Uint8Array | ReadableStream<Uint8Array>;
  stdout?: ((bytes: Uint8Array) => void) | WritableStream<Uint8Array>;
  stderr?: ((bytes: Uint8Array) => void) | WritableStream<Uint8Array>;
  /** For components that read wasi:cli/environment (the preview1 adapter keeps its own copy). */
  env?: Record<string, string>;
  args?: string[];
}

export interface MemoryHost extends Host {
  /** A file's bytes after (or during) a run; throws for a missing path or a directory. */
  readFile(path: string): Uint8Array;
  /** The whole tree in the shape `files` takes: files as Uint8Array, every directory as 'dir/': {}, symlinks as { symlink }. */
  files(): MemoryTree;
  /**
   * A pipe (pipe.ts): what the output stream writes, the input stream reads.
   * Each end is the caller's to drop (or to give to a table); dropping the
   * output is the reader's end of input. A read of an empty pipe waits with a
   * promise, so a host with pipes says it may answer reads and polls with
   * promises: make them before the WASI instances that use them, and run
   * those with startAsync or runInWorker.
   */
  pipe(): [HostInputStream, HostOutputStream];
  /** Releases what the host holds (readers of stdin streams, timers); idempotent. */
  close(): void;
}

/**
 * What wasi:cli/exit throws: it unwinds the guest to whoever called into it,
 * as wasmtime's I32Exit does, instead of ending anything else.
 */
export class MemoryHostExit extends Error {
  constructor(readonly code: number) {
    super(`exit with status ${code}`);
    this.name = 'MemoryHostExit';
  }
}

class TerminalInput {
  [Symbol.dispose](): void {}
}
class TerminalOutput {
  [Symbol.dispose](): void {}
}

/** Web Crypto gives at most 64 KiB a call. */
const RANDOM_CHUNK = 65536;
const u64 = new BigUint64Array(1);

function randomBytes(len: bigint): Uint8Array {
  const out = new Uint8Array(Number(len));
  for (let at = 0; at < out.length; at += RANDOM_CHUNK) crypto.getRandomValues(out.subarray(at, at + RANDOM_CHUNK));
  return out;
}

/** Scratch for a guest memory Web Crypto will not fill itself: a shared one (threads). */
let sharedScratch = new Uint8Array(0);

/**
 * The adapter's extension to wasi:random (see adapter/random.ts): the bytes
 * land in the caller's buffer, guest memory, with no list made and copied.
 */
function randomBytesInto(buffer: Uint8Array, start: number, length: number): void {
  if (!(buffer.buffer instanceof ArrayBuffer)) {
    if (sharedScratch.length < length) sharedScratch = new Uint8Array(length);
    randomBytesInto(sharedScratch, 0, length);
    buffer.set(sharedScratch.subarray(0, length), start);
    return;
  }
  for (let at = 0; at < length; at += RANDOM_CHUNK) {
    crypto.getRandomValues(buffer.subarray(start + at, start + Math.min(length, at + RANDOM_CHUNK)) as Uint8Array<ArrayBuffer>);
  }
}

function randomU64(): bigint {
  crypto.getRandomValues(u64);
  return u64[0]!;
}

const utf8 = new TextEncoder();

function sourceOf(stdin: MemoryHostOptions['stdin']): Source {
  if (stdin === undefined) return nothingIn;
  if (typeof stdin === 'string') return new BytesSource(utf8.encode(stdin));
  if (stdin instanceof Uint8Array) return new BytesSource(stdin.slice());
  return new ReadableSource(stdin);
}

function sinkOf(out: MemoryHostOptions['stdout']): Sink {
  if (out === undefined) return discard;
  return typeof out === 'function' ? new CallbackSink(out) : new WritableSink(out);
}

/** Tells the trees of different hosts apart in metadata hashes. */
let nextDevice = 1n;

/**
 * A complete WASI 0.2 host over a file tree in memory (wasi:io, filesystem,
 * clocks, random, cli; no sockets), written for any JavaScript platform: it
 * runs in Node, in a browser's page and in workers alike. Files, directories,
 * symlinks and hard links behave as Linux's do, within the same sandbox as
 * the node host's. Where the thread may block (Node, workers) every call
 * answers at once and the host is synchronous; on a browser's main thread
 * (or with a ReadableStream as stdin) waits answer with promises, which the
 * adapter waits for under JSPI (`startAsync`).
 */
export function createMemoryHost(options: MemoryHostOptions = {}): MemoryHost {
  const fs = new FileSystem(nextDevice++);
  loadTree(fs, options.files ?? {});
  const scheduler = new Scheduler();
  const preopens = Object.entries(options.preopens ?? { '/': '/' })
    .map(([guest, path]) => [directoryAt(fs, path, `preopens[${JSON.stringify(guest)}]`), guest] as const);
  const source = sourceOf(options.stdin);
  const readable = source instanceof ReadableSource;
  const stdoutSink = sinkOf(options.stdout);
  const stderrSink = sinkOf(options.stderr);
  // One stream each, handed to every caller (two WASI instances may share the host): the host's close() ends them.
  const stdin = new InputStream(source, scheduler, false);
  const stdout = new OutputStream(stdoutSink, scheduler, false);
  const stderr = new OutputStream(stderrSink, scheduler, false);
  const env = Object.entries(options.env ?? {});
  const args = [...(options.args ?? [])];
  let closed = false;
  let piped = false;

  const host: MemoryHost = {
    'wasi:io/error': { Error: IoError as unknown as Host['wasi:io/error']['Error'] },
    'wasi:io/poll': { Pollable: Pollable as unknown as Poll['Pollable'], poll: poll as unknown as Poll['poll'] },
    'wasi:io/streams': {
      InputStream: InputStream as unknown as Streams['InputStream'],
      OutputStream: OutputStream as unknown as Streams['OutputStream'],
    },
    'wasi:clocks/monotonic-clock': {
      now: () => BigInt(monotonicNs()),
      resolution: () => 1000n,
      subscribeInstant: (when: bigint) => deadlinePollable(scheduler, Number(when)) as never,
      subscribeDuration: (duration: bigint) => deadlinePollable(scheduler, monotonicNs() + Number(duration)) as never,
    },
    'wasi:clocks/wall-clock': wallClock,
    'wasi:random/random': { getRandomBytes: randomBytes, getRandomU64: randomU64, getRandomBytesInto: randomBytesInto } as Host['wasi:random/random'],
    'wasi:random/insecure': { getInsecureRandomBytes: randomBytes, getInsecureRandomU64: randomU64 },
    'wasi:random/insecure-seed': { insecureSeed: (): [bigint, bigint] => [randomU64(), randomU64()] },
    'wasi:cli/stdin': { getStdin: () => stdin as never },
    'wasi:cli/stdout': { getStdout: () => stdout as never },
    'wasi:cli/stderr': { getStderr: () => stderr as never },
    'wasi:cli/environment': {
      getEnvironment: () => env,
      getArguments: () => args,
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': {
      exit(status: { tag: 'ok' | 'err' }): void {
        throw new MemoryHostExit(status.tag === 'err' ? 1 : 0);
      },
    },
    'wasi:cli/terminal-input': { TerminalInput: TerminalInput as never },
    'wasi:cli/terminal-output': { TerminalOutput: TerminalOutput as never },
    // stdio here is never a terminal.
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
    'wasi:filesystem/types': {
      Descriptor: Descriptor as unknown as FilesystemTypes['Descriptor'],
      DirectoryEntryStream: DirectoryEntryStream as unknown as FilesystemTypes['DirectoryEntryStream'],
      filesystemErrorCode: filesystemErrorCode as FilesystemTypes['filesystemErrorCode'],
    },
    'wasi:filesystem/preopens': {
      // New descriptors each time: every caller owns (and drops) what it gets.
      getDirectories: () => preopens.map(([dir, guest]) =>
        [new Descriptor(fs, scheduler, dir, { read: true, mutateDirectory: true }) as never, guest]),
    },
    get [synchronousHost](): boolean {
      return scheduler.canBlock && !readable && !piped;
    },
    // Where this thread cannot block, timers (and so poll_oneoff) wait on promises; a web stream stdin
    // or a pipe always does, for reads and for polls. Writes never wait: sinks take the bytes at once.
    get [asyncWaits]() {
      const sources = readable || piped;
      return [...(scheduler.canBlock && !sources ? [] : ['block', 'poll'] as const), ...(sources ? ['read'] as const : [])];
    },
    readFile: (path: string) => readTreeFile(fs, path),
    files: () => dumpTree(fs.root),
    pipe(): [HostInputStream, HostOutputStream] {
      piped = true;
      const pipe = new Pipe();
      return [new InputStream(new PipeSource(pipe), scheduler) as never, new OutputStream(new PipeSink(pipe), scheduler) as never];
    },
    close(): void {
      if (closed) return;
      closed = true;
      scheduler.close();
      source.dispose();
      stdoutSink.dispose();
      stderrSink.dispose();
    },
  };
  return host;
}

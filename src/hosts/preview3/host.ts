/**
 * The adapter's WASI 0.2 Host over a WASI 0.3 host: preview3-shim's, or any
 * object of its shape keyed by interface (`wasi:filesystem/types`, with or
 * without its `@0.3...` version). 0.3 answers with promises where 0.2
 * blocks, so every wait here is a promise: run modules on it with
 * runInWorker. Platform-free: it reaches nothing but the 0.3 host.
 */
import type { Host } from '../../../adapter/host.js';
import { Descriptor, DirectoryEntryStream, type Descriptor3 } from './descriptor.js';
import { poll, Pollable } from './poll.js';
import { InputStream, OutputStream, StreamFailure, type ByteReader, type ResultFuture } from './streams.js';

type Fn = (...args: never[]) => unknown;

/** The interfaces of a 0.3 host this layer reads, each a record of functions (and resource classes). */
export type Preview3Host = Record<string, Record<string, unknown>>;

/** A key of a 0.3 import object without its version: `wasi:cli/stdout@0.3.0-rc-...` is `wasi:cli/stdout`. */
function unversioned(host: Preview3Host): Preview3Host {
  const out: Preview3Host = {};
  for (const [key, value] of Object.entries(host)) out[key.replace(/@.*$/, '')] = value;
  return out;
}

/** Whether an import object is a 0.3 host: its interfaces carry 0.3 versions. */
export function isPreview3Host(host: object): host is Preview3Host {
  return Object.keys(host).some((k) => /^wasi:[^@]+@0\.3\./.test(k));
}

function fn<T extends Fn>(host: Preview3Host, iface: string, name: string): T {
  const f = host[iface]?.[name];
  if (typeof f !== 'function') throw new TypeError(`WASI 0.3 host: ${iface} has no ${name}`);
  return f as T;
}

const NS = 1_000_000_000n;

/** The adapter's Host over a 0.3 host object. */
export function preview3Host(raw: Preview3Host): Host {
  const p3 = unversioned(raw);
  const monotonic = p3['wasi:clocks/monotonic-clock']!;
  const now = fn<() => bigint>(p3, 'wasi:clocks/monotonic-clock', 'now');
  const waitFor = fn<(ns: bigint) => Promise<void>>(p3, 'wasi:clocks/monotonic-clock', 'waitFor');
  const waitUntil = fn<(ns: bigint) => Promise<void>>(p3, 'wasi:clocks/monotonic-clock', 'waitUntil');
  const system = p3['wasi:clocks/system-clock'] ?? p3['wasi:clocks/wall-clock']!;
  const systemResolution = system.getResolution as () => bigint;
  const random = p3['wasi:random/random']!;
  const insecure = p3['wasi:random/insecure'];
  const seed = p3['wasi:random/insecure-seed'];
  const readStdin = fn<() => [ByteReader, ResultFuture]>(p3, 'wasi:cli/stdin', 'readViaStream');
  const stdout = fn<(r: ByteReader) => Promise<unknown>>(p3, 'wasi:cli/stdout', 'writeViaStream');
  const stderr = fn<(r: ByteReader) => Promise<unknown>>(p3, 'wasi:cli/stderr', 'writeViaStream');
  const getDirectories = fn<() => [Descriptor3, string][]>(p3, 'wasi:filesystem/preopens', 'getDirectories');
  // 0.3 stdin is one stream for the process: every caller reads from the same one.
  let stdin: InputStream | undefined;
  const host = {
    'wasi:io/error': { Error: StreamFailure },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:clocks/monotonic-clock': {
      now,
      resolution: (monotonic.getResolution ?? monotonic.resolution) as () => bigint,
      subscribeDuration: (ns: bigint) => new Pollable(ns <= 0n ? undefined : waitFor(ns)),
      subscribeInstant: (at: bigint) => new Pollable(at <= now() ? undefined : waitUntil(at)),
    },
    'wasi:clocks/wall-clock': {
      now: system.now as () => { seconds: bigint; nanoseconds: number },
      resolution: () => {
        const ns = systemResolution();
        return { seconds: ns / NS, nanoseconds: Number(ns % NS) };
      },
    },
    'wasi:random/random': random,
    ...(insecure !== undefined && { 'wasi:random/insecure': insecure }),
    ...(seed !== undefined && { 'wasi:random/insecure-seed': { insecureSeed: (seed.getInsecureSeed ?? seed.insecureSeed) as Fn } }),
    'wasi:cli/stdin': {
      getStdin: () => (stdin ??= new InputStream(...readStdin())),
    },
    'wasi:cli/stdout': { getStdout: () => new OutputStream(stdout) },
    'wasi:cli/stderr': { getStderr: () => new OutputStream(stderr) },
    'wasi:filesystem/types': {
      Descriptor,
      DirectoryEntryStream,
      // Stream failures here carry their code.
      filesystemErrorCode: (err: unknown) => (err instanceof StreamFailure ? err.code : undefined),
    },
    'wasi:filesystem/preopens': {
      getDirectories: () => getDirectories().map(([d, path]) => [new Descriptor(d, true), path]),
    },
  };
  return host as unknown as Host;
}

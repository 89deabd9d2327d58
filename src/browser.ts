/**
 * The browser entry: the same WASI and table as in Node, over any WASI 0.2
 * host in jco import-object shape, reaching no Node module. Without a host
 * it runs on an in-memory one.
 */
import type { Host } from '../adapter/host.js';
import { consoleLines } from './hosts/memory/console.js';
import { createMemoryHost, type MemoryHost, type MemoryHostOptions } from './hosts/memory/index.js';
import { WASIBase, WASIError, WASIExitError, type Platform, type WASIOptions } from './wasi.js';
import { browserWorkers } from './worker/browser.js';
import { runWorker, type WorkerRunOptions } from './worker/run.js';

/**
 * The default host: an empty in-memory tree whose directories the
 * `preopens` option names (made where missing; none by default), stdout and
 * stderr to the console line by line.
 */
function defaultHost(options: WASIOptions): Host {
  const name = options.host ?? 'memory';
  if (name !== 'memory') {
    throw new WASIError('ERR_INVALID_ARG_VALUE',
      `no host "${String(name)}" in a browser: leave the host option out for the in-memory host, or pass a WASI 0.2 host object`);
  }
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter((kv): kv is [string, string] => kv[1] !== undefined));
  return createMemoryHost({
    preopens: options.preopens ?? {},
    stdout: consoleLines((line) => console.log(line)),
    stderr: consoleLines((line) => console.error(line)),
    env,
    args: [...(options.args ?? [])],
  });
}

const browserPlatform: Platform = {
  host: defaultHost,
  quirks: () => ({}),
  exit(code: number): never {
    throw new WASIExitError(code);
  },
  trace: (line: string) => console.error(line),
};

/** node:wasi's WASI class for the browser; `returnOnExit: false` makes start() throw a WASIExitError. */
export class WASI extends WASIBase {
  constructor(options: WASIOptions = {}) {
    super(options, browserPlatform);
  }
}

/** The hosts the browser entry makes by name: the in-memory one (preview2-shim's browser host is passed as an object). */
export type HostName = 'memory';
export const hostNames: readonly HostName[] = ['memory'];

export function createHost(name: HostName, options: MemoryHostOptions = {}): MemoryHost {
  if (name !== 'memory') throw new TypeError(`no host "${String(name)}" in a browser; the one made by name is "memory"`);
  return createMemoryHost(options);
}

export { WASIBase, WASIError, WASIExitError, type WASIOptions } from './wasi.js';
export { ResourceTable, type Taken, type PlaceOptions } from '../adapter/table.js';
export { FileEntry, DirectoryEntry, StreamEntry, TcpEntry, UdpEntry, type Entry, type Resource } from '../adapter/entries.js';
export { synchronousHost, type Host, type CoreHost, type OptionalHost } from '../adapter/host.js';
export {
  createImports, createWasixImports, Context, ProcExit, AsyncHostError, type Preview1Imports, type TraceSink,
  type WasixImports,
} from '../adapter/index.js';
export { createMemoryHost, type MemoryHost, type MemoryHostOptions, type MemoryTree } from './hosts/memory/index.js';

/**
 * Runs a command's _start in a Web Worker, over a host that stays on this
 * thread; resolves to its exit code; rejects with the trap (message and wasm
 * stack) or host error. The page must be cross-origin isolated.
 */
export function runInWorker(options: WorkerRunOptions): Promise<number> {
  return runWorker(options, browserPlatform, browserWorkers);
}
export type { WorkerRunOptions } from './worker/run.js';

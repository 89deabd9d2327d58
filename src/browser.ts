/**
 * The browser entry: the same WASI and table as in Node, over any WASI 0.2
 * host in jco import-object shape, reaching no Node module.
 */
import type { Host } from '../adapter/host.js';
import { WASIBase, WASIError, WASIExitError, type Platform, type WASIOptions } from './wasi.js';

const browserPlatform: Platform = {
  host(options: WASIOptions): Host {
    throw new WASIError('ERR_INVALID_ARG_VALUE',
      `no host "${String(options.host ?? '')}" in a browser: pass a WASI 0.2 host object as the host option`);
  },
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

export { WASIBase, WASIError, WASIExitError, type WASIOptions } from './wasi.js';
export {
  ResourceTable, FileEntry, DirectoryEntry, StreamEntry, TcpEntry, UdpEntry,
  type Entry, type Resource,
} from '../adapter/table.js';
export { synchronousHost, type Host, type CoreHost, type OptionalHost } from '../adapter/host.js';
export {
  createImports, Context, ProcExit, AsyncHostError, type Preview1Imports, type TraceSink,
} from '../adapter/index.js';

// runInWorker, over this entry's platform (its default host and quirks).
import { runWorker, type WorkerRunOptions } from './worker/run.js';
import { browserWorkers } from './worker/browser.js';

/**
 * Runs a command's _start in a Web Worker, over a host that stays on this
 * thread; resolves to its exit code; rejects with the trap (message and wasm
 * stack) or host error. The page must be cross-origin isolated.
 */
export function runInWorker(options: WorkerRunOptions): Promise<number> {
  return runWorker(options, browserPlatform, browserWorkers);
}
export type { WorkerRunOptions } from './worker/run.js';

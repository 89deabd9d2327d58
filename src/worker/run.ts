/**
 * runInWorker: the module and the adapter run in a worker, whose host calls
 * this thread runs on the host (awaiting its promises) while the worker waits
 * in Atomics.wait. This thread's event loop stays free all the while.
 */
import type { TraceSink } from '../../adapter/index.js';
import type { Host } from '../../adapter/host.js';
import type { NetworkPolicy } from '../hosts/config.js';
import { isPreview3Host, preview3Host, type Preview3Host } from '../hosts/preview3/host.js';
import type { Platform } from '../wasi.js';
import { channelBuffer, OwnerEnd } from './channel.js';
import { errorFrom } from './codec.js';
import type { StartMessage, ThreadStartMessage, WorkerMessage } from './protocol.js';
import { HostServer } from './serve.js';

export interface WorkerRunOptions {
  /** The module: compiled, or its bytes. */
  module: WebAssembly.Module | BufferSource;
  /**
   * The host, which stays on this thread: a WASI 0.2 host object, a WASI 0.3
   * import object (its interfaces versioned @0.3), or the name of one the
   * package ships; default: the platform's default host. Hosts
   * made here get the options below and are closed when the run ends.
   */
  host?: Host | Preview3Host | string;
  /** argv as the module sees it, argv[0] included. */
  args?: readonly string[];
  env?: Record<string, string | undefined>;
  /** Guest path to host directory, for a host made from these options. */
  preopens?: Record<string, string>;
  /** Log every call: true for the platform's stderr, or a function taking each line; lines come to this thread. */
  trace?: boolean | TraceSink;
  /** What the guest may reach through WasmEdge's socket extension (see the WASI options). */
  network?: NetworkPolicy;
  /** Where the worker script is, for bundlers that move files; default the package's own. */
  workerURL?: URL | string;
  /** Ends the run (the worker is terminated, every host resource it held released). */
  signal?: AbortSignal;
}

/** What the worker says, and what ends it from outside. */
export interface WorkerEvents {
  message(message: WorkerMessage): void;
  /** The worker died, or its script could not be loaded. */
  failed(error: Error): void;
}

export interface StartedWorker {
  post(message: StartMessage | ThreadStartMessage, transfer: Transferable[]): void;
  terminate(): Promise<void>;
}

/** How a platform starts the worker script (worker/node.ts, worker/browser.ts). */
export interface Workers {
  /** Throws when this place cannot run a module this way. */
  check(): void;
  start(url: URL | string | undefined, events: WorkerEvents): StartedWorker;
}

/** A WASI 0.3 import object (its interfaces versioned @0.3) runs under the 0.3 host layer; a 0.2 host as it is. */
function hostOver(given: Host | Preview3Host): Host {
  return isPreview3Host(given) ? preview3Host(given) : given;
}

interface Closable {
  close?(): void;
}

/** A module's bytes, viewed where they are. */
export function bytesOf(module: BufferSource): Uint8Array {
  if (ArrayBuffer.isView(module)) return new Uint8Array(module.buffer, module.byteOffset, module.byteLength);
  if (module instanceof ArrayBuffer) return new Uint8Array(module);
  throw new TypeError('module must be a WebAssembly.Module or its bytes (an ArrayBuffer or a view of one)');
}

/** The module to post: compiled modules are shared, bytes are copied and the copy is transferred. */
function moduleToPost(module: WorkerRunOptions['module']): [WebAssembly.Module | Uint8Array, Transferable[]] {
  if (module instanceof WebAssembly.Module) return [module, []];
  const bytes = bytesOf(module).slice();
  return [bytes, [bytes.buffer]];
}

/**
 * Runs a command's _start in a worker; resolves to its exit code; rejects
 * with the trap (message and wasm stack) or host error. Each entry point
 * gives its platform (for the default host and its quirks) and its workers.
 */
export async function runWorker(options: WorkerRunOptions, platform: Platform, workers: Workers): Promise<number> {
  options.signal?.throwIfAborted();
  workers.check();
  const [module, transfer] = moduleToPost(options.module);
  const ownsHost = typeof options.host !== 'object';
  const host = typeof options.host === 'object' ? hostOver(options.host) : platform.host({
    args: options.args ?? [], env: options.env ?? {}, preopens: options.preopens ?? {},
    ...(options.host !== undefined && { host: options.host }),
    ...(options.network !== undefined && { network: options.network }),
  });
  try {
    const trace = options.trace === true ? platform.trace : options.trace || undefined;
    const end = new OwnerEnd(channelBuffer());
    const start: StartMessage = {
      buffer: end.buffer, wake: end.wake, module, args: options.args ?? [], env: options.env ?? {},
      network: options.network, quirks: platform.quirks(host), trace: trace !== undefined,
    };
    return await run(start, transfer, end, new HostServer(end, host, trace), options, workers);
  } finally {
    if (ownsHost) (host as Closable).close?.();
  }
}

function run(
  start: StartMessage, transfer: Transferable[], end: OwnerEnd, server: HostServer, options: WorkerRunOptions, workers: Workers,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const { signal } = options;
    let worker: StartedWorker | undefined;
    let ended = false;
    const finish = (settle: () => void): void => {
      if (ended) return;
      ended = true;
      end.stop();
      signal?.removeEventListener('abort', abort);
      server.dropAll();
      if (worker === undefined) settle();
      else worker.terminate().then(settle, settle);
    };
    const abort = (): void => finish(() => reject(signal!.reason));
    try {
      worker = workers.start(options.workerURL, {
        message(m) {
          if (m.kind === 'wake') end.woken();
          else if (m.kind === 'exit') finish(() => resolve(m.code));
          else if (m.kind === 'failed') finish(() => reject(errorFrom(m.failure)));
        },
        failed: (err) => finish(() => reject(err)),
      });
    } catch (err) {
      finish(() => reject(err));
      return;
    }
    signal?.addEventListener('abort', abort, { once: true });
    server.serve().catch((err: unknown) => finish(() => reject(err)));
    worker.post(start, transfer);
  });
}

import { Filetype } from '../adapter/abi.js';
import {
  Context, ProcExit, createImports, createWasixImports, suspendingConstructor, suspendingImports, type ImportName,
  type Preview1Imports, type TraceSink, type WasixImports, type WasixName,
} from '../adapter/index.js';
import type { HostQuirks, NetworkGrants } from '../adapter/context.js';
import { asyncWaits, synchronousHost, type Host, type InputStream, type OutputStream } from '../adapter/host.js';
import { drop, DirectoryEntry, StreamEntry, TcpEntry } from '../adapter/entries.js';
import { ResourceTable } from '../adapter/table.js';
import { networkGrants } from './grants.js';
import { listenerAddress, openListener, type ListenerOptions } from './listeners.js';
import type { NetworkPolicy } from './hosts/config.js';
import type { ThreadedOptions, ThreadRunner } from './threads/owner.js';

/** node:wasi's constructor options, plus the host, the table, tracing and network grants. */
export interface WASIOptions {
  /** Only 'preview1' is supported, as with node:wasi. */
  version?: 'preview1';
  /** argv as the module sees it, argv[0] included. */
  args?: readonly string[];
  env?: Record<string, string | undefined>;
  /** Guest path to host directory, for hosts created by name. */
  preopens?: Record<string, string>;
  /**
   * true (default): start() returns the exit code. false: proc_exit ends the
   * process with it (Node), or start() throws a WASIExitError (browser).
   */
  returnOnExit?: boolean;
  /** Host file descriptors for stdio, for hosts created by name (Node). */
  stdin?: number;
  stdout?: number;
  stderr?: number;
  /** A WASI 0.2 host in jco import-object shape, or the name of one the package ships. */
  host?: Host | string;
  /** A table shared with other instances or components; a new one by default. */
  table?: ResourceTable;
  /** Log every call: true for stderr (the console in a browser), or a function taking each line. */
  trace?: boolean | TraceSink;
  /**
   * What the guest may reach through WasmEdge's socket extension (checked by
   * the adapter on any host), and what a host created by name permits;
   * everything denied by default.
   */
  network?: NetworkPolicy;
  /** TCP listeners opened before the module starts, as fds after the preopened directories. */
  sockets?: readonly ListenerOptions[];
}

/** What differs between Node and a browser; each entry point supplies its own. */
export interface Platform {
  /** The host for options that give none, or give a name; and whether the instance made it (and so closes it). */
  host(options: WASIOptions): Host;
  /** Host defects the adapter works around. */
  quirks(host: Host): HostQuirks;
  /** What `returnOnExit: false` does with an exit code. */
  exit(code: number): never;
  /** Where `trace: true` sends its lines. */
  trace: TraceSink;
  /** How startThreaded runs a module's threads, where this platform can. */
  threads?: ThreadRunner;
}

type Exports = WebAssembly.Exports & { memory?: unknown; _start?: unknown; _initialize?: unknown };

/** An error about how the API was used, with node:wasi's error codes. */
export class WASIError extends TypeError {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** What start() throws with `returnOnExit: false` where there is no process to end (a browser). */
export class WASIExitError extends Error {
  constructor(readonly code: number) {
    super(`the module exited with code ${code}`);
    this.name = 'WASIExitError';
  }
}

function exportsOf(instance: WebAssembly.Instance): Exports {
  if (typeof instance !== 'object' || instance === null || typeof instance.exports !== 'object') {
    throw new WASIError('ERR_INVALID_ARG_TYPE', 'The "instance" argument must be a WebAssembly.Instance');
  }
  return instance.exports as Exports;
}

function typeError(property: string, type: string): WASIError {
  return new WASIError('ERR_INVALID_ARG_TYPE', `The "instance.exports.${property}" property must be of type ${type}`);
}

function grantsFrom(options: WASIOptions): NetworkGrants {
  try {
    return networkGrants(options.network);
  } catch (err) {
    throw new WASIError('ERR_INVALID_ARG_VALUE', `network: ${(err as Error).message}`);
  }
}

function invalid(name: string, value: string, rule: string): WASIError {
  return new WASIError('ERR_INVALID_ARG_VALUE', `The argument '${name}' must be ${rule}. Received ${JSON.stringify(value)}`);
}

/** argv as given; a NUL byte would cut an argument short in the guest's C strings. */
function argumentsOf(args: WASIOptions['args']): string[] {
  return [...(args ?? [])].map((arg, i) => {
    if (typeof arg !== 'string') throw new WASIError('ERR_INVALID_ARG_TYPE', `The argument 'args[${i}]' must be a string`);
    if (arg.includes('\0')) throw invalid(`args[${i}]`, arg, 'a string without null bytes');
    return arg;
  });
}

/** `NAME=value` strings, in order, without the unset ones; a name with `=` or NUL would be read back as another. */
function environment(env: WASIOptions['env']): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env ?? {})) {
    if (value === undefined) continue;
    if (name.includes('=') || name.includes('\0')) {
      throw invalid(`env`, name, 'made of names without "=" or null bytes');
    }
    if (String(value).includes('\0')) throw invalid(`env.${name}`, String(value), 'a string without null bytes');
    out.push(`${name}=${value}`);
  }
  return out;
}

interface Closable {
  close?(): void;
}

/** What an instance holds for itself alone, released once, when the module ends. */
interface Owned {
  table: ResourceTable | undefined;
  host: Closable | undefined;
}

function release(owned: Owned): void {
  owned.table?.closeAll();
  owned.host?.close?.();
}

/**
 * Releases what an instance dropped without ending still held: a reactor
 * (initialize()), a threaded module whose `_start` returned, or an instance
 * the embedder abandoned. The target is the instance's Context, which the
 * module's imports keep alive as long as the module can still call them.
 */
const dropped = new FinalizationRegistry<Owned>((owned) => {
  try {
    release(owned);
  } catch {
    // No one is left to tell, and a throw here would end the embedding process.
  }
});

type Promising = <T extends (...args: never[]) => unknown>(fn: T) => (...args: Parameters<T>) => Promise<unknown>;

/**
 * A drop-in for node:wasi's WASI class that runs the module's preview1 calls
 * on a WASI 0.2 host, on whatever platform its entry point serves.
 */
/** What getImportObject() gives: preview1's namespace, and WASIX's beside it on the same table. */
export type ImportObject = {
  wasi_snapshot_preview1: Preview1Imports;
  wasix_32v1: WasixImports;
};

export class WASIBase {
  readonly wasiImport: Preview1Imports;
  /** The `wasix_32v1` namespace: WASIX modules import preview1 and Wasmer's extensions from it. */
  readonly wasixImport: WasixImports;
  readonly host: Host;
  readonly table: ResourceTable;
  /** The fd and bound address of each listener from the `sockets` option, in order. */
  readonly listeners: readonly { fd: number; address: string }[];
  readonly #ctx: Context;
  readonly #platform: Platform;
  readonly #returnOnExit: boolean;
  readonly #owned: Owned;
  readonly #trace: TraceSink | undefined;
  #suspending: { preview1: Record<ImportName, object>; wasix: Record<WasixName, object> } | undefined;
  #started = false;

  constructor(options: WASIOptions, platform: Platform) {
    if (options.version !== undefined && options.version !== 'preview1') {
      throw new WASIError('ERR_INVALID_ARG_VALUE', `Unsupported WASI version "${String(options.version)}"`);
    }
    const grants = grantsFrom(options);
    const args = argumentsOf(options.args);
    const env = environment(options.env);
    this.#platform = platform;
    const ownsHost = typeof options.host !== 'object';
    this.host = ownsHost ? platform.host(options) : options.host as Host;
    this.table = options.table ?? new ResourceTable();
    this.#owned = { table: options.table === undefined ? this.table : undefined, host: ownsHost ? this.host as Closable : undefined };
    this.#returnOnExit = options.returnOnExit ?? true;
    this.#ctx = new Context(this.host, this.table, args, env, platform.quirks(this.host), grants);
    try {
      if (this.table.size === 0) this.#populate();
      this.listeners = (options.sockets ?? []).map((spec) => this.#listen(spec));
    } catch (err) {
      // A listener that cannot be opened: nothing will ever end this instance.
      release(this.#owned);
      throw err;
    }
    dropped.register(this.#ctx, this.#owned, this.#owned);
    const trace = options.trace === true ? platform.trace : options.trace || undefined;
    this.#trace = trace;
    this.wasiImport = createImports(this.#ctx, trace);
    this.wasixImport = createWasixImports(this.#ctx, trace);
  }

  /** fds 0-2 from the host's stdio, then every preopened directory, in order. */
  #populate(): void {
    const h = this.host;
    const tty = (terminal: unknown): Filetype => (terminal === undefined ? Filetype.UNKNOWN : Filetype.CHARACTER_DEVICE);
    const [stdin, stdinOwned] = stdio(() => h['wasi:cli/stdin'].getStdin());
    const [stdout, stdoutOwned] = stdio(() => h['wasi:cli/stdout'].getStdout());
    const [stderr, stderrOwned] = stdio(() => h['wasi:cli/stderr'].getStderr());
    this.table.add(new StreamEntry(stdin as InputStream, undefined, tty(h['wasi:cli/terminal-stdin']?.getTerminalStdin()), stdinOwned));
    this.table.add(new StreamEntry(undefined, stdout as OutputStream, tty(h['wasi:cli/terminal-stdout']?.getTerminalStdout()), stdoutOwned));
    this.table.add(new StreamEntry(undefined, stderr as OutputStream, tty(h['wasi:cli/terminal-stderr']?.getTerminalStderr()), stderrOwned));
    for (const [descriptor, path] of h['wasi:filesystem/preopens'].getDirectories()) {
      this.table.add(new DirectoryEntry(descriptor, path));
    }
  }

  #listen(spec: ListenerOptions): { fd: number; address: string } {
    const socket = openListener(this.#ctx, spec);
    return { fd: this.table.add(new TcpEntry(socket, undefined, undefined, 'listening')), address: listenerAddress(socket) };
  }

  /**
   * The import object to instantiate the module with. Where the engine has
   * JSPI and the host may answer a wait with a promise, the functions are
   * `WebAssembly.Suspending` wrappers, so that `startAsync` can suspend the
   * module; `start` works with either. `wasiImport` always holds the plain
   * functions, for embedders that call or wrap them from JavaScript.
   */
  getImportObject(): ImportObject {
    const kinds = this.host[synchronousHost] === true ? [] : this.host[asyncWaits];
    if (suspendingConstructor() === undefined || kinds?.length === 0) {
      return { wasi_snapshot_preview1: this.wasiImport, wasix_32v1: this.wasixImport };
    }
    this.#suspending ??= {
      preview1: suspendingImports(this.#ctx, this.wasiImport, kinds),
      wasix: suspendingImports(this.#ctx, this.wasixImport, kinds, 'wasix_32v1'),
    };
    return {
      wasi_snapshot_preview1: this.#suspending.preview1 as unknown as Preview1Imports,
      wasix_32v1: this.#suspending.wasix as unknown as WasixImports,
    };
  }

  /** Runs a command's `_start`; returns its exit code (0 when it returns normally). */
  start(instance: WebAssembly.Instance): number {
    if (this.#suspending !== undefined) {
      // The engine would trap at the first call: JSPI imports only run under WebAssembly.promising.
      throw new WASIError('ERR_WASI_ASYNC_HOST', 'getImportObject() gave JSPI imports, since this host may answer with '
        + 'promises: run the module with await startAsync(instance), or instantiate with { wasi_snapshot_preview1: wasi.wasiImport }');
    }
    const start = this.#command(instance);
    try {
      start();
    } catch (err) {
      return this.#ended(err);
    }
    return this.#returned(instance);
  }

  /**
   * Runs a command's `_start` with JSPI, so that host calls answering with a
   * promise (a browser host's timers and input) suspend the module until
   * they settle. Instantiate with `getImportObject()`.
   */
  async startAsync(instance: WebAssembly.Instance): Promise<number> {
    const promising = (WebAssembly as unknown as { promising?: Promising }).promising;
    if (promising === undefined || suspendingConstructor() === undefined) {
      throw new WASIError('ERR_WASI_NO_JSPI', 'startAsync needs JSPI (WebAssembly.Suspending and WebAssembly.promising), '
        + 'which this engine lacks (Chromium has it from version 137): use start() with a synchronous host, or runInWorker()');
    }
    const start = this.#command(instance);
    try {
      await promising(start)();
    } catch (err) {
      return this.#ended(err);
    }
    return this.#returned(instance);
  }

  /**
   * `_start` returned. A module with a shared memory is threaded: its other
   * threads go on, and only proc_exit, a trap or the instance being dropped
   * ends them, so its resources stay.
   */
  #returned(instance: WebAssembly.Instance): number {
    const memory = (instance.exports as Exports).memory as WebAssembly.Memory;
    // A page that is not cross-origin isolated has no SharedArrayBuffer, and so no threads.
    if (typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) this.#end();
    return this.#exit(0);
  }

  /** The module ended by proc_exit (its code), or by a trap or exception (thrown on). */
  #ended(err: unknown): number {
    this.#end();
    if (!(err instanceof ProcExit)) throw err;
    return this.#exit(err.code);
  }

  /**
   * Runs a wasi-threads module (one that imports a shared memory and
   * `wasi` `thread-spawn`): makes the memory to its import's limits, runs
   * `_start` and every spawned thread each in a worker, and serves all their
   * preview1 calls on this instance's one table, on this thread. Resolves to
   * the exit code; rejects with a trap on any thread (the error's `thread`
   * says which). Pass the module's bytes, or a compiled module with a shared
   * memory as `options.memory`.
   */
  startThreaded(module: WebAssembly.Module | BufferSource, options: ThreadedOptions = {}): Promise<number> {
    const run = this.#platform.threads;
    if (run === undefined) {
      return Promise.reject(new WASIError('ERR_WASI_NO_THREADS', 'startThreaded runs threads in Node worker threads only: '
        + 'Web Workers are not supported yet'));
    }
    try {
      this.#claimStart();
    } catch (err) {
      return Promise.reject(err);
    }
    const trace = this.#trace;
    return run({
      imports: (tid, memory) => {
        this.#ctx.memory.attach(memory);
        return createImports(this.#ctx, trace && ((line) => trace(`[thread ${tid}] ${line}`)));
      },
      end: () => this.#end(),
      exit: (code) => this.#exit(code),
    }, module, options);
  }

  /**
   * node:wasi's finalizeBindings (Node 24.4): binds the imports to the
   * instance's memory (`options.memory`, by default its exported one)
   * without running anything, for a module whose functions the embedder
   * calls itself, such as a thread's instance over a shared memory. Nothing
   * ends with it: the table lives while the imports can still be called.
   */
  finalizeBindings(instance: WebAssembly.Instance, options: { memory?: WebAssembly.Memory } = {}): void {
    const memory = options.memory ?? exportsOf(instance).memory;
    if (!(memory instanceof WebAssembly.Memory)) {
      throw new WASIError('ERR_INVALID_ARG_TYPE', 'The "options.memory" property must be a WebAssembly.Memory');
    }
    this.#bind(memory);
  }

  /** Initializes a reactor: calls `_initialize` when the module has one. */
  initialize(instance: WebAssembly.Instance): void {
    const exports = this.#begin(instance);
    if (exports._start !== undefined) throw typeError('_start', 'undefined');
    if (exports._initialize !== undefined && typeof exports._initialize !== 'function') {
      throw typeError('_initialize', 'function');
    }
    try {
      (exports._initialize as (() => void) | undefined)?.();
    } catch (err) {
      if (!(err instanceof ProcExit)) throw err;
      this.#end();
      this.#exit(err.code);
    }
  }

  #command(instance: WebAssembly.Instance): () => void {
    const exports = this.#begin(instance);
    if (typeof exports._start !== 'function') throw typeError('_start', 'function');
    if (exports._initialize !== undefined) throw typeError('_initialize', 'undefined');
    return exports._start as () => void;
  }

  #begin(instance: WebAssembly.Instance): Exports {
    const exports = exportsOf(instance);
    if (!(exports.memory instanceof WebAssembly.Memory)) throw typeError('memory', 'WebAssembly.Memory');
    this.#bind(exports.memory);
    return exports;
  }

  /** The one start an instance has: its imports now work on `memory`. */
  #bind(memory: WebAssembly.Memory): void {
    this.#claimStart();
    this.#ctx.memory.attach(memory);
  }

  #claimStart(): void {
    if (this.#started) throw new WASIError('ERR_WASI_ALREADY_STARTED', 'WASI instance has already started');
    this.#started = true;
  }

  #exit(code: number): number {
    if (!this.#returnOnExit) this.#platform.exit(code);
    return code;
  }

  /**
   * The module is done, however it ended: its resources go, unless the table
   * is shared with others, and so does a host made for this instance alone.
   */
  #end(): void {
    dropped.unregister(this.#owned);
    release(this.#owned);
  }
}

/**
 * One of the host's stdio streams, and whether the instance owns it. A host
 * that hands the same stream to every caller keeps it for all of them
 * (preview2-shim's page-wide stdout): dropping it would cut off every other
 * instance. Asking twice tells which kind of host this is.
 */
function stdio(get: () => InputStream | OutputStream): [InputStream | OutputStream, boolean] {
  const first = get();
  const second = get();
  if (first === second) return [first, false];
  drop(second);
  return [first, true];
}

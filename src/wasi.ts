import { Filetype } from '../adapter/abi.js';
import { Context, ProcExit, createImports, type Preview1Imports, type TraceSink } from '../adapter/index.js';
import type { NetworkGrants } from '../adapter/context.js';
import type { Host } from './host.js';
import { createHost, defaultHostName, isHostName, quirksOf, type HostName, type NetworkPolicy } from './hosts/index.js';
import { anyGranted, networkGrants } from './grants.js';
import { listenerAddress, openListener, type ListenerOptions } from './listeners.js';
import { DirectoryEntry, ResourceTable, StreamEntry, TcpEntry } from './table.js';

/** node:wasi's constructor options, plus the host, the table, tracing and network grants. */
export interface WASIOptions {
  /** Only 'preview1' is supported, as with node:wasi. */
  version?: 'preview1';
  /** argv as the module sees it, argv[0] included. */
  args?: readonly string[];
  env?: Record<string, string | undefined>;
  /** Guest path to host directory, for hosts created by name. */
  preopens?: Record<string, string>;
  /** true (default): start() returns the exit code. false: proc_exit ends the process with it. */
  returnOnExit?: boolean;
  /** Host file descriptors for stdio, for hosts created by name. */
  stdin?: number;
  stdout?: number;
  stderr?: number;
  /** A WASI 0.2 host in jco import-object shape, or the name of one the package ships. */
  host?: Host | HostName;
  /** A table shared with other instances or components; a new one by default. */
  table?: ResourceTable;
  /** Log every call: true for stderr, or a function taking each line. */
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

type Exports = WebAssembly.Exports & { memory?: unknown; _start?: unknown; _initialize?: unknown };

class WASIError extends TypeError {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function typeError(property: string, type: string): WASIError {
  return new WASIError('ERR_INVALID_ARG_TYPE', `The "instance.exports.${property}" property must be of type ${type}`);
}

function hostFrom(options: WASIOptions): Host {
  const host = options.host ?? defaultHostName;
  if (typeof host !== 'string') return host;
  if (!isHostName(host)) throw new WASIError('ERR_INVALID_ARG_VALUE', `Unknown host "${host}"`);
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter((kv): kv is [string, string] => kv[1] !== undefined));
  return createHost(host, {
    preopens: options.preopens ?? {},
    ...(options.stdin !== undefined && { stdin: options.stdin }),
    ...(options.stdout !== undefined && { stdout: options.stdout }),
    ...(options.stderr !== undefined && { stderr: options.stderr }),
    env,
    args: [...(options.args ?? [])],
    network: {
      connect: anyGranted(options.network?.connect),
      listen: anyGranted(options.network?.listen) || Boolean(options.sockets?.length),
      lookup: options.network?.lookup === true,
    },
  });
}

function grantsFrom(options: WASIOptions): NetworkGrants {
  try {
    return networkGrants(options.network);
  } catch (err) {
    throw new WASIError('ERR_INVALID_ARG_VALUE', `network: ${(err as Error).message}`);
  }
}

function stderrSink(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * A drop-in for node:wasi's WASI class that runs the module's preview1 calls
 * on a WASI 0.2 host.
 */
export class WASI {
  readonly wasiImport: Preview1Imports;
  readonly host: Host;
  readonly table: ResourceTable;
  /** The fd and bound address of each listener from the `sockets` option, in order. */
  readonly listeners: readonly { fd: number; address: string }[];
  readonly #ctx: Context;
  readonly #returnOnExit: boolean;
  readonly #ownsTable: boolean;
  #started = false;

  constructor(options: WASIOptions = {}) {
    if (options.version !== undefined && options.version !== 'preview1') {
      throw new WASIError('ERR_INVALID_ARG_VALUE', `Unsupported WASI version "${String(options.version)}"`);
    }
    const grants = grantsFrom(options);
    this.host = hostFrom(options);
    this.#ownsTable = options.table === undefined;
    this.table = options.table ?? new ResourceTable();
    this.#returnOnExit = options.returnOnExit ?? true;
    const env = Object.entries(options.env ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
    this.#ctx = new Context(this.host, this.table, [...(options.args ?? [])], env, quirksOf(this.host), grants);
    if (this.table.size === 0) this.#populate();
    this.listeners = (options.sockets ?? []).map((spec) => this.#listen(spec));
    const trace = options.trace === true ? stderrSink : options.trace || undefined;
    this.wasiImport = createImports(this.#ctx, trace);
  }

  /** fds 0-2 from the host's stdio, then every preopened directory, in order. */
  #populate(): void {
    const h = this.host;
    const tty = (terminal: unknown): Filetype => (terminal === undefined ? Filetype.UNKNOWN : Filetype.CHARACTER_DEVICE);
    this.table.add(new StreamEntry(h['wasi:cli/stdin'].getStdin(), undefined,
      tty(h['wasi:cli/terminal-stdin']?.getTerminalStdin())));
    this.table.add(new StreamEntry(undefined, h['wasi:cli/stdout'].getStdout(),
      tty(h['wasi:cli/terminal-stdout']?.getTerminalStdout())));
    this.table.add(new StreamEntry(undefined, h['wasi:cli/stderr'].getStderr(),
      tty(h['wasi:cli/terminal-stderr']?.getTerminalStderr())));
    for (const [descriptor, path] of h['wasi:filesystem/preopens'].getDirectories()) {
      this.table.add(new DirectoryEntry(descriptor, path));
    }
  }

  #listen(spec: ListenerOptions): { fd: number; address: string } {
    const socket = openListener(this.host, spec);
    return { fd: this.table.add(new TcpEntry(socket, undefined, undefined, 'listening')), address: listenerAddress(socket) };
  }

  getImportObject(): { wasi_snapshot_preview1: Preview1Imports } {
    return { wasi_snapshot_preview1: this.wasiImport };
  }

  /** Runs a command's `_start`; returns its exit code (0 when it returns normally). */
  start(instance: WebAssembly.Instance): number {
    const exports = this.#begin(instance);
    if (typeof exports._start !== 'function') throw typeError('_start', 'function');
    if (exports._initialize !== undefined) throw typeError('_initialize', 'undefined');
    let code = 0;
    try {
      (exports._start as () => void)();
    } catch (err) {
      if (!(err instanceof ProcExit)) throw err;
      code = err.code;
    }
    this.#end();
    if (!this.#returnOnExit) process.exit(code);
    return code;
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
      if (!this.#returnOnExit) process.exit(err.code);
    }
  }

  #begin(instance: WebAssembly.Instance): Exports {
    if (typeof instance !== 'object' || instance === null || typeof instance.exports !== 'object') {
      throw new WASIError('ERR_INVALID_ARG_TYPE', 'The "instance" argument must be a WebAssembly.Instance');
    }
    const exports = instance.exports as Exports;
    if (!(exports.memory instanceof WebAssembly.Memory)) throw typeError('memory', 'WebAssembly.Memory');
    if (this.#started) throw new WASIError('ERR_WASI_ALREADY_STARTED', 'WASI instance has already started');
    this.#started = true;
    this.#ctx.memory.attach(exports.memory);
    return exports;
  }

  /** The module is done: its resources go, unless the table is shared with others. */
  #end(): void {
    if (this.#ownsTable) this.table.closeAll();
  }
}

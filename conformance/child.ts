/**
 * Runs one conformance module on one implementation, in a process of its
 * own so that proc_exit, traps and stdin stay isolated from the runner:
 *   node dist/conformance/child.js '<JSON ChildConfig>'
 * Exits with the module's exit code; a trap exits 134 (as wasmtime does on
 * Unix) and an exception from the implementation itself, or a spec it
 * cannot run (node:wasi cannot preopen sockets), exits 70, each with a line
 * on stderr saying which. With listeners to open, it tells the
 * runner where they are bound over the IPC channel (stdout is the program's)
 * before the module starts.
 */
import { readFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { MemoryHost } from '../src/hosts/memory/index.js';
import { loadPreopens, treeDirectory, writeBack } from './memory-tree.js';
import type { ListenerSpec } from './spec.js';

export interface ChildConfig {
  /** 'node:wasi', or 'adapter' with a host name. */
  impl: 'node:wasi' | 'adapter';
  host?: string;
  wasm: string;
  args: string[];
  env: Record<string, string>;
  /** Guest path -> host directory. */
  preopens: Record<string, string>;
  /** TCP listeners to open after the preopens. */
  sockets: ListenerSpec[];
}

/** What the child sends the runner once its listeners are open. */
export interface ListenersMessage {
  listeners: { fd: number; address: string }[];
}

export const TRAP_EXIT = 134;
export const HOST_ERROR_EXIT = 70;

/** The node:wasi-shaped surface both implementations offer. */
interface WasiLike {
  /** Bun's node:wasi has only the older wasiImport. */
  getImportObject?(): WebAssembly.Imports;
  readonly wasiImport: WebAssembly.ModuleImports;
  start(instance: WebAssembly.Instance): number | undefined;
  /** The adapter's only: where each listener of `sockets` is bound. */
  readonly listeners?: ListenersMessage['listeners'];
}
type WasiOptions = {
  version: 'preview1';
  args: string[];
  env: Record<string, string>;
  preopens: Record<string, string>;
  returnOnExit: true;
  host?: string | MemoryHost;
  sockets?: ListenerSpec[];
};
type WasiConstructor = new (options: WasiOptions) => WasiLike;

async function loadWasi(config: ChildConfig): Promise<WasiConstructor> {
  if (config.impl === 'node:wasi') {
    // The runner starts Node with --no-warnings; Deno prints node:wasi's ExperimentalWarning from a listener of its own.
    process.removeAllListeners('warning');
    return (await import('node:wasi')).WASI as unknown as WasiConstructor;
  }
  return (await import('../src/index.js')).WASI as unknown as WasiConstructor;
}

/**
 * The memory host over the preopens' content: stdin is read whole first
 * (the runner pipes it and closes it), stdout and stderr go straight to the
 * child's own.
 */
async function memoryHost(config: ChildConfig): Promise<MemoryHost> {
  const { createMemoryHost } = await import('../src/hosts/memory/index.js');
  const dirs = Object.values(config.preopens);
  return createMemoryHost({
    files: loadPreopens(dirs),
    preopens: Object.fromEntries(Object.keys(config.preopens).map((guest, i) => [guest, treeDirectory(i)])),
    stdin: new Uint8Array(readFileSync(0)),
    stdout: (bytes) => { writeSync(1, bytes); },
    stderr: (bytes) => { writeSync(2, bytes); },
  });
}

async function flush(): Promise<void> {
  await new Promise<void>((r) => process.stdout.write('', () => r()));
  await new Promise<void>((r) => process.stderr.write('', () => r()));
}

async function main(): Promise<number> {
  const config = JSON.parse(process.argv[2]) as ChildConfig;
  const WASI = await loadWasi(config);
  const options: WasiOptions = {
    version: 'preview1',
    args: [basename(config.wasm), ...config.args],
    env: config.env,
    preopens: config.preopens,
    returnOnExit: true,
  };
  const memory = config.impl === 'adapter' && config.host === 'memory' ? await memoryHost(config) : undefined;
  if (config.impl === 'adapter') options.host = memory ?? config.host;
  if (config.sockets.length > 0) {
    if (config.impl === 'node:wasi') {
      process.stderr.write('node:wasi cannot preopen sockets\n');
      return HOST_ERROR_EXIT;
    }
    options.sockets = config.sockets;
  }
  // Its waits are promises: the module runs in a worker while the host stays on this thread.
  if (config.impl === 'adapter' && config.host === WORKER_HOST) return runHere(config, options);
  const wasi = new WASI(options);
  const module = await WebAssembly.compile(readFileSync(config.wasm));
  const imports = wasi.getImportObject?.() ?? { wasi_snapshot_preview1: wasi.wasiImport };
  const instance = await WebAssembly.instantiate(module, imports);
  if (config.sockets.length > 0) {
    // Sent and flushed before the module starts: once it runs, this thread is in wasm until it ends.
    const message: ListenersMessage = { listeners: [...wasi.listeners!] };
    await new Promise<void>((resolve, reject) => process.send!(message, undefined, undefined, (e) => (e ? reject(e) : resolve())));
  }
  try {
    return wasi.start(instance) ?? 0;
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      process.stderr.write(`trap: ${e.message}\n`);
      return TRAP_EXIT;
    }
    throw e;
  } finally {
    if (memory !== undefined) writeBack(memory.files(), Object.values(config.preopens));
  }
}

/** The host whose conformance column runs through runInWorker. */
const WORKER_HOST = 'preview3-shim';

async function runHere(config: ChildConfig, options: WasiOptions): Promise<number> {
  const { runInWorker } = await import('../src/index.js');
  try {
    return await runInWorker({
      module: readFileSync(config.wasm), host: WORKER_HOST, args: options.args, env: options.env, preopens: options.preopens,
    });
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      process.stderr.write(`trap: ${e.message}\n`);
      return TRAP_EXIT;
    }
    throw e;
  }
}

let code: number;
try {
  code = await main();
} catch (e) {
  process.stderr.write(`host error: ${(e as Error)?.stack ?? String(e)}\n`);
  code = HOST_ERROR_EXIT;
}
await flush();
process.exit(code);

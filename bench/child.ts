/**
 * Runs one workload on one implementation, in a process of its own so that no
 * implementation's JIT state, worker threads or leaks reach another's figures:
 *   node --expose-gc dist/bench/child.js SPEC.json
 * The guest's stdout and stderr are this process's (the harness points them
 * at files); the figures go to the spec's resultFile as a ChildResult.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Fd, Inode } from '@bjorn3/browser_wasi_shim';
import { errorMessage, splitImpl, type ChildResult, type RunSpec } from './common.js';
import { createMemoryHost, type MemoryHost } from './memory-host.js';

/** What every preview1 implementation here offers, node:wasi's shape. */
interface Preview1 {
  wasiImport: WebAssembly.ModuleImports;
  start(instance: WebAssembly.Instance): number | undefined;
  initialize(instance: WebAssembly.Instance): void;
}

type AdapterModule = typeof import('../src/index.js');
type HostName = import('../src/index.js').HostName;

/** The component route's replacement for wasi:cli/exit, which in preview2-shim ends the process. */
class ComponentExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapNow(): { heap: number; rss: number } {
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

/**
 * Heap figures around the run only (instantiated, not yet started; finished,
 * instance still alive), so what a run leaks into the instance counts.
 */
class HeapProbe {
  private before: { heap: number; rss: number } | undefined;
  private readonly alive: unknown[] = [];
  constructor(private readonly enabled: boolean) {}
  start(): void {
    if (this.enabled) this.before = heapNow();
  }
  end(result: ChildResult, ...alive: unknown[]): void {
    if (!this.before) return;
    const after = heapNow();
    this.alive.push(...alive);
    result.heap = { before: this.before.heap, after: after.heap, rssBefore: this.before.rss, rssAfter: after.rss };
  }
}

async function loadAdapter(): Promise<AdapterModule> {
  // Loaded only by the adapter's own runs, so that an adapter that fails to
  // load fails those runs, not node:wasi's or the component route's; the
  // bundle package.json names, as users load it.
  return (await import('../src/index.bundle.js' as string)) as AdapterModule;
}

/** The host directory as browser_wasi_shim's in-memory tree. */
async function memoryTree(dir: string): Promise<Map<string, Inode>> {
  const { Directory, File } = await import('@bjorn3/browser_wasi_shim');
  const entries = new Map<string, Inode>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    entries.set(name, statSync(path).isDirectory() ? new Directory(await memoryTree(path)) : new File(readFileSync(path)));
  }
  return entries;
}

/** What browser_wasi_shim's guest wrote under `out/`, copied to the host after the run. */
const syncBacks: Array<() => void> = [];

function syncBack(tree: Map<string, Inode>, host: string): void {
  const { Directory, File } = shim!;
  const out = tree.get('out');
  if (!(out instanceof Directory)) return;
  for (const [name, inode] of out.contents) {
    if (inode instanceof File) writeFileSync(join(host, 'out', name), inode.data);
  }
}

let shim: typeof import('@bjorn3/browser_wasi_shim') | undefined;

async function browserWasiShim(spec: RunSpec): Promise<Preview1> {
  shim = await import('@bjorn3/browser_wasi_shim');
  const fds: Fd[] = [
    new shim.OpenFile(new shim.File(new Uint8Array(0))),
    new shim.ConsoleStdout((b) => writeSync(1, b)),
    new shim.ConsoleStdout((b) => writeSync(2, b)),
  ];
  for (const [guest, host] of Object.entries(spec.preopens)) {
    const tree = await memoryTree(host);
    fds.push(new shim.PreopenDirectory(guest, tree));
    if (spec.syncBack) syncBacks.push(() => syncBack(tree, host));
  }
  const env = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`);
  // 0.4.2 logs every path it resolves to stdout unless told not to.
  return new shim.WASI(spec.args, env, fds, { debug: false });
}

async function preview1(spec: RunSpec, memory: MemoryHost | undefined): Promise<Preview1> {
  const common = { args: spec.args, env: spec.env, preopens: spec.preopens, returnOnExit: true };
  if (spec.impl === 'node:wasi') {
    const { WASI } = await import('node:wasi');
    return new WASI({ version: 'preview1', ...common });
  }
  if (spec.impl === 'browser_wasi_shim') return browserWasiShim(spec);
  if (spec.impl.startsWith('adapter:')) {
    const { WASI } = await loadAdapter();
    const name = spec.impl.slice('adapter:'.length);
    // The WASI class refuses a name it does not know.
    return new WASI({ version: 'preview1', ...common, host: name === 'memory' ? memory!.host : (name as HostName) });
  }
  throw new Error(`${spec.impl} is not a preview1 implementation`);
}

/** Runs a core module on a preview1 implementation; returns the exit code. */
async function runModule(
  spec: RunSpec, result: ChildResult, memory: MemoryHost | undefined, probe: HeapProbe,
): Promise<number> {
  const t0 = performance.now();
  const module = await WebAssembly.compile(readFileSync(spec.wasm));
  const wasi = await preview1(spec, memory);
  const t1 = performance.now();
  result.compileMs = t1 - t0;
  let code = 0;
  if (spec.driver.kind === 'ruby') {
    const { RubyVM } = await import('@ruby/wasm-wasi');
    const { vm } = await RubyVM.instantiateModule({ module, wasip1: wasi });
    probe.start();
    vm.eval(spec.driver.script);
    probe.end(result, vm, wasi);
  } else {
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
    probe.start();
    code = wasi.start(instance) ?? 0;
    probe.end(result, instance, wasi);
  }
  result.runMs = performance.now() - t1;
  return code;
}

/** The official route: a transpiled component on preview2-shim. */
async function runComponent(spec: RunSpec, result: ChildResult, probe: HeapProbe): Promise<number> {
  const { dir, entry } = spec.component!;
  const t0 = performance.now();
  const modules = new Map<string, WebAssembly.Module>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.wasm'))) {
    modules.set(f, await WebAssembly.compile(readFileSync(join(dir, f))));
  }
  const { WASIShim } = await import('@bytecodealliance/preview2-shim/instantiation');
  const shim = new WASIShim({
    sandbox: { preopens: spec.preopens, env: spec.env, args: spec.args, enableNetwork: false },
  });
  const imports: Record<string, unknown> = { ...shim.getImportObject() };
  imports['wasi:cli/exit'] = {
    exit(status: { tag: 'ok' | 'err' }) {
      throw new ComponentExit(status.tag === 'err' ? 1 : 0);
    },
    exitWithCode(code: number) {
      throw new ComponentExit(code);
    },
  };
  const { instantiate } = (await import(pathToFileURL(join(dir, entry)).href)) as {
    instantiate(
      getCoreModule: (path: string) => WebAssembly.Module,
      imports: Record<string, unknown>,
    ): Promise<{ run: { run(): void } }>;
  };
  const t1 = performance.now();
  result.compileMs = t1 - t0;
  let code = 0;
  try {
    const component = await instantiate((path) => modules.get(path)!, imports);
    probe.start();
    try {
      component.run.run();
    } finally {
      probe.end(result, component, shim);
    }
  } catch (e) {
    if (!(e instanceof ComponentExit)) throw e;
    code = e.code;
  }
  result.runMs = performance.now() - t1;
  return code;
}

/**
 * Loading the implementation, as a program that uses it pays once: the
 * adapter by its package name, so the figure is what package.json's entry
 * point costs; node:wasi from Node itself.
 */
async function runImport(spec: RunSpec, result: ChildResult): Promise<void> {
  const specifier: string = spec.impl === 'node:wasi' ? 'node:wasi' : 'wasi-preview1-adapter';
  const t0 = performance.now();
  const loaded = (await import(specifier)) as { WASI?: unknown };
  result.runMs = performance.now() - t0;
  if (typeof loaded.WASI !== 'function') throw new Error(`${specifier} has no WASI class`);
}

/** The baseline for the adapter's own cost: the memory host's operations called straight from JS. */
function runDirect(spec: RunSpec, result: ChildResult, memory: MemoryHost): void {
  if (spec.driver.kind !== 'direct') throw new Error('direct:memory needs the direct driver');
  const { op, calls } = spec.driver;
  const data = new Uint8Array(64).fill(0x61);
  let sink = 0n;
  const loop = (n: number): number => {
    const t = process.hrtime.bigint();
    if (op === 'clock_time_get') for (let i = 0; i < n; i++) sink += memory.monotonicNow();
    else for (let i = 0; i < n; i++) memory.writeStdout(data);
    return Number(process.hrtime.bigint() - t);
  };
  loop(Math.min(calls, 100_000));
  const t1 = performance.now();
  result.directNsPerCall = loop(calls) / calls;
  result.runMs = performance.now() - t1;
  // Published so the optimiser cannot drop the clock calls as dead code.
  (globalThis as { benchSink?: bigint }).benchSink = sink;
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as RunSpec;
  // The harness started this child under the runtime the prefix names; here the implementation is all that is left.
  spec.impl = splitImpl(spec.impl).base;
  const result: ChildResult = { ok: false, compileMs: 0, runMs: 0, childMs: 0 };
  const memory = spec.impl === 'adapter:memory' || spec.impl === 'direct:memory' ? createMemoryHost() : undefined;
  const probe = new HeapProbe(spec.heap);
  try {
    let code = 0;
    if (spec.driver.kind === 'import') await runImport(spec, result);
    else if (spec.impl === 'direct:memory') runDirect(spec, result, memory!);
    else if (spec.impl === 'component') code = await runComponent(spec, result, probe);
    else code = await runModule(spec, result, memory, probe);
    result.exitCode = code;
    result.ok = code === 0;
    if (code !== 0) result.error = `exit code ${code}`;
  } catch (e) {
    result.ok = false;
    result.error = errorMessage(e);
  }
  result.childMs = performance.now();
  for (const sync of syncBacks) sync();
  // The guest's stdout never left the memory host: hand the harness its last line.
  if (memory) writeSync(1, memory.stdoutTail());
  writeFileSync(spec.resultFile, JSON.stringify(result));
  // preview2-shim's I/O worker would keep the process alive.
  process.exit(0);
}

await main();

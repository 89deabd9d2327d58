/**
 * What the harness (run.ts) and the child that runs one implementation
 * (child.ts) say to each other, and the paths both need.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: these files run as dist/bench/*.js. */
export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
export const benchDir = resolve(repoRoot, 'bench');
export const wasmDir = resolve(benchDir, 'wasm');
export const scratchDir = resolve(benchDir, 'results/tmp');

/**
 * An implementation of preview1 as the child runs it:
 * - `adapter:NAME`: this project's WASI class over the host of that name
 *   (`adapter:memory` is the adapter over bench/memory-host.ts);
 * - `node:wasi`: Node's built-in uvwasi, the reference for ratios;
 * - `component`: the wasmtime preview1 component adapter, `jco new` +
 *   `jco transpile`, on preview2-shim;
 * - `browser_wasi_shim`: @bjorn3/browser_wasi_shim with in-memory files;
 * - `direct:memory`: no guest at all, JS calling the in-memory host.
 */
export type ImplId = NodeImplId | `${'deno' | 'bun'}/${'node:wasi' | `adapter:${string}`}`;
/**
 * The implementations as Node runs them. Prefixed with another runtime
 * (`deno/node:wasi`, `bun/adapter:node`), the child runs under that runtime,
 * and node:wasi is that runtime's own.
 */
export type NodeImplId = `adapter:${string}` | 'node:wasi' | 'component' | 'browser_wasi_shim' | 'direct:memory';

/** The runtime of an implementation and what it runs there. */
export function splitImpl(impl: ImplId): { runtime: 'node' | 'deno' | 'bun'; base: NodeImplId } {
  const slash = impl.indexOf('/');
  if (slash < 0) return { runtime: 'node', base: impl as NodeImplId };
  return { runtime: impl.slice(0, slash) as 'deno' | 'bun', base: impl.slice(slash + 1) as NodeImplId };
}

/** How the module is driven once instantiated. */
export type Driver =
  /** a command: `_start`, exit code from proc_exit */
  | { kind: 'command' }
  /** ruby.wasm: a reactor driven by @ruby/wasm-wasi's RubyVM, evaluating `script` */
  | { kind: 'ruby'; script: string }
  /** no guest: the time `await import()` of the implementation takes in a started runtime */
  | { kind: 'import' }
  /** the direct-host baseline: `op` called `calls` times from JS */
  | { kind: 'direct'; op: 'clock_time_get' | 'stdout_64'; calls: number };

export interface RunSpec {
  impl: ImplId;
  driver: Driver;
  /** the core module (for `component`, the module the component was made from) */
  wasm: string;
  /** the directory of the transpiled component and its entry file name (impl `component` only) */
  component?: { dir: string; entry: string };
  args: string[];
  env: Record<string, string>;
  /** guest path -> host directory */
  preopens: Record<string, string>;
  /** measure the heap (after a forced gc) before instantiation and after the run */
  heap: boolean;
  /** write an in-memory filesystem's `out/` back to the host directory, so its output can be compared */
  syncBack: boolean;
  resultFile: string;
}

export interface HeapFigures {
  before: number;
  after: number;
  rssBefore: number;
  rssAfter: number;
}

/** What the child writes to `resultFile`; a child that dies writes nothing and the harness records why. */
export interface ChildResult {
  ok: boolean;
  error?: string;
  exitCode?: number;
  /** read + compile of the module (or of the component's core modules) */
  compileMs: number;
  /** from the start of instantiation to the end of the run */
  runMs: number;
  /** from the child's first line to the end of the run */
  childMs: number;
  heap?: HeapFigures;
  /** direct driver: nanoseconds per call measured in JS */
  directNsPerCall?: number;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : JSON.stringify(e) ?? String(e);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

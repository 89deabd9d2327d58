/**
 * The workloads: which module, which arguments, which implementations, and
 * which figure the report shows for each.
 */
import { join } from 'node:path';
import { benchDir, repoRoot, splitImpl, wasmDir, type Driver, type ImplId } from './common.js';
import { yosysShare } from './yosys-share.js';

export type Group = 'micro' | 'startup' | 'real' | 'overhead' | 'memory';

/**
 * The figure a workload is judged by:
 * - `guest`: ns per iteration from the guest's own RESULT line;
 * - `process`: wall time of the whole child process, spawn to exit, in ms;
 * - `inprocess`: the child's own load + compile + instantiate + run of the module, in ms;
 * - `heap`: heap growth over the run, in bytes.
 */
export type Metric = 'guest' | 'process' | 'inprocess' | 'heap';

export interface Workload {
  id: string;
  group: Group;
  /** What one iteration is, for the table. */
  title: string;
  wasm: string;
  driver: Driver;
  args: string[];
  /** `fixture`: the harness's prepared directory; `inputs`: bench/inputs, read-only by convention. */
  preopen: 'fixture' | 'inputs' | 'none';
  metric: Metric;
  /** Which implementations can run it at all; others show as not applicable, never as failed. */
  applies(impl: ImplId): boolean;
  /** The guest's stdout must be byte-identical across implementations. */
  checkOutput?: boolean;
  /** Extra node flags for every implementation's child (the same for all, so the comparison stays fair). */
  nodeFlags?: string[];
  /** Runs of this workload (the memory workloads need one, they are not timed). */
  runs?: number;
  /** Preopens besides /data: guest path to host directory, given the run's own scratch directory. */
  extraPreopens?: (runDir: string) => Promise<Record<string, string>>;
}

export interface Sizes {
  budgetMs: number;
  warmupMs: number;
  maxIters: number;
  memoryCalls: number;
  /** For slow hosts the memory loop stops after this much guest time; the calls made are reported. */
  memoryBudgetMs: number;
  directCalls: number;
}

export const fullSizes: Sizes = {
  budgetMs: 300,
  warmupMs: 50,
  maxIters: 1_000_000_000,
  memoryCalls: 1_000_000,
  memoryBudgetMs: 15_000,
  directCalls: 5_000_000,
};

export const quickSizes: Sizes = {
  budgetMs: 2,
  warmupMs: 0,
  maxIters: 200,
  memoryCalls: 2_000,
  memoryBudgetMs: 2_000,
  directCalls: 10_000,
};

const micro = join(wasmDir, 'micro.wasm');
const isModuleImpl = (impl: ImplId): boolean => impl !== 'direct:memory' && impl !== 'adapter:memory';
/** Heap figures need V8's gc() after Node's --expose-gc: Node's children only. */
const isNodeModuleImpl = (impl: ImplId): boolean => isModuleImpl(impl) && splitImpl(impl).runtime === 'node';

/**
 * node:wasi on Node 20.20 dies with SIGSEGV (or SIGTRAP) partway through
 * pandoc and ruby.wasm, and runs them to the end once V8's fast API calls
 * into its native bindings are off (the same runs through a JS wrapper of
 * wasiImport also survive). Every implementation gets the flag on every real
 * program, so the comparison stays fair.
 */
const REAL_PROGRAM_FLAGS = ['--no-turbo-fast-api-calls'];

const MICRO: Array<[id: string, title: string]> = [
  ['clock_time_get', 'clock_time_get (monotonic), per call'],
  ['clock_realtime', 'clock_gettime(CLOCK_REALTIME) through wasi-libc, per call'],
  ['fd_write_64', 'fd_write 64 B to a file, per call'],
  ['fd_write_64k', 'fd_write 64 KiB to a file, per call'],
  ['fd_read_64', 'fd_read 64 B from a file, per call'],
  ['fd_read_64k', 'fd_read 64 KiB from a file, per call'],
  ['path_open_close', 'path_open + fd_close, per pair'],
  ['path_filestat_get', 'path_filestat_get, per call'],
  ['fd_readdir_1000', 'fd_readdir listing 1000 entries, per listing'],
  ['opendir_200', 'opendir + readdir + closedir of 200 entries through wasi-libc, per listing'],
  ['fd_seek_tell', 'fd_seek + fd_tell, per pair'],
  ['poll_oneoff_0', 'poll_oneoff, one zero-timeout clock, per call'],
  ['random_get_4k', 'random_get 4 KiB, per call'],
  ['stdout_64', 'fd_write 64 B to stdout (a file), per call'],
];

/**
 * A fresh instance's first calls, before any JIT has settled: what a short
 * program (a CLI, a build step) meets. The guest runs exactly this many
 * iterations with no warm-up.
 */
export const FIRST_CALLS = 5_000;
const FIRST: Array<[id: string, title: string]> = [
  ['clock_time_get', 'clock_time_get (monotonic)'],
  ['clock_realtime', 'clock_gettime(CLOCK_REALTIME)'],
  ['fd_write_64', 'fd_write 64 B to a file'],
  ['path_open_close', 'path_open + fd_close'],
  ['path_filestat_get', 'path_filestat_get'],
];

export function workloads(sizes: Sizes): Workload[] {
  const list: Workload[] = MICRO.map(([id, title]) => ({
    id,
    group: 'micro',
    title,
    wasm: micro,
    driver: { kind: 'command' },
    args: ['micro', id, String(sizes.budgetMs), String(sizes.maxIters), String(sizes.warmupMs)],
    preopen: 'fixture',
    metric: 'guest',
    applies: isModuleImpl,
  }));
  const firstCalls = Math.min(FIRST_CALLS, sizes.maxIters);
  for (const [id, title] of FIRST) {
    list.push({
      id: `first:${id}`,
      group: 'micro',
      title: `${title}, per call over a fresh instance's first ${firstCalls.toLocaleString('en')}`,
      wasm: micro,
      driver: { kind: 'command' },
      args: ['micro', id, '0', String(firstCalls), '0'],
      preopen: 'fixture',
      metric: 'guest',
      applies: isModuleImpl,
    });
  }
  list.push({
    id: 'startup',
    group: 'startup',
    title: 'hello world: node start, load, compile, instantiate, run (process wall time)',
    wasm: join(wasmDir, 'hello.wasm'),
    driver: { kind: 'command' },
    args: ['hello'],
    preopen: 'none',
    metric: 'process',
    applies: isModuleImpl,
    checkOutput: true,
  });
  list.push({
    id: 'startup-inprocess',
    group: 'startup',
    title: 'hello world inside a started node: load the implementation, compile, instantiate, run',
    wasm: join(wasmDir, 'hello.wasm'),
    driver: { kind: 'command' },
    args: ['hello'],
    preopen: 'none',
    metric: 'inprocess',
    applies: isModuleImpl,
    checkOutput: true,
  });
  list.push({
    id: 'import',
    group: 'startup',
    title: 'loading the implementation inside a started node (`await import()`, fresh process)',
    wasm: join(wasmDir, 'hello.wasm'),
    driver: { kind: 'import' },
    args: [],
    preopen: 'none',
    metric: 'inprocess',
    applies: (impl) => impl === 'node:wasi' || (isModuleImpl(impl) && impl.startsWith('adapter:')),
  });
  list.push({
    id: 'pandoc',
    group: 'real',
    title: 'pandoc 3 (GHC wasm): 43 KB Markdown README to standalone HTML with a TOC (process wall time)',
    wasm: join(repoRoot, 'node_modules/pandoc-wasm/src/pandoc.wasm'),
    driver: { kind: 'command' },
    args: ['pandoc', '-f', 'markdown', '-t', 'html5', '-s', '--toc', '-o', '/data/out/pandoc.html', '/data/commander-readme.md'],
    preopen: 'inputs',
    metric: 'process',
    applies: isModuleImpl,
    checkOutput: true,
    nodeFlags: REAL_PROGRAM_FLAGS,
  });
  list.push({
    id: 'yosys',
    group: 'real',
    title: 'yosys 0.55 (@yowasp/yosys, C++ via wasi-sdk): synthesise a UART/FIFO/ALU/CRC design, write a JSON netlist (process wall time)',
    wasm: join(repoRoot, 'node_modules/@yowasp/yosys/gen/yosys.core.wasm'),
    driver: { kind: 'command' },
    args: [
      'yosys', '-q', '-p',
      'read_verilog /data/design.v; synth -top top; tee -q -o /data/out/stat.txt stat; write_json /data/out/netlist.json',
    ],
    preopen: 'inputs',
    metric: 'process',
    applies: isModuleImpl,
    checkOutput: true,
    nodeFlags: REAL_PROGRAM_FLAGS,
    // share/ for techmap.v and the cell libraries; /tmp for the scripts yosys hands its built-in ABC.
    extraPreopens: async (runDir) => ({ '/share': await yosysShare(), '/tmp': join(runDir, 'tmp') }),
  });
  list.push({
    id: 'ruby',
    group: 'real',
    title: 'ruby 3.4 (ruby+stdlib.wasm via @ruby/wasm-wasi): word counts, JSON, ERB, primes (process wall time)',
    wasm: join(repoRoot, 'node_modules/@ruby/3.4-wasm-wasi/dist/ruby+stdlib.wasm'),
    driver: { kind: 'ruby', script: 'load "/data/report.rb"' },
    args: [],
    preopen: 'inputs',
    metric: 'process',
    // A reactor with non-WASI imports (rb-js-abi-host): `jco new --wasi-command` cannot make it a component.
    applies: (impl) => isModuleImpl(impl) && impl !== 'component',
    checkOutput: true,
    nodeFlags: REAL_PROGRAM_FLAGS,
  });
  for (const op of ['clock_time_get', 'stdout_64'] as const) {
    list.push({
      id: `overhead:${op}`,
      group: 'overhead',
      title: `${op === 'clock_time_get' ? 'clock_time_get' : 'fd_write 64 B to stdout'} on a host that does no I/O, per call`,
      wasm: micro,
      driver: { kind: 'direct', op, calls: sizes.directCalls },
      args: ['micro', op, String(sizes.budgetMs), String(sizes.maxIters), String(sizes.warmupMs)],
      preopen: 'none',
      metric: 'guest',
      applies: (impl) => impl === 'adapter:memory' || impl === 'direct:memory' || impl === 'node:wasi',
    });
  }
  for (const op of ['clock_time_get', 'fd_write_64'] as const) {
    const fixed = op === 'clock_time_get';
    list.push({
      id: `memory:${op}`,
      group: 'memory',
      title: `heap growth over ${sizes.memoryCalls.toLocaleString('en')} ${op} calls`,
      wasm: micro,
      driver: { kind: 'command' },
      args: ['micro', op, fixed ? '0' : String(sizes.memoryBudgetMs), String(sizes.memoryCalls), '0'],
      preopen: 'fixture',
      metric: 'heap',
      applies: isNodeModuleImpl,
      runs: 1,
    });
  }
  return list;
}

export const inputsDir = join(benchDir, 'inputs');

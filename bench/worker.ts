/**
 * What the worker route costs: the same microbenchmarks (bench/c/micro.c)
 * through start() on this thread and through runInWorker, over the node
 * host, in this process; and the time a whole run of a module that does
 * nothing takes each way (a worker has to start and load the adapter).
 *
 *   node dist/bench/worker.js [--runs N]
 *
 * Prints a markdown table of medians. Not part of `npm run bench`.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, runInWorker, WASI } from '../src/index.js';
import { median, repoRoot, wasmDir } from './common.js';

type Route = 'start' | 'worker';

const BUDGET_MS = 300;
const WARMUP_MS = 50;
const MAX_ITERS = 100_000_000;
const MODES = ['clock_time_get', 'fd_write_64'] as const;

const micro = new WebAssembly.Module(readFileSync(join(wasmDir, 'micro.wasm')));
const probe = new WebAssembly.Module(readFileSync(join(repoRoot, 'test', 'fixtures', 'probe.wasm')));

async function run(route: Route, module: WebAssembly.Module, args: string[], data: string, stdout: number): Promise<number> {
  const host = createHost('node', { preopens: { '/data': data }, stdout });
  if (route === 'worker') return runInWorker({ module, host, args });
  const wasi = new WASI({ host, args });
  return wasi.start(new WebAssembly.Instance(module, wasi.getImportObject() as unknown as WebAssembly.Imports));
}

/** ns per call of one micro mode, from the RESULT line the guest prints. */
async function perCall(route: Route, mode: string, data: string): Promise<number> {
  const out = join(data, 'stdout');
  const fd = openSync(out, 'w');
  try {
    const code = await run(route, micro, ['micro', mode, String(BUDGET_MS), String(MAX_ITERS), String(WARMUP_MS)], data, fd);
    if (code !== 0) throw new Error(`micro ${mode} through ${route} exited ${code}`);
  } finally {
    closeSync(fd);
  }
  const m = /RESULT mode=\S+ iters=(\d+) ns=(\d+) calls_per_iter=(\d+)/.exec(readFileSync(out, 'utf8'));
  if (m === null) throw new Error(`micro ${mode} through ${route} printed no RESULT line`);
  return Number(m[2]) / Number(m[1]) / Number(m[3]);
}

/** ms for a whole run of a module that exits at once. */
async function wholeRun(route: Route, data: string): Promise<number> {
  const started = performance.now();
  await run(route, probe, ['probe', 'exit', '0'], data, 1);
  return performance.now() - started;
}

function parseRuns(argv: string[]): number {
  const i = argv.indexOf('--runs');
  const n = i < 0 ? 5 : Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error('--runs takes a positive integer');
  return n;
}

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  const data = mkdtempSync(join(tmpdir(), 'p1-bench-worker-'));
  try {
    const rows: string[] = [];
    for (const mode of MODES) {
      const figures: Record<Route, number[]> = { start: [], worker: [] };
      for (let i = 0; i < runs; i++) for (const route of ['start', 'worker'] as const) figures[route].push(await perCall(route, mode, data));
      const [s, w] = [median(figures.start), median(figures.worker)];
      rows.push(`| ${mode} | ${s.toFixed(0)} ns | ${(w / 1000).toFixed(1)} µs | +${((w - s) / 1000).toFixed(1)} µs |`);
    }
    const whole: Record<Route, number[]> = { start: [], worker: [] };
    for (let i = 0; i < runs; i++) for (const route of ['start', 'worker'] as const) whole[route].push(await wholeRun(route, data));
    const [s, w] = [median(whole.start), median(whole.worker)];
    rows.push(`| a whole run of a module that exits at once | ${s.toFixed(1)} ms | ${w.toFixed(0)} ms | +${(w - s).toFixed(0)} ms |`);
    console.log(`node host, median of ${runs} runs\n`);
    console.log('| per call | start() | runInWorker | worker cost |\n|---|---|---|---|');
    console.log(rows.join('\n'));
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

await main();

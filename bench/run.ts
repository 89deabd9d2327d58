/**
 * The benchmark harness: npm run bench [-- OPTIONS]
 *
 *   --quick          one run, tiny counts, node:wasi and the adapter on its
 *                    default host only: proves the harness works (npm test)
 *   --runs N         measured runs per workload and implementation (default 5)
 *   --only TEXT      only workloads whose id contains TEXT
 *   --impls A,B      only these implementations (in quick mode too), e.g.
 *                    deno/node:wasi,deno/adapter:node,bun/adapter:node
 *   --bindings MODE  use this jco import-bindings mode instead of trying all
 *   --out DIR        where latest.{json,md,svg} go (default bench/results)
 *   --browser        instead: the microbenchmarks in Chromium on this adapter (memory
 *                    host), browser_wasi_shim and @tybys/wasm-util; writes browser.{json,md}
 *
 * Every run is a child process of its own (child.ts); a run that fails, exits
 * non-zero, times out or prints different output is reported as failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launcher, type RuntimeName } from '../tools/runtimes.js';
import { benchDir, errorMessage, median, scratchDir, splitImpl, type ChildResult, type ImplId, type RunSpec } from './common.js';
import { bindingModes, jcoVersion, prepareComponent, type BindingMode, type PreparedComponent } from './components.js';
import { runNetwork } from './network.js';
import { renderBrowserMarkdown, runBrowserBench, writeBrowserReport } from './browser.js';
import { renderMarkdown, renderSvg } from './report.js';
import type { BenchResults, BindingTrial, GuestFigures, RunRecord, Summary } from './results-types.js';
import { fullSizes, inputsDir, quickSizes, workloads, type Sizes, type Workload } from './workloads.js';

interface Options {
  quick: boolean;
  runs: number;
  only: string;
  impls: ImplId[] | undefined;
  bindings: BindingMode | undefined;
  out: string;
  network: boolean;
  /** Only the browser bench (bench/browser.ts), in Chromium. */
  browser: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, runs: 5, only: '', impls: undefined, bindings: undefined, out: join(benchDir, 'results'), network: true, browser: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--runs') o.runs = Math.max(1, Number.parseInt(value(), 10));
    else if (a === '--only') o.only = value();
    else if (a === '--no-network') o.network = false;
    else if (a === '--browser') o.browser = true;
    else if (a === '--impls') o.impls = value().split(',') as ImplId[];
    else if (a === '--bindings') {
      const m = value();
      if (!(bindingModes as readonly string[]).includes(m)) throw new Error(`--bindings: one of ${bindingModes.join(', ')}`);
      o.bindings = m as BindingMode;
    } else if (a === '--out') o.out = resolve(value());
    else throw new Error(`unknown option ${a}`);
  }
  if (o.quick) o.runs = 1;
  return o;
}

const childJs = join(fileURLToPath(new URL('.', import.meta.url)), 'child.js');

/** The host names the adapter offers, or the reason they cannot be had (the adapter is missing or broken). */
async function adapterHosts(): Promise<{ names: string[]; error?: string }> {
  try {
    const hosts = await import('../src/hosts/index.js');
    // The default host first: the quick mode takes only that one.
    // The hosts over this machine: the bench's own `adapter:memory` is bench/memory-host.ts, a host that does no I/O.
    return { names: [hosts.defaultHostName, ...hosts.systemHostNames.filter((n) => n !== hosts.defaultHostName)] };
  } catch (e) {
    return { names: ['preview2-shim'], error: `the adapter cannot be loaded: ${errorMessage(e)}` };
  }
}

/** Whether the node host runs with its native part here: the children load what this process loads. */
async function nodeHostNative(): Promise<boolean> {
  try {
    return (await import('../src/hosts/node/native.js')).native !== undefined;
  } catch {
    return false;
  }
}

/**
 * This bench process's own scratch space (fixture and run directories), so a
 * quick run from npm test and a full run in the same tree do not trample each
 * other; the component and yosys caches beside it are shared.
 */
const workDir = join(scratchDir, `bench-${process.pid}`);
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));

/** The files the microbenchmarks work on, made once per bench run. */
function prepareFixture(): string {
  const dir = join(workDir, 'fixture');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'dir1000'), { recursive: true });
  const data = Buffer.alloc(4 << 20);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  writeFileSync(join(dir, 'read.bin'), data);
  writeFileSync(join(dir, 'stat.txt'), 'the file path_open and path_filestat_get look up\n');
  for (let i = 0; i < 1000; i++) writeFileSync(join(dir, 'dir1000', `entry-${String(i).padStart(4, '0')}.txt`), '');
  mkdirSync(join(dir, 'dir200'));
  for (let i = 0; i < 200; i++) writeFileSync(join(dir, 'dir200', `entry-${String(i).padStart(3, '0')}.txt`), '');
  return dir;
}

/** A fresh copy of bench/inputs with an empty out/ for the programs' output. */
function prepareInputs(dir: string): void {
  mkdirSync(join(dir, 'out'), { recursive: true });
  for (const f of readdirSync(inputsDir)) copyFileSync(join(inputsDir, f), join(dir, f));
}

function readTail(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const len = Math.min(size, bytes);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const RESULT_LINE = /RESULT mode=\S+ iters=(\d+) ns=(\d+) calls_per_iter=(\d+)/;

function guestFigures(stdoutPath: string, stderrText: string): GuestFigures | undefined {
  const m = RESULT_LINE.exec(stderrText) ?? RESULT_LINE.exec(readTail(stdoutPath, 4096));
  if (!m) return undefined;
  return { iters: Number(m[1]), ns: Number(m[2]), callsPerIter: Number(m[3]) };
}

function hashOutput(stdoutPath: string, runDir: string): string {
  const h = createHash('sha256').update(readFileSync(stdoutPath));
  const out = join(runDir, 'data', 'out');
  if (existsSync(out)) {
    for (const f of readdirSync(out).sort()) h.update(f).update(readFileSync(join(out, f)));
  }
  return h.digest('hex');
}

interface Context {
  options: Options;
  sizes: Sizes;
  fixture: string;
  components: Map<string, PreparedComponent | Error>;
  bindings: BindingMode;
  timeoutMs: number;
}

function componentFor(ctx: Context, wasm: string, mode: BindingMode): PreparedComponent | Error {
  const key = `${wasm}\0${mode}`;
  let c = ctx.components.get(key);
  if (!c) {
    try {
      c = prepareComponent(wasm, mode);
    } catch (e) {
      c = e instanceof Error ? e : new Error(errorMessage(e));
    }
    ctx.components.set(key, c);
  }
  return c;
}

async function runOnce(ctx: Context, w: Workload, impl: ImplId, run: number, mode = ctx.bindings): Promise<RunRecord> {
  const record: RunRecord = { workload: w.id, impl, run, ok: false, wallMs: 0 };
  const runDir = join(workDir, 'runs', `${w.id.replace(/[^a-zA-Z0-9_-]/g, '_')}-${impl.replace(/[^a-zA-Z0-9_-]/g, '_')}-${run}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  try {
    let preopens: Record<string, string> = {};
    if (w.preopen === 'fixture') preopens = { '/data': ctx.fixture };
    if (w.preopen === 'inputs') {
      prepareInputs(join(runDir, 'data'));
      preopens = { '/data': join(runDir, 'data') };
    }
    if (w.extraPreopens) {
      const extra = await w.extraPreopens(runDir);
      for (const dir of Object.values(extra)) mkdirSync(dir, { recursive: true });
      Object.assign(preopens, extra);
    }
    // The memory host has no filesystem: it serves the workloads that need none.
    if (impl === 'adapter:memory') preopens = {};
    const spec: RunSpec = {
      impl,
      driver: impl === 'direct:memory' || w.driver.kind !== 'direct' ? w.driver : { kind: 'command' },
      wasm: w.wasm,
      args: w.args,
      env: {},
      preopens,
      heap: w.metric === 'heap',
      syncBack: w.checkOutput === true,
      resultFile: join(runDir, 'result.json'),
    };
    if (impl === 'component') {
      const c = componentFor(ctx, w.wasm, mode);
      if (c instanceof Error) throw c;
      spec.component = c;
    }
    const specPath = join(runDir, 'spec.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const stdoutPath = join(runDir, 'stdout');
    const stderrPath = join(runDir, 'stderr');
    const out = openSync(stdoutPath, 'w');
    const err = openSync(stderrPath, 'w');
    const [command, ...flags] = childCommand(impl, w.nodeFlags ?? []);
    const started = process.hrtime.bigint();
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }>((done) => {
      const child = spawn(command!, [...flags, childJs, specPath], { stdio: ['ignore', out, err] });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, ctx.timeoutMs);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        done({ code, signal, timedOut });
      });
    });
    record.wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    closeSync(out);
    closeSync(err);
    const stderrText = readFileSync(stderrPath, 'utf8');
    // Where the guest said why it failed: stderr, or for programs that log to stdout, stdout's last lines.
    const said = stderrText.trim() || readTail(stdoutPath, 2048).trim();
    const guestSaid = said.split('\n').slice(-3).join(' | ').slice(0, 400);
    if (!existsSync(spec.resultFile)) {
      const how = exit.timedOut ? `timed out after ${ctx.timeoutMs / 1000} s` : exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
      throw new Error(`child died (${how})${guestSaid ? `: ${guestSaid}` : ''}`);
    }
    const child = JSON.parse(readFileSync(spec.resultFile, 'utf8')) as ChildResult;
    record.child = child;
    if (!child.ok) throw new Error(`${child.error ?? 'failed'}${guestSaid ? ` (guest output ends: ${guestSaid})` : ''}`);
    if (w.metric === 'guest' || w.metric === 'heap') {
      const g = guestFigures(stdoutPath, stderrText);
      if (g) record.guest = g;
    }
    if (w.checkOutput) record.outputHash = hashOutput(stdoutPath, runDir);
    if (w.metric === 'process') record.value = record.wallMs;
    else if (w.metric === 'inprocess') record.value = child.compileMs + child.runMs;
    else if (w.metric === 'heap') {
      if (!child.heap) throw new Error('no heap figures');
      record.value = child.heap.after - child.heap.before;
    } else if (impl === 'direct:memory') record.value = child.directNsPerCall;
    else {
      if (!record.guest) throw new Error('the guest printed no RESULT line');
      record.value = record.guest.ns / record.guest.iters;
    }
    record.ok = true;
  } catch (e) {
    record.ok = false;
    record.error = errorMessage(e);
  } finally {
    // The stdout workload leaves ~100 MB behind; nothing in a run dir is needed once read.
    rmSync(runDir, { recursive: true, force: true });
  }
  return record;
}

function summarize(records: RunRecord[], workload: string, impl: ImplId): Summary {
  const measured = records.filter((r) => r.workload === workload && r.impl === impl && r.run > 0);
  const ok = measured.filter((r) => r.ok && r.value !== undefined).map((r) => r.value!);
  const failed = measured.filter((r) => !r.ok);
  const s: Summary = { workload, impl, runs: measured.length, failed: failed.length };
  if (failed[0]?.error) s.error = failed[0].error;
  if (ok.length) {
    s.median = median(ok);
    s.min = Math.min(...ok);
    s.max = Math.max(...ok);
    s.spread = s.median ? (s.max - s.min) / Math.abs(s.median) : 0;
  }
  return s;
}

/** Runs whose output differs from node:wasi's (or, without it, from the most common output) fail. */
function checkOutputs(records: RunRecord[], workload: string): void {
  const runs = records.filter((r) => r.workload === workload && r.ok && r.outputHash);
  const reference = runs.find((r) => r.impl === 'node:wasi')?.outputHash ?? mostCommon(runs.map((r) => r.outputHash!));
  for (const r of runs) {
    if (r.outputHash !== reference) {
      r.ok = false;
      r.error = `output differs from ${runs.some((x) => x.impl === 'node:wasi') ? 'node:wasi' : 'the other implementations'}`;
      delete r.value;
    }
  }
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const TRIAL_WORKLOADS = ['clock_time_get', 'fd_write_64', 'fd_read_64', 'path_filestat_get', 'random_get_4k'];

/** Runs a few microbenchmarks on the component route in every import-bindings mode; the fastest that works wins. */
async function tryBindingModes(
  ctx: Context, trialWorkloads: Workload[],
): Promise<{ trials: BindingTrial[]; best: BindingMode }> {
  const trials: BindingTrial[] = [];
  const runs = ctx.options.quick ? 1 : 3;
  for (const mode of bindingModes) {
    const trial: BindingTrial = { mode, ok: true, figures: {} };
    for (const w of trialWorkloads) {
      const values: number[] = [];
      for (let run = 1; run <= runs; run++) {
        const r = await runOnce(ctx, w, 'component', run, mode);
        if (!r.ok || r.value === undefined) {
          trial.ok = false;
          trial.error = `${w.id}: ${r.error}`;
          break;
        }
        values.push(r.value);
      }
      if (!trial.ok) break;
      trial.figures[w.id] = median(values);
    }
    log(`  bindings ${mode}: ${trial.ok ? Object.entries(trial.figures).map(([k, v]) => `${k} ${v.toFixed(0)} ns`).join(', ') : `failed: ${trial.error}`}`);
    trials.push(trial);
  }
  const working = trials.filter((t) => t.ok);
  for (const t of working) {
    const logs = Object.entries(t.figures).map(([k, v]) => Math.log(v / Math.min(...working.map((o) => o.figures[k]!))));
    t.score = Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
  }
  const best = working.sort((a, b) => a.score! - b.score!)[0];
  return { trials, best: (best?.mode ?? 'js') as BindingMode };
}

/**
 * The command line that starts a child for `impl`: this runtime with V8's
 * flags, or the runtime its prefix names. Deno takes V8's flags through
 * --v8-flags; Bun's engine is not V8, so it gets none (no gc(): no heap
 * workloads there).
 */
function childCommand(impl: ImplId, v8Flags: string[]): string[] {
  const { runtime } = splitImpl(impl);
  if (runtime === 'node') return [process.execPath, '--expose-gc', '--no-warnings', ...v8Flags];
  const run = launcher(runtime)!;
  const extra = runtime === 'deno' ? [`--v8-flags=${['--expose-gc', ...v8Flags].join(',')}`] : [];
  return [run.command, ...run.args, ...extra];
}

/** The other runtimes this machine has, from the dev dependencies. */
function otherRuntimes(): Exclude<RuntimeName, 'node'>[] {
  return (['deno', 'bun'] as const).filter((r) => launcher(r) !== undefined);
}

/** Each other runtime's first line of --version, for the report. */
function runtimeVersions(runtimes: RuntimeName[]): Record<string, string> {
  return Object.fromEntries(runtimes.map((r) => {
    const run = launcher(r)!;
    const v = spawnSync(run.command, ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0]?.trim() ?? '';
    return [r, r === 'bun' ? `Bun ${v}` : v.replace(/^deno (\S+).*/, 'Deno $1')];
  }));
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const sizes = options.quick ? quickSizes : fullSizes;
  if (options.browser) {
    const bench = await runBrowserBench(sizes, options.runs, options.only);
    writeBrowserReport(bench, options.out);
    process.stdout.write(renderBrowserMarkdown(bench));
    return 0;
  }
  mkdirSync(scratchDir, { recursive: true });
  const hosts = await adapterHosts();
  if (hosts.error) log(hosts.error);
  const runtimes = otherRuntimes();
  // On the other runtimes: their own node:wasi, where they have one that runs, and the adapter on its default host.
  // On the other runtimes: their own node:wasi and the adapter on its default host.
  const elsewhere = runtimes.flatMap((r): ImplId[] => [`${r}/node:wasi`, `${r}/adapter:${hosts.names[0]!}`]);
  const every: ImplId[] = [
    'node:wasi', ...hosts.names.map((h): ImplId => `adapter:${h}`), 'component', 'browser_wasi_shim', ...elsewhere, 'adapter:memory', 'direct:memory',
  ];
  let impls: ImplId[] = options.quick ? ['node:wasi', `adapter:${hosts.names[0]!}`, 'adapter:memory', 'direct:memory'] : every;
  if (options.impls) impls = every.filter((i) => options.impls!.includes(i));
  // The real programs take seconds each and say nothing about the harness itself.
  const all = workloads(sizes).filter((w) => w.id.includes(options.only) && !(options.quick && w.group === 'real'));
  const ctx: Context = {
    options,
    sizes,
    fixture: prepareFixture(),
    components: new Map(),
    bindings: options.bindings ?? 'js',
    timeoutMs: options.quick ? 60_000 : 300_000,
  };

  let bindingTrials: BindingTrial[] = [];
  if (impls.includes('component') && !options.bindings) {
    log('trying jco import-bindings modes on the component route');
    const trialWorkloads = workloads(sizes).filter((w) => TRIAL_WORKLOADS.includes(w.id));
    const { trials, best } = await tryBindingModes(ctx, trialWorkloads);
    bindingTrials = trials;
    ctx.bindings = best;
    log(`  using ${best}`);
  }

  const records: RunRecord[] = [];
  const summaries: Summary[] = [];
  for (const w of all) {
    const runs = w.runs ?? options.runs;
    for (const impl of impls.filter((i) => w.applies(i))) {
      // A discarded first run warms the page cache and anything else that outlives a process.
      const first = options.quick || runs === 1 ? 1 : 0;
      for (let run = first; run <= runs; run++) {
        const r = await runOnce(ctx, w, impl, run);
        records.push(r);
        log(`${w.id} ${impl} #${run}: ${r.ok ? `${r.value?.toFixed(w.metric === 'process' ? 1 : 0)} (${r.wallMs.toFixed(0)} ms)` : `FAILED ${r.error}`}`);
      }
    }
    if (w.checkOutput) checkOutputs(records, w.id);
    const reference = summarize(records, w.id, 'node:wasi');
    for (const impl of impls.filter((i) => w.applies(i))) {
      const s = summarize(records, w.id, impl);
      // Heap growth and the memory host's figures are not times to compare with node:wasi's.
      const timed = w.group === 'micro' || w.group === 'startup' || w.group === 'real';
      if (timed && s.median !== undefined && reference.median) s.ratio = s.median / reference.median;
      summaries.push(s);
    }
  }

  const network = options.network ? await runNetwork(hosts.names, options) : undefined;

  const results: BenchResults = {
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      v8: process.versions.v8,
      runtimes: runtimeVersions(runtimes),
      platform: `${process.platform} ${process.arch}`,
      date: new Date().toISOString(),
      note: 'a shared machine: other jobs ran alongside, so single figures are noisy; medians and spreads are what to read',
    },
    settings: {
      quick: options.quick,
      runs: options.runs,
      warmup: !options.quick,
      budgetMs: sizes.budgetMs,
      warmupMs: sizes.warmupMs,
      maxIters: sizes.maxIters,
      jco: jcoVersion(),
      bindings: ctx.bindings,
      nodeHostNative: await nodeHostNative(),
      implementations: impls,
    },
    workloads: all.map((w) => ({ id: w.id, group: w.group, title: w.title, metric: w.metric, implementations: impls.filter((i) => w.applies(i)) })),
    bindingTrials,
    summaries,
    runs: records,
    ...(network && { network }),
  };
  mkdirSync(options.out, { recursive: true });
  const markdown = renderMarkdown(results);
  writeFileSync(join(options.out, 'latest.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(join(options.out, 'latest.md'), markdown);
  writeFileSync(join(options.out, 'latest.svg'), renderSvg(results));
  process.stdout.write(markdown);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(`bench: ${errorMessage(e)}`);
    process.exit(2);
  },
);

/**
 * Runs every conformance program on the adapter (once per host) and on
 * node:wasi, and prints one table with the reason for every failure:
 *   node dist/conformance/run.js [--only SUBSTRING] [--impl NAME]... [--runtime NAME]... [--wasm-dir DIR] [--json FILE]
 * Exits non-zero when the adapter fails any program on any host and runtime;
 * node:wasi is a peer to compare with, so its failures are shown but never
 * fail the run. A program a host cannot run (socket programs on the memory
 * host) is n/a.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRuntimeName, launcher, runtimeNames, type RuntimeName } from '../tools/runtimes.js';
import type { ChildConfig, ListenersMessage } from './child.js';
import { defaultWasmDir, sourceDir } from './build.js';
import { columnName, parseColumn } from './columns.js';
import { Peer } from './peer.js';
import { loadSpec, type Spec } from './spec.js';
import { checkTree, populateTree } from './tree.js';
import { pool } from '../tools/pool.js';

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));
const PARALLEL = 2;
/** After the peer fails, how long the program has to end by itself before it is killed. */
const PEER_GRACE_MS = 1_000;
export const NODE_WASI = 'node:wasi';
const ADAPTER_PREFIX = 'adapter/';

export interface Program {
  name: string;
  /** The spec, or why it could not be loaded (which fails the program everywhere). */
  spec: Spec | Error;
  wasm: string;
}

export interface Result {
  program: string;
  impl: string;
  /** It ran and passed; false as well when it could not run there (see notApplicable). */
  ok: boolean;
  /** Why it failed, most telling first; empty when it passed. */
  reasons: string[];
  ms: number;
  /** Why the program cannot run on this implementation at all: it is neither a pass nor a failure. */
  notApplicable?: string;
  /** The runtime's limit that makes it fail on this column (see runtimeLimits): counted apart, not as a failure. */
  limit?: string;
}

/**
 * Programs that fail on a column because the runtime under the host cannot
 * do what they check, by column, with the reason. They show as `limit`
 * instead of failing the run; one that passes fails it, so the list cannot
 * outlive the limit. The README's Deno and Bun section lists them.
 */
const runtimeLimits: Record<string, Record<string, string>> = {
  [`deno/${ADAPTER_PREFIX}preview2-shim`]: {
    file_set_times_ns: "Deno's fs.stat gives timestamps to the millisecond, and preview2-shim stats through it",
  },
  // The WASI 0.3 host's own defects, which the host layer cannot reach around (README: WASI 0.3 hosts).
  [`${ADAPTER_PREFIX}preview3-shim`]: {
    file_set_times_ns: 'preview3-shim sets times as float seconds: nanoseconds are rounded to the microsecond',
    sandbox_symlink_absolute: 'preview3-shim refuses a stat of a symlink itself (no follow) when its target is outside the preopen',
    sandbox_symlink_out: 'preview3-shim refuses a stat of a symlink itself (no follow) when its target is outside the preopen',
  },
};

/** A judged run, held against the column's runtime limits. */
function withLimit(result: Result): Result {
  const limit = runtimeLimits[result.impl]?.[result.program];
  if (limit === undefined) return result;
  if (result.ok) return { ...result, ok: false, reasons: [`passes now: remove it from the runtime limits of ${result.impl} (${limit})`] };
  return { ...result, limit };
}

/**
 * Hosts whose columns run under Node only, with the reason: a runtime column
 * is only as good as the host library under it, and these are not run there.
 */
const nodeOnlyHosts: Record<string, string> = {
  [`${ADAPTER_PREFIX}preview3-shim`]:
    'preview3-shim 0.7 does not work under Deno (writes to opened files fail with EBADF: 86/140) or Bun (stdout lost, directory streams hang: 39/140)',
};

/** The columns for `runtimes`: each implementation on each runtime, less the hosts that run under Node only. */
function runtimeColumns(runtimes: RuntimeName[], impls: string[]): string[] {
  for (const [impl, why] of Object.entries(nodeOnlyHosts)) {
    if (impls.includes(impl) && runtimes.some((r) => r !== 'node')) console.log(`${impl} runs under Node only: ${why}`);
  }
  return runtimes.flatMap((r) => impls.filter((i) => r === 'node' || nodeOnlyHosts[i] === undefined).map((i) => columnName(r, i)));
}

/** Hosts that leave out wasi:sockets: the adapter answers ENOTSUP there, so socket programs have nothing to test. */
const HOSTS_WITHOUT_SOCKETS = new Set([`${ADAPTER_PREFIX}memory`, `${ADAPTER_PREFIX}preview3-shim`]);

/** Why a program cannot run on an implementation (it needs sockets the host lacks), or undefined when it can. */
export function notApplicable(program: Program, impl: string): string | undefined {
  if (!HOSTS_WITHOUT_SOCKETS.has(impl)) return undefined;
  const listeners = !(program.spec instanceof Error) && program.spec.sockets.length > 0;
  return listeners || program.name.startsWith('sock_') ? 'needs sockets, which this host does not have' : undefined;
}

/** What one run of a module produced. */
export interface Outcome {
  exit: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Differences between each preopen and its `after` tree. */
  treeProblems: string[];
  /** Why the peer script failed, when it did. */
  peerProblem?: string;
}

export function listPrograms(wasmDir: string, only = ''): Program[] {
  return readdirSync(sourceDir)
    .filter((f) => f.endsWith('.c') && f.includes(only))
    .sort()
    .map((f) => {
      const name = basename(f, '.c');
      let spec: Spec | Error;
      try {
        spec = loadSpec(join(sourceDir, `${name}.json`));
      } catch (e) {
        spec = e as Error;
      }
      return { name, spec, wasm: join(wasmDir, `${name}.wasm`) };
    });
}

function firstLines(s: string, n = 4): string {
  const lines = s.trimEnd().split('\n');
  return lines.slice(0, n).join('\n') + (lines.length > n ? `\n... (${lines.length - n} more lines)` : '');
}

/** The first line where two outputs differ, shown with both sides. */
function outputDiff(stream: string, got: string, want: string): string {
  const g = got.split('\n');
  const w = want.split('\n');
  let i = 0;
  while (i < g.length && i < w.length && g[i] === w[i]) i++;
  const cut = (s: string | undefined) => (s === undefined ? '(end)' : JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}...` : s));
  return `${stream} differs at line ${i + 1}: got ${cut(g[i])}, expected ${cut(w[i])}`;
}

/** Compares an outcome with the spec; returns the reasons it fails, none when it passes. */
export function judge(spec: Spec, outcome: Outcome): string[] {
  const reasons: string[] = [];
  const stderrTail = outcome.stderr.trim() ? `\nstderr: ${firstLines(outcome.stderr)}` : '';
  const peer = outcome.peerProblem === undefined ? [] : [`peer: ${outcome.peerProblem}`];
  if (outcome.timedOut) {
    reasons.push(`timed out after ${spec.timeoutMs} ms${stderrTail}`, ...peer);
    return reasons;
  }
  if (outcome.exit !== spec.exit) {
    const how = outcome.exit === null ? `killed by ${outcome.signal}` : `exit ${outcome.exit}`;
    reasons.push(`${how}, expected exit ${spec.exit}${stderrTail}`);
  }
  if (spec.stdout !== undefined && outcome.stdout !== spec.stdout) reasons.push(outputDiff('stdout', outcome.stdout, spec.stdout));
  if (spec.stderr !== undefined && outcome.stderr !== spec.stderr) reasons.push(outputDiff('stderr', outcome.stderr, spec.stderr));
  reasons.push(...peer, ...outcome.treeProblems.map((p) => `after: ${p}`));
  return reasons;
}

export function childConfig(impl: string, wasm: string, spec: Spec, preopens: Record<string, string>): ChildConfig {
  const base = { wasm, args: spec.args, env: spec.env, preopens, sockets: spec.sockets };
  if (impl === NODE_WASI) return { impl: 'node:wasi', ...base };
  return { impl: 'adapter', host: impl.slice(ADAPTER_PREFIX.length), ...base };
}

/** Runs one program on one column (an implementation on a runtime) in fresh temporary preopens, removed afterwards. */
export async function runOne(program: Program, impl: string): Promise<Result> {
  const started = Date.now();
  const done = (reasons: string[]): Result => ({ program: program.name, impl, ok: reasons.length === 0, reasons, ms: Date.now() - started });
  const na = notApplicable(program, parseColumn(impl).impl);
  if (na !== undefined) return { program: program.name, impl, ok: false, reasons: [], ms: 0, notApplicable: na };
  const { spec } = program;
  if (spec instanceof Error) return done([`bad spec: ${spec.message}`]);
  if (!existsSync(program.wasm)) return done([`module ${program.wasm} missing (npm run build:conformance)`]);
  const dirs: Record<string, string> = {};
  try {
    for (const [guest, tree] of Object.entries(spec.preopens)) {
      dirs[guest] = mkdtempSync(join(tmpdir(), 'p1conf-'));
      populateTree(dirs[guest], tree);
    }
    const column = parseColumn(impl);
    const outcome = await spawnChild(column.runtime, childConfig(column.impl, program.wasm, spec, dirs), spec);
    if (!outcome.timedOut) {
      for (const [guest, tree] of Object.entries(spec.after ?? {})) {
        try {
          outcome.treeProblems.push(...checkTree(dirs[guest], tree).map((p) => `${guest}/${p}`));
        } catch (e) {
          outcome.treeProblems.push(`${guest}: could not be read: ${(e as Error).message}`);
        }
      }
    }
    return withLimit(done(judge(spec, outcome)));
  } finally {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
}

function isListenersMessage(m: unknown): m is ListenersMessage {
  return typeof m === 'object' && m !== null && Array.isArray((m as ListenersMessage).listeners)
    && (m as ListenersMessage).listeners.every((l) => typeof l?.address === 'string');
}

function spawnChild(runtime: RuntimeName, config: ChildConfig, spec: Spec): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const run = launcher(runtime);
    if (run === undefined) throw new Error(`${runtime} is not installed`);
    // --no-warnings: node:wasi's ExperimentalWarning would otherwise land in the program's stderr.
    const quiet = runtime === 'node' ? ['--no-warnings'] : [];
    // The IPC channel, only with listeners, is where the child says which ports it got.
    const child = spawn(run.command, [...run.args, ...quiet, CHILD, JSON.stringify(config)], {
      stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe', ...(spec.sockets.length > 0 ? ['ipc' as const] : [])],
    });
    let peer: Peer | undefined;
    let peerResult: Promise<string | undefined> = Promise.resolve(undefined);
    let graceTimer: NodeJS.Timeout | undefined;
    child.on('message', (m: unknown) => {
      if (peer !== undefined || spec.peer.length === 0) return;
      if (!isListenersMessage(m) || m.listeners.length !== spec.sockets.length) {
        peerResult = Promise.resolve(`the child reported ${JSON.stringify(m)}, not the ${spec.sockets.length} listeners of the spec`);
        return;
      }
      const started = new Peer(spec.peer, m.listeners.map((l) => l.address));
      peer = started;
      peerResult = started.run().then((failure) => {
        if (failure !== undefined) {
          // The program may be blocked waiting on the peer: give it a moment to fail by itself, then end it.
          started.stop();
          graceTimer = setTimeout(() => child.kill('SIGKILL'), PEER_GRACE_MS);
        }
        return failure;
      });
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    if (child.stdin) {
      // A program may exit without reading its stdin; the broken pipe is then not an error.
      child.stdin.on('error', () => {});
      child.stdin.end(spec.stdin);
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      peer?.stop();
      child.kill('SIGKILL');
    }, spec.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      peer?.stop();
      reject(e);
    });
    child.on('close', async (exit, signal) => {
      clearTimeout(timer);
      // The script may still have steps on bytes the program sent before it ended; they end by themselves.
      const peerProblem = peer === undefined && spec.peer.length > 0 && !timedOut
        ? (await peerResult) ?? 'never ran: the child did not report its listeners'
        : await peerResult;
      clearTimeout(graceTimer);
      peer?.stop();
      resolvePromise({
        exit,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        treeProblems: [],
        ...(peerProblem !== undefined && { peerProblem }),
      });
    });
  });
}


/** The adapter's hosts, or why the adapter cannot be loaded at all. */
async function adapterImpls(): Promise<string[] | Error> {
  try {
    const { hostNames } = await import('../src/hosts/index.js');
    return hostNames.map((h: string) => ADAPTER_PREFIX + h);
  } catch (e) {
    return e as Error;
  }
}

function cell(r: Result | undefined): string {
  if (r?.notApplicable !== undefined) return 'n/a';
  if (r?.limit !== undefined) return 'limit';
  return r?.ok ? 'pass' : 'FAIL';
}

/** Passed out of the programs that apply, and how many do not: `131/131 (16 n/a)`. */
function total(results: Result[], impl: string): string {
  const rs = results.filter((r) => r.impl === impl);
  const na = rs.filter((r) => r.notApplicable !== undefined).length;
  const limits = rs.filter((r) => r.limit !== undefined).length;
  return `${rs.filter((r) => r.ok).length}/${rs.length - na}${na > 0 ? ` (${na} n/a)` : ''}${limits > 0 ? ` (${limits} runtime limit)` : ''}`;
}

/** Results that count as failures: not the ones that do not apply. */
export function failuresOf(results: Result[]): Result[] {
  return results.filter((r) => !r.ok && r.notApplicable === undefined && r.limit === undefined);
}

export function renderTable(programs: string[], impls: string[], results: Result[]): string {
  const byKey = new Map(results.map((r) => [`${r.program}\0${r.impl}`, r]));
  const header = ['program', ...impls];
  const rows = programs.map((p) => [p, ...impls.map((i) => cell(byKey.get(`${p}\0${i}`)))]);
  const totals = ['total passed', ...impls.map((i) => total(results, i))];
  const all = [header, ...rows, totals];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c])).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(header), rule, ...rows.map(line), rule, line(totals)].join('\n');
}

function usage(message: string): never {
  console.error(`${message}\nusage: run.js [--only SUBSTRING] [--impl NAME]... [--runtime NAME]... [--wasm-dir DIR] [--json FILE]`);
  process.exit(2);
}

/** A --runtime value: a runtime this machine has (Deno and Bun come with the dev dependencies). */
function runtimeArg(name: string): RuntimeName {
  if (!isRuntimeName(name)) usage(`unknown runtime ${name}; known: ${runtimeNames.join(', ')}`);
  if (launcher(name) === undefined) usage(`${name} is not installed (it is a dev dependency: npm install)`);
  return name;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let only = '';
  let wasmDir = defaultWasmDir;
  let jsonFile: string | undefined;
  const wanted: string[] = [];
  const runtimes: RuntimeName[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (value === undefined && argv[i].startsWith('--')) usage(`${argv[i]} needs a value`);
    if (argv[i] === '--only') only = argv[++i];
    else if (argv[i] === '--impl') wanted.push(argv[++i]);
    else if (argv[i] === '--runtime') runtimes.push(runtimeArg(argv[++i]));
    else if (argv[i] === '--wasm-dir') wasmDir = resolve(argv[++i]);
    else if (argv[i] === '--json') jsonFile = resolve(argv[++i]);
    else usage(`unknown argument: ${argv[i]}`);
  }

  const needAdapter = wanted.length === 0 || wanted.some((w) => w !== NODE_WASI);
  const adapter = needAdapter ? await adapterImpls() : [];
  let impls = [...(adapter instanceof Error ? [] : adapter), NODE_WASI];
  // `--impl adapter` selects every host; otherwise a name is an exact column.
  if (wanted.length) impls = impls.filter((i) => wanted.includes(i) || (i.startsWith(ADAPTER_PREFIX) && wanted.includes('adapter')));
  const unknown = wanted.filter((w) => w !== 'adapter' && !impls.includes(w));
  if (unknown.length && !(adapter instanceof Error)) usage(`unknown implementation ${unknown.join(', ')}; known: ${[...(adapter as string[]), NODE_WASI].join(', ')}`);
  if (runtimes.length) impls = runtimeColumns(runtimes, impls);

  const programs = listPrograms(wasmDir, only);
  if (programs.length === 0) usage(`no program matches ${JSON.stringify(only)}`);
  const started = Date.now();
  const tasks = programs.flatMap((p) => impls.map((impl) => ({ p, impl })));
  const results = await pool(tasks, PARALLEL, ({ p, impl }) => runOne(p, impl));

  console.log(renderTable(programs.map((p) => p.name), impls, results));
  const failures = failuresOf(results);
  if (failures.length) {
    console.log('\nFailures:');
    for (const f of failures) console.log(`\n${f.program} on ${f.impl}:\n  ${f.reasons.join('\n').split('\n').slice(0, 8).join('\n  ')}`);
  }
  for (const r of results.filter((r) => r.limit !== undefined)) console.log(`\nlimit: ${r.program} on ${r.impl}: ${r.limit}`);
  if (adapter instanceof Error) console.log(`\nThe adapter could not be loaded, so it failed every program: ${adapter.message}`);
  console.log(`\n${programs.length} programs x ${impls.length} implementations in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (jsonFile) {
    const totals = Object.fromEntries(impls.map((i) => {
      const rs = results.filter((r) => r.impl === i);
      const notApplicable = rs.filter((r) => r.notApplicable !== undefined).length;
      const limits = rs.filter((r) => r.limit !== undefined).length;
      return [i, { passed: rs.filter((r) => r.ok).length, failed: failuresOf(rs).length, notApplicable, limits }];
    }));
    writeFileSync(jsonFile, `${JSON.stringify({ programs: programs.length, implementations: impls, totals, results }, null, 2)}\n`);
  }
  const adapterFailed = adapter instanceof Error || failures.some((f) => parseColumn(f.impl).impl !== NODE_WASI);
  return adapterFailed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}

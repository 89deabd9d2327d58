// The benchmark harness in its quick mode, once: it must run every workload it
// chose, on the implementations it chose, and write a well-formed report.
// Figures are never judged here; a shared CI machine makes them meaningless.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { BenchResults } from '../bench/results-types.js';
import { runtime } from '../src/runtime.js';

const runJs = join(dirname(fileURLToPath(import.meta.url)), '../bench/run.js');
const out = mkdtempSync(join(tmpdir(), 'p1-bench-'));
t.teardown(() => rmSync(out, { recursive: true, force: true }));

const r = spawnSync(process.execPath, [runJs, '--quick', '--out', out], { encoding: 'utf8', timeout: 110_000 });

t.test('the quick run finishes and prints the table', async (t) => {
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /^# Benchmark results \(quick mode/);
  t.match(r.stdout, /\| workload \| node:wasi \|/);
});

t.test('latest.json holds the machine, every run and a summary per cell', async (t) => {
  const results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchResults;
  t.ok(results.machine.cpu && results.machine.node && results.machine.date, 'machine');
  t.equal(results.settings.quick, true);
  t.ok(results.workloads.length >= 14, 'micro, startup, overhead and memory workloads');
  for (const w of results.workloads) {
    for (const impl of w.implementations) {
      const s = results.summaries.find((x) => x.workload === w.id && x.impl === impl);
      t.ok(s, `summary for ${w.id} on ${impl}`);
      t.equal(s?.runs, 1, `${w.id} on ${impl}: one run in quick mode`);
      t.ok(results.runs.some((x) => x.workload === w.id && x.impl === impl), `raw run for ${w.id} on ${impl}`);
    }
  }
  // Under Bun (npm run test:runtimes), node:wasi is Bun's own, which lists only part of a 1000-entry directory.
  const brokenHere = runtime === 'bun' ? ['fd_readdir_1000'] : [];
  const reference = results.summaries.filter((s) => s.impl === 'node:wasi' && !brokenHere.includes(s.workload)
    && results.workloads.find((w) => w.id === s.workload)?.group !== 'memory');
  t.ok(reference.length > 0 && reference.every((s) => s.median !== undefined && s.failed === 0), 'node:wasi runs every workload');
  for (const s of results.summaries) {
    if (s.median === undefined) t.ok(s.failed > 0 && s.error, `${s.workload} on ${s.impl}: no figure means a reported failure`);
  }
});

t.test('the network figures: the echo server on every host and node net, each with a figure, and their table', async (t) => {
  const results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchResults;
  const network = results.network ?? [];
  for (const workload of ['echo_throughput', 'accept_rate']) {
    const impls = network.filter((s) => s.workload === workload).map((s) => s.impl);
    t.same(impls.slice(0, 1), ['node net'], `${workload}: node net, the limit, first`);
    t.ok(impls.includes('adapter:node') && impls.includes('adapter:preview2-shim'), `${workload}: every host`);
  }
  for (const s of network) t.ok(s.median !== undefined && s.median > 0 && s.failed === 0, `${s.workload} on ${s.impl}: every client's bytes came back`);
  t.match(readFileSync(join(out, 'latest.md'), 'utf8'), /## Network over loopback[\s\S]*\| echo throughput/);
});

t.test('latest.md and latest.svg are written', async (t) => {
  const md = readFileSync(join(out, 'latest.md'), 'utf8');
  t.equal(md, r.stdout, 'the saved markdown is what was printed');
  const rows = md.split('\n').filter((l) => l.startsWith('| '));
  t.ok(rows.length > 10, 'table rows');
  const widths = new Set(rows.slice(0, 15).map((l) => l.split(' | ').length));
  t.equal(widths.size, 1, 'the main table has the same number of cells on every row');
  const svg = readFileSync(join(out, 'latest.svg'), 'utf8');
  t.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>/);
  t.match(svg.trim(), /<\/svg>$/);
  t.equal((svg.match(/<svg/g) ?? []).length, 1);
  t.notMatch(svg, /NaN|undefined|Infinity/);
});

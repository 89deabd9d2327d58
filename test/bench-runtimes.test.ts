// The benchmark harness's other runtimes, in quick mode on one workload:
// Deno's and Bun's node:wasi and the adapter under each, every child started
// by its runtime from the npm packages. Figures are never judged here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { BenchResults } from '../bench/results-types.js';

const runJs = join(dirname(fileURLToPath(import.meta.url)), '../bench/run.js');

t.test('on Deno and Bun too: their node:wasi and the adapter, each with a figure', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'p1-bench-runtimes-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const impls = ['node:wasi', 'deno/node:wasi', 'deno/adapter:node', 'bun/node:wasi', 'bun/adapter:node'];
  const run = spawnSync(process.execPath, [runJs, '--quick', '--no-network', '--only', 'fd_seek_tell', '--impls', impls.join(','), '--out', dir], {
    encoding: 'utf8', timeout: 100_000,
  });
  t.equal(run.status, 0, run.stderr);
  const results = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as BenchResults;
  t.same(results.settings.implementations, impls);
  t.same(results.workloads.map((w) => w.id), ['fd_seek_tell']);
  for (const impl of impls) {
    const s = results.summaries.find((x) => x.workload === 'fd_seek_tell' && x.impl === impl);
    t.ok(s?.median !== undefined && s.failed === 0, `${impl}: a figure (${s?.error ?? 'no error'})`);
  }
  t.match(results.machine.runtimes, { deno: /^Deno \d+\.\d+/, bun: /^Bun \d+\.\d+/ });
  t.match(readFileSync(join(dir, 'latest.md'), 'utf8'), /\| workload \| node:wasi \| deno\/node:wasi \| deno\/adapter:node \| bun\/node:wasi \| bun\/adapter:node \|/);
});

/**
 * The browser bench: the microbenchmarks of bench/c/micro.c in headless
 * Chromium, on this adapter over its in-memory host, on
 * @bjorn3/browser_wasi_shim and on @tybys/wasm-util (over memfs-browser), in
 * one page, run after run in turns so that a noisy moment hits all three.
 * `npm run bench -- --browser` writes bench/results/browser.{json,md}.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadScript, openChromium } from '../tools/chromium.js';
import { browserDir } from '../tools/bundle.js';
import { repoRoot } from '../tools/root.js';
import type { BrowserBenchRun, BrowserBenchResult, BrowserImpl } from './browser-protocol.js';
import { median, wasmDir } from './common.js';
import type { Sizes } from './workloads.js';

export const browserImpls: BrowserImpl[] = ['adapter:memory', 'browser_wasi_shim', '@tybys/wasm-util'];

/** The microbenchmarks a browser can run: all of micro.c's, on in-memory files. */
const MODES = [
  'clock_time_get', 'fd_write_64', 'fd_write_64k', 'fd_read_64', 'fd_read_64k', 'path_open_close',
  'path_filestat_get', 'fd_readdir_1000', 'fd_seek_tell', 'poll_oneoff_0', 'random_get_4k', 'stdout_64',
] as const;

const RESULT_LINE = /RESULT mode=\S+ iters=(\d+) ns=(\d+)/;

export interface BrowserCell {
  mode: string;
  impl: BrowserImpl;
  /** Median ns per iteration over the runs that worked. */
  ns?: number;
  runs: number[];
  /** Why a run failed, when one did: the implementation cannot do what the workload needs. */
  error?: string;
}

export interface BrowserBench {
  chromium: string;
  runs: number;
  cells: BrowserCell[];
}

function nsPerIteration(r: BrowserBenchResult): number {
  const m = r.result === undefined ? null : RESULT_LINE.exec(r.result);
  if (r.exit !== 0 || m === null) throw new Error(`exit ${r.exit}, no RESULT line; stderr ends: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  return Number(m[2]) / Number(m[1]);
}

export async function runBrowserBench(sizes: Sizes, runs: number, only = ''): Promise<BrowserBench> {
  const session = await openChromium();
  const wasm = `/${relative(repoRoot, join(wasmDir, 'micro.wasm'))}`;
  const cells: BrowserCell[] = [];
  try {
    await loadScript(session.page, `/${relative(repoRoot, browserDir)}/pages/bench.js`, 'runMicro');
    for (const mode of MODES.filter((m) => m.includes(only))) {
      const row = browserImpls.map((impl): BrowserCell => ({ mode, impl, runs: [] }));
      for (let run = 0; run < runs; run++) {
        for (const cell of row) {
          if (cell.error !== undefined) continue;
          const request: BrowserBenchRun = { impl: cell.impl, wasm, mode, budgetMs: sizes.budgetMs, maxIters: sizes.maxIters, warmupMs: sizes.warmupMs };
          try {
            const result = await session.page.evaluate((r) => (globalThis as unknown as {
              runMicro(r: BrowserBenchRun): Promise<BrowserBenchResult>;
            }).runMicro(r), request);
            cell.runs.push(nsPerIteration(result));
          } catch (e) {
            cell.error = (e as Error).message.split('\n')[0]!.slice(0, 300);
          }
        }
      }
      for (const cell of row) if (cell.runs.length > 0) cell.ns = median(cell.runs);
      cells.push(...row);
    }
    const chromium = session.browser.version();
    return { chromium, runs, cells };
  } finally {
    await session.close();
  }
}

const fmt = (ns: number | undefined): string => (ns === undefined ? 'n/a' : ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

/** One row per workload: each implementation's median, and ours as a ratio to each peer (below 1.0x: faster). */
export function renderBrowserMarkdown(bench: BrowserBench): string {
  const lines = [
    `Chromium ${bench.chromium}, headless; median of ${bench.runs} runs; time per iteration as the guest measures it (lower is better).`,
    '',
    '| workload | adapter (memory host) | browser_wasi_shim | @tybys/wasm-util | adapter / browser_wasi_shim | adapter / wasm-util |',
    '|---|---|---|---|---|---|',
  ];
  const modes = [...new Set(bench.cells.map((c) => c.mode))];
  for (const mode of modes) {
    const get = (impl: BrowserImpl) => bench.cells.find((c) => c.mode === mode && c.impl === impl);
    const ours = get('adapter:memory')?.ns;
    const ratio = (peer: number | undefined) => (ours === undefined || peer === undefined ? 'n/a' : `${(ours / peer).toFixed(2)}x`);
    const [a, b, t] = [get('adapter:memory'), get('browser_wasi_shim'), get('@tybys/wasm-util')];
    lines.push(`| ${mode} | ${fmt(a?.ns)} | ${fmt(b?.ns)} | ${fmt(t?.ns)} | ${ratio(b?.ns)} | ${ratio(t?.ns)} |`);
  }
  const failed = bench.cells.filter((c) => c.error !== undefined);
  if (failed.length > 0) {
    lines.push('', 'Could not run (n/a above):');
    for (const c of failed) lines.push(`- ${c.mode} on ${c.impl}: ${c.error}`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeBrowserReport(bench: BrowserBench, out: string): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'browser.json'), `${JSON.stringify(bench, null, 2)}\n`);
  writeFileSync(join(out, 'browser.md'), renderBrowserMarkdown(bench));
}

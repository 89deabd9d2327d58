/** The report: a markdown page (printed and saved as latest.md) and an SVG chart of the ratios. */
import { median, type ImplId } from './common.js';
import { netWorkloads, type NetSummary } from './network.js';
import type { BenchResults, Summary } from './results-types.js';
import type { Metric } from './workloads.js';

/** The implementations compared in the main table, in column order; the memory host has its own table. */
/** ` · Deno 2.9.6 · Bun 1.4.5`, for the runtimes that ran children. */
function runtimeVersions(runtimes: Record<string, string> | undefined): string {
  return Object.values(runtimes ?? {}).map((v) => ` · ${v}`).join('');
}

function mainImpls(r: BenchResults): ImplId[] {
  return r.settings.implementations.filter((i) => i !== 'adapter:memory' && i !== 'direct:memory');
}

function formatValue(v: number, metric: Metric): string {
  if (metric === 'process' || metric === 'inprocess') {
    return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v >= 100 ? 0 : 1)} ms`;
  }
  if (metric === 'heap') return `${(v / 1024).toFixed(0)} KiB`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} ms`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(0)} µs`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} µs`;
  return `${v.toFixed(v >= 100 ? 0 : 1)} ns`;
}

function formatRatio(ratio: number): string {
  return ratio >= 100 ? `${ratio.toFixed(0)}×` : ratio >= 10 ? `${ratio.toFixed(1)}×` : `${ratio.toFixed(2)}×`;
}

function cell(s: Summary | undefined, metric: Metric, reference: boolean): string {
  if (!s) return 'n/a';
  if (s.median === undefined) return `**failed** (${s.failed}/${s.runs})`;
  let text = formatValue(s.median, metric);
  if (!reference && s.ratio !== undefined) text += ` (${formatRatio(s.ratio)})`;
  if (s.runs > 1) text += ` ±${((s.spread ?? 0) * 50).toFixed(0)}%`;
  if (s.failed) text += ` (${s.failed} failed)`;
  return text;
}


function summary(r: BenchResults, workload: string, impl: ImplId): Summary | undefined {
  return r.summaries.find((s) => s.workload === workload && s.impl === impl);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function nativeNote(loaded: boolean | undefined): string {
  if (loaded === undefined) return 'node host native part not recorded';
  return loaded ? 'node host with its native part' : 'node host without its native part (not built)';
}

export function renderMarkdown(r: BenchResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`# Benchmark results${r.settings.quick ? ' (quick mode: proves the harness, not the speed)' : ''}`);
  out.push('');
  out.push(
    `${m.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · Node ${m.node} (V8 ${m.v8})${runtimeVersions(m.runtimes)} · ${m.platform} · ` +
      `jco ${r.settings.jco}, import bindings \`${r.settings.bindings}\` · ${nativeNote(r.settings.nodeHostNative)}` +
      ` · ${r.settings.runs} measured run(s) per cell` +
      `${r.settings.warmup ? ' after a discarded warm-up run' : ''}. Note: ${m.note}.`,
  );
  const impls = mainImpls(r);
  const main = r.workloads.filter((w) => w.group === 'micro' || w.group === 'startup' || w.group === 'real');
  if (main.length) {
    out.push('');
    out.push('## Workloads × implementations');
    out.push('');
    out.push('Median, (ratio to node:wasi), ±half the min–max range as % of the median. Lower is better.');
    out.push('');
    out.push(
      table(
        ['workload', ...impls],
        main.map((w) => [w.title, ...impls.map((i) => (w.implementations.includes(i) ? cell(summary(r, w.id, i), w.metric, i === 'node:wasi') : 'n/a'))]),
      ),
    );
  }
  const micro = r.workloads.filter((w) => w.group === 'micro');
  if (micro.length) {
    out.push('');
    out.push('### Whole-process wall time of the microbenchmark runs');
    out.push('');
    out.push(
      'Median ms from spawn to exit, for the same runs: node start, loading the implementation, compiling, the guest\'s ' +
        'warm-up and its timed loop (which runs for the time budget, so this is mostly a fixed cost plus the budget).',
    );
    out.push('');
    out.push(
      table(
        ['workload', ...impls],
        micro.map((w) => [
          w.id,
          ...impls.map((i) => {
            const walls = r.runs.filter((x) => x.workload === w.id && x.impl === i && x.run > 0 && x.ok).map((x) => x.wallMs);
            if (!w.implementations.includes(i)) return 'n/a';
            return walls.length ? `${median(walls).toFixed(0)} ms` : 'failed';
          }),
        ]),
      ),
    );
  }
  if (r.network?.length) out.push('', ...networkSection(r.network));
  const overhead = r.workloads.filter((w) => w.group === 'overhead');
  if (overhead.length) {
    out.push('');
    out.push("## The adapter's own cost");
    out.push('');
    out.push(
      'The adapter over bench/memory-host.ts (a WASI 0.2 host that does no I/O), timed inside the guest, against the same host ' +
        'operation called straight from JS (`monotonic-clock.now()`, `output-stream.blocking-write-and-flush` of 64 B). ' +
        "The difference is what translating one preview1 call costs, the wasm-to-JS call included; node:wasi's figure for the same call is beside it.",
    );
    out.push('');
    out.push(
      table(
        ['call', 'node:wasi', 'adapter over memory host', 'memory host called from JS', 'adapter cost per call'],
        overhead.map((w) => {
          const a = summary(r, w.id, 'adapter:memory');
          const d = summary(r, w.id, 'direct:memory');
          const cost = a?.median !== undefined && d?.median !== undefined ? formatValue(a.median - d.median, 'guest') : 'n/a';
          return [w.title, cell(summary(r, w.id, 'node:wasi'), 'guest', true), cell(a, 'guest', true), cell(d, 'guest', true), cost];
        }),
      ),
    );
  }
  const memory = r.workloads.filter((w) => w.group === 'memory');
  if (memory.length) {
    out.push('');
    out.push('## Heap over a long run');
    out.push('');
    out.push(
      "One run each, not timed: the host process's `heapUsed` after a forced gc, taken once the module is instantiated and again " +
        'when its run has ended (the instance still alive). A slow host stops the fd_write loop after its time budget; the calls it made are shown.',
    );
    out.push('');
    const rows: string[][] = [];
    for (const w of memory) {
      for (const impl of impls.filter((i) => w.implementations.includes(i))) {
        const run = r.runs.find((x) => x.workload === w.id && x.impl === impl && x.run > 0);
        if (!run?.ok || !run.child?.heap) {
          rows.push([w.title, impl, 'failed', '', '', run?.error ?? '']);
          continue;
        }
        const h = run.child.heap;
        const calls = run.guest ? run.guest.iters * run.guest.callsPerIter : 0;
        const growth = h.after - h.before;
        rows.push([
          w.title,
          impl,
          calls.toLocaleString('en'),
          `${(h.before / 2 ** 20).toFixed(1)} → ${(h.after / 2 ** 20).toFixed(1)} MiB`,
          `${(growth / 1024).toFixed(0)} KiB`,
          calls ? `${(growth / calls).toFixed(3)} B/call` : '',
        ]);
      }
    }
    out.push(table(['workload', 'implementation', 'calls', 'heapUsed', 'growth', 'per call'], rows));
  }
  if (r.bindingTrials.length) {
    out.push('');
    out.push('## jco import-bindings modes on the component route');
    out.push('');
    const ids = Object.keys(r.bindingTrials.find((t) => t.ok)?.figures ?? {});
    out.push(
      table(
        ['mode', ...ids, 'score (1 = best)'],
        r.bindingTrials.map((t) => [
          t.mode + (t.mode === r.settings.bindings ? ' (used)' : ''),
          ...ids.map((id) => (t.figures[id] !== undefined ? formatValue(t.figures[id]!, 'guest') : 'failed')),
          t.ok ? (t.score ?? 1).toFixed(2) : `failed: ${t.error ?? ''}`,
        ]),
      ),
    );
  }
  out.push(...targets(r));
  const failures = r.summaries.filter((s) => s.failed && s.error);
  if (failures.length) {
    out.push('');
    out.push('## Failures');
    out.push('');
    for (const f of failures) out.push(`- ${f.workload} on ${f.impl}: ${f.failed}/${f.runs} failed: ${f.error}`);
  }
  out.push('');
  out.push('## How these figures are made');
  out.push('');
  out.push(
    [
      '- Every run is a fresh `node` process (bench/child.ts) running one workload on one implementation; runs go one after another.',
      `- Microbenchmarks (bench/c/micro.c) time themselves with clock_time_get around the loop. The loop runs in doubling batches until ${r.settings.budgetMs} ms of guest time have passed (after ${r.settings.warmupMs} ms of untimed warm-up), so a host that answers in 50 ns and one that answers in 100 µs both get a measurable run without a per-implementation count.`,
      '- Write workloads rewind with fd_seek every 1 MiB; read workloads every 4 MiB (one fd_seek in 16 calls for 64 KiB, one in 65536 for 64 B).',
      '- Start-up and the real programs are the wall time of the whole child process, spawn to exit (node start, loading the implementation, compiling the module, running it).',
      '- The real programs run with `--no-turbo-fast-api-calls` on every implementation, because node:wasi crashes (SIGSEGV) on them without it; their output (stdout and written files) must be byte-identical to node:wasi\'s or the run counts as failed.',
      '- `component`: the module made a component with `jco new --wasi-command --adapt wasi_snapshot_preview1=<jco\'s wasi_snapshot_preview1.command.wasm>`, `jco transpile --instantiation async`, run on preview2-shim\'s `WASIShim` with sandboxed preopens, args and env.',
      '- `browser_wasi_shim`: @bjorn3/browser_wasi_shim with the preopened directory loaded into its in-memory filesystem (no real file I/O).',
    ].join('\n'),
  );
  out.push('');
  return `${out.join('\n')}\n`;
}

/** Issue 4's and issue 5's targets, read from the figures (never asserted anywhere). */
function networkSection(network: NetSummary[]): string[] {
  const impls = [...new Set(network.map((s) => s.impl))];
  const rows = netWorkloads(false).filter((w) => network.some((s) => s.workload === w.id)).map((w) => [
    w.title,
    ...impls.map((impl) => {
      const s = network.find((x) => x.workload === w.id && x.impl === impl);
      if (!s) return 'n/a';
      if (s.median === undefined) return `**failed** (${s.failed}/${s.runs})`;
      const spread = s.min !== undefined && s.max !== undefined ? ` ±${((s.max - s.min) / 2 / s.median * 100).toFixed(0)}%` : '';
      return `${s.median.toFixed(s.median >= 100 ? 0 : 1)}${s.ratio !== undefined ? ` (${formatRatio(s.ratio)})` : ''}${spread}`;
    }),
  ]);
  return [
    '## Network over loopback',
    '',
    'examples/echo-server.c (non-blocking, one poll over the listener and every connection) through `p1run --tcplisten` on each host, ' +
      'against the same server in plain Node `net` (bench/net-echo-server.ts) as the limit. The clients run in the harness process ' +
      '(bench/echo-load.ts). Median of the runs, (ratio to node net), ±half the min–max range. Higher is better.',
    '',
    table(['workload', ...impls], rows),
  ];
}

function targets(r: BenchResults): string[] {
  const lines: string[] = [];
  const med = (w: string, i: ImplId): number | undefined => summary(r, w, i)?.median;
  const ids = (group: string): string[] => r.workloads.filter((w) => w.group === group).map((w) => w.id);
  const verdict = (misses: string[], checked: number): string =>
    checked === 0 ? 'not measured' : misses.length ? `**missed** on ${misses.join(', ')}` : `met (${checked} checked)`;
  const timed = [...ids('micro'), ...ids('startup'), ...ids('real')];
  // A miss whose min-max range overlaps the other side's may be the shared machine's noise.
  const overlap = (w: string, a: ImplId, b: ImplId): boolean => {
    const x = summary(r, w, a);
    const y = summary(r, w, b);
    return x?.min !== undefined && y?.max !== undefined && x.min <= y.max;
  };
  if (r.settings.implementations.includes('adapter:preview2-shim') && r.settings.implementations.includes('component')) {
    const misses: string[] = [];
    let checked = 0;
    for (const w of timed) {
      const a = med(w, 'adapter:preview2-shim');
      const c = med(w, 'component');
      if (a === undefined || c === undefined) continue;
      checked++;
      if (a > c) misses.push(`${w} (${formatRatio(a / c)}${overlap(w, 'adapter:preview2-shim', 'component') ? ', ranges overlap' : ''})`);
    }
    lines.push(`- Over preview2-shim the adapter is never slower than the component route: ${verdict(misses, checked)}.`);
  }
  const costs = ids('overhead').flatMap((w) => {
    const a = med(w, 'adapter:memory');
    const d = med(w, 'direct:memory');
    return a !== undefined && d !== undefined ? [{ w, cost: a - d }] : [];
  });
  if (costs.length) {
    const misses = costs.filter((c) => c.cost >= 1000).map((c) => `${c.w} (${formatValue(c.cost, 'guest')})`);
    lines.push(`- The adapter adds under 1 µs per call of its own: ${verdict(misses, costs.length)}.`);
  }
  const fast = 'adapter:node';
  if (r.settings.implementations.includes(fast)) {
    const within = (group: string, limit: number): string => {
      const list = ids(group).filter((w) => summary(r, w, fast)?.ratio !== undefined);
      const misses = list
        .filter((w) => summary(r, w, fast)!.ratio! > limit)
        .map((w) => {
          const x = summary(r, w, fast)!;
          const reference = summary(r, w, 'node:wasi')!;
          const noisy = reference.max !== undefined && x.min !== undefined && x.min <= reference.max * limit;
          return `${w} (${formatRatio(x.ratio!)}${noisy ? ', best run within' : ''})`;
        });
      const failed = ids(group).filter((w) => summary(r, w, fast)?.median === undefined && summary(r, w, 'node:wasi')?.median !== undefined);
      return verdict([...misses, ...failed.map((w) => `${w} (failed)`)], list.length + failed.length);
    };
    lines.push(`- The adapter over the Node host is within 2× of node:wasi on every microbenchmark: ${within('micro', 2)}.`);
    lines.push(`- ... and within 1.2× on the real programs: ${within('real', 1.2)}.`);
    const speedups = ['fd_read_64', 'fd_write_64'].flatMap((w) => {
      const slow = med(w, 'adapter:preview2-shim');
      const quick = med(w, fast);
      return slow !== undefined && quick !== undefined ? [{ w, x: slow / quick }] : [];
    });
    const misses = speedups.filter((s) => s.x < 50).map((s) => `${s.w} (${formatRatio(s.x)})`);
    lines.push(
      `- The Node host is at least 50× faster than the preview2-shim host on 64 B file reads and writes: ${verdict(misses, speedups.length)}` +
        `${speedups.length ? ` (${speedups.map((s) => `${s.w} ${formatRatio(s.x)}`).join(', ')})` : ''}.`,
    );
  }
  return lines.length ? ['', '## Targets (issues 4 and 5), read from these figures', '', ...lines] : [];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Horizontal bars of the ratio to node:wasi on a log scale, one group per workload. */
export function renderSvg(r: BenchResults): string {
  const impls = mainImpls(r).filter((i) => i !== 'node:wasi');
  const workloads = r.workloads.filter((w) => w.group === 'micro' || w.group === 'startup' || w.group === 'real');
  const ratios = r.summaries.filter((s) => s.ratio !== undefined && s.ratio > 0).map((s) => s.ratio!);
  const lo = Math.min(0.1, ...ratios.map((x) => 10 ** Math.floor(Math.log10(x))));
  const hi = Math.max(10, ...ratios.map((x) => 10 ** Math.ceil(Math.log10(x))));
  const labelW = 250;
  const plotW = 560;
  const barH = 9;
  const groupGap = 10;
  const top = 56;
  const width = labelW + plotW + 40;
  const x = (ratio: number): number => labelW + ((Math.log10(ratio) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;
  const groupH = Math.max(1, impls.length) * barH + groupGap;
  const height = top + workloads.length * groupH + 30;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="10" y="18" font-size="14" font-weight="bold">Time relative to node:wasi (log scale, lower is better)</text>`);
  impls.forEach((impl, i) => {
    const lx = 10 + i * 170;
    parts.push(`<rect x="${lx}" y="28" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`);
    parts.push(`<text x="${lx + 14}" y="37">${esc(impl)}</text>`);
  });
  for (let p = Math.log10(lo); p <= Math.log10(hi) + 1e-9; p++) {
    const v = 10 ** p;
    const gx = x(v).toFixed(1);
    parts.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${height - 24}" stroke="${v === 1 ? '#000' : '#ddd'}"/>`);
    parts.push(`<text x="${gx}" y="${height - 10}" text-anchor="middle">${v >= 1 ? v.toFixed(0) : v.toString()}×</text>`);
  }
  workloads.forEach((w, wi) => {
    const gy = top + wi * groupH;
    parts.push(`<text x="${labelW - 6}" y="${gy + (impls.length * barH) / 2 + 4}" text-anchor="end">${esc(w.id)}</text>`);
    impls.forEach((impl, i) => {
      const s = summary(r, w.id, impl);
      const y = gy + i * barH;
      if (!w.implementations.includes(impl)) return;
      if (s?.ratio === undefined) {
        parts.push(`<text x="${(x(1) + 3).toFixed(1)}" y="${y + barH - 1}" fill="#c00" font-size="8">${esc(impl)} failed</text>`);
        return;
      }
      const x0 = x(1);
      const x1 = x(s.ratio);
      const bx = Math.min(x0, x1);
      parts.push(
        `<rect x="${bx.toFixed(1)}" y="${y}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${barH - 1}" fill="${COLORS[i % COLORS.length]}"><title>${esc(`${w.id} ${impl}: ${formatRatio(s.ratio)}`)}</title></rect>`,
      );
      parts.push(`<text x="${(Math.max(x0, x1) + 3).toFixed(1)}" y="${y + barH - 1}" font-size="8">${formatRatio(s.ratio)}</text>`);
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

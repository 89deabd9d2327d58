/**
 * Network figures: the C echo server (examples/echo-server.wasm) through
 * p1run on each host, against the same server in plain Node `net` as the
 * limit. Loopback only; every run is bounded in count and time.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage, median, repoRoot } from './common.js';
import { announcedPort, LISTENING, runEchoLoad, type EchoLoad } from './echo-load.js';

/** `node net` is the limit; `adapter:HOST` is the echo server through p1run on that host. */
export type NetImpl = 'node net' | `adapter:${string}`;

export interface NetWorkload {
  id: 'echo_throughput' | 'accept_rate';
  title: string;
  unit: 'MB/s' | 'connections/s';
  load: Omit<EchoLoad, 'port' | 'timeoutMs'>;
}

export interface NetSummary {
  workload: NetWorkload['id'];
  impl: NetImpl;
  runs: number;
  failed: number;
  /** Higher is better. */
  median?: number;
  min?: number;
  max?: number;
  /** median / node net's median */
  ratio?: number;
  error?: string;
}

export function netWorkloads(quick: boolean): NetWorkload[] {
  return [
    {
      id: 'echo_throughput',
      title: 'echo throughput: 16 concurrent clients × 4 MiB each, every byte checked (MB/s echoed)',
      unit: 'MB/s',
      load: quick ? { clients: 2, bytesPerClient: 65536 } : { clients: 16, bytesPerClient: 4 << 20 },
    },
    {
      id: 'accept_rate',
      title: 'accepted connections: 1000 connections, 16 at a time, 64 B echoed on each (connections/s)',
      unit: 'connections/s',
      load: quick ? { clients: 20, bytesPerClient: 64, concurrency: 4 } : { clients: 1000, bytesPerClient: 64, concurrency: 16 },
    },
  ];
}

const here = fileURLToPath(new URL('.', import.meta.url));
const TIMEOUT_MS = 120_000;

function serverCommand(impl: NetImpl, connections: number): string[] {
  if (impl === 'node net') return [join(here, 'net-echo-server.js'), '0', String(connections)];
  return [join(repoRoot, 'dist/src/cli.js'), '--host', impl.slice('adapter:'.length), '--tcplisten', '127.0.0.1:0',
    join(repoRoot, 'examples/echo-server.wasm'), String(connections)];
}

/** One run: start the server, drive it, and wait for it to exit cleanly. Returns the figure. */
async function runOnce(w: NetWorkload, impl: NetImpl): Promise<number> {
  const server = spawn(process.execPath, serverCommand(impl, w.load.clients), { stdio: ['ignore', 'ignore', 'pipe'], timeout: TIMEOUT_MS });
  let stderr = '';
  server.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => server.on('close', resolve));
  const port = await announcedPort(server.stderr, LISTENING, 30_000).catch(async (e: unknown) => {
    server.kill();
    await exited;
    throw e;
  });
  const r = await runEchoLoad({ ...w.load, port, timeoutMs: TIMEOUT_MS - 10_000 });
  const code = await exited;
  if (r.failures.length > 0) throw new Error(r.failures[0]);
  if (code !== 0) throw new Error(`server exited ${code}: ${stderr.trim()}`);
  const seconds = r.elapsedMs / 1000;
  return w.unit === 'MB/s' ? (w.load.clients * w.load.bytesPerClient) / 1e6 / seconds : w.load.clients / seconds;
}

/**
 * Every network workload whose id contains `only`, on node net and the adapter
 * over each host; undefined when none is picked. The runs take turns (net,
 * then each host, then net again), so a machine whose load drifts weighs on
 * every implementation alike.
 */
export async function runNetwork(
  hosts: string[], { runs, quick, only }: { runs: number; quick: boolean; only: string },
): Promise<NetSummary[] | undefined> {
  const picked = netWorkloads(quick).filter((w) => w.id.includes(only));
  if (picked.length === 0) return undefined;
  const impls: NetImpl[] = ['node net', ...hosts.map((h): NetImpl => `adapter:${h}`)];
  const summaries: NetSummary[] = [];
  for (const w of picked) {
    const values = impls.map((): number[] => []);
    const errors: (string | undefined)[] = impls.map(() => undefined);
    for (let run = 1; run <= runs; run++) {
      for (const [k, impl] of impls.entries()) {
        try {
          values[k]!.push(await runOnce(w, impl));
          console.error(`${w.id} ${impl} #${run}: ${values[k]!.at(-1)!.toFixed(1)} ${w.unit}`);
        } catch (e) {
          errors[k] ??= errorMessage(e);
          console.error(`${w.id} ${impl} #${run}: FAILED ${errorMessage(e)}`);
        }
      }
    }
    const limit = values[0]!.length > 0 ? median(values[0]!) : undefined;
    for (const [k, impl] of impls.entries()) summaries.push(summarize(w, impl, runs, values[k]!, errors[k], limit));
  }
  return summaries;
}

function summarize(w: NetWorkload, impl: NetImpl, runs: number, values: number[], error: string | undefined, limit: number | undefined): NetSummary {
  const s: NetSummary = { workload: w.id, impl, runs, failed: runs - values.length, ...(error !== undefined && { error }) };
  if (values.length === 0) return s;
  s.median = median(values);
  s.min = Math.min(...values);
  s.max = Math.max(...values);
  if (impl !== 'node net' && limit) s.ratio = s.median / limit;
  return s;
}

/** The shape of bench/results/latest.json, shared by the harness, the report and the test. */
import type { ChildResult, ImplId } from './common.js';
import type { NetSummary } from './network.js';
import type { Group, Metric } from './workloads.js';

export interface GuestFigures {
  iters: number;
  ns: number;
  callsPerIter: number;
}

export interface RunRecord {
  workload: string;
  impl: ImplId;
  /** 0 for the discarded warm-up run, 1.. for measured runs */
  run: number;
  ok: boolean;
  error?: string;
  /** spawn to exit of the child process */
  wallMs: number;
  /** the figure the workload is judged by (see Metric); absent when the run failed */
  value?: number;
  child?: ChildResult;
  guest?: GuestFigures;
  /** sha256 of the guest's stdout and output files, for workloads whose output is compared */
  outputHash?: string;
}

export interface Summary {
  workload: string;
  impl: ImplId;
  /** measured runs, failed ones included */
  runs: number;
  failed: number;
  median?: number;
  min?: number;
  max?: number;
  /** (max - min) / median */
  spread?: number;
  /** median / node:wasi's median */
  ratio?: number;
  /** the first failure's reason */
  error?: string;
}

export interface BindingTrial {
  mode: string;
  ok: boolean;
  error?: string;
  /** median figure per trial workload */
  figures: Record<string, number>;
  /** geometric mean of the figures relative to the best mode's */
  score?: number;
}

export interface BenchResults {
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    v8: string;
    /** `deno --version`'s and `bun --version`'s first line, for the runtimes that ran children. */
    runtimes?: Record<string, string>;
    platform: string;
    date: string;
    note: string;
  };
  settings: {
    quick: boolean;
    runs: number;
    warmup: boolean;
    budgetMs: number;
    warmupMs: number;
    maxIters: number;
    jco: string;
    bindings: string;
    /** whether adapter:node ran with the node host's native part (absent in older results) */
    nodeHostNative?: boolean;
    implementations: ImplId[];
  };
  workloads: Array<{ id: string; group: Group; title: string; metric: Metric; implementations: ImplId[] }>;
  bindingTrials: BindingTrial[];
  summaries: Summary[];
  runs: RunRecord[];
  /** Echo throughput and accept rate over loopback; absent when not run. */
  network?: NetSummary[];
}

/** What the browser bench's Node side asks the page for, and what comes back. */
export type BrowserImpl = 'adapter:memory' | 'browser_wasi_shim' | '@tybys/wasm-util';

export interface BrowserBenchRun {
  impl: BrowserImpl;
  /** URL of micro.wasm, relative to the page. */
  wasm: string;
  mode: string;
  budgetMs: number;
  maxIters: number;
  warmupMs: number;
}

export interface BrowserBenchResult {
  exit: number;
  /** The guest's `RESULT mode=... iters=N ns=T ...` line, when it printed one. */
  result: string | undefined;
  /** The tail of stderr, to say why a run failed. */
  stderr: string;
}

/**
 * What the Node side of the browser conformance runner sends into the page
 * (conformance/browser-page.ts) and what comes back. Trees travel flat: a
 * path relative to the preopen, and what is there; file bytes as a latin1
 * string, so that any byte survives JSON.
 */
export type FlatNode =
  | { kind: 'file'; bytes: string }
  | { kind: 'dir' }
  | { kind: 'symlink'; target: string };

export type FlatTree = [string, FlatNode][];

/** The hosts a browser column runs on, and how blocking calls wait there. */
export type BrowserHostName = 'memory' | 'preview2-shim';
export type BrowserRoute = 'jspi' | 'worker';

export interface BrowserRun {
  /** URL of the module, relative to the page. */
  wasm: string;
  /** argv, argv[0] included. */
  args: string[];
  env: Record<string, string>;
  stdin?: string;
  preopens: Record<string, FlatTree>;
  host: BrowserHostName;
  route: BrowserRoute;
}

export interface BrowserOutcome {
  /** The module's exit code; 134 for a trap, 70 for an error of the implementation (as conformance/child.ts). */
  exit: number;
  stdout: string;
  stderr: string;
  /** Each preopen's content after the run. */
  trees: Record<string, FlatTree>;
}

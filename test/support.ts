/** What several test files need alike. Not a test itself (tap runs *.test.js only). */
import { runtime } from '../src/runtime.js';

/** The host's resources release their handles through Symbol.dispose; the d.ts types omit it. */
export function drop(...resources: unknown[]): void {
  for (const r of resources) (r as Disposable)[Symbol.dispose]();
}

/**
 * Whether this engine has JSPI, as Deno's and Bun's do and Node 20's does not:
 * there getImportObject() gives JSPI imports for a host that may answer a
 * wait with a promise, and only startAsync() runs them.
 */
export const engineHasJspi = 'Suspending' in WebAssembly && 'promising' in WebAssembly;

/** What `fn` throws, or 'no error'. */
export function code(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return 'no error';
}

/** A clean environment for child processes: tap's NODE_OPTIONS would load its process tracker into every child. */
export const childEnv = Object.fromEntries(Object.entries(process.env)
  .filter(([k]) => k !== 'NODE_OPTIONS' && !k.startsWith('_TAPJS_') && !k.startsWith('TAP')));

/**
 * Arguments for process.execPath that run `source` as an ES module. Deno
 * translates a spawn of itself with Node's flags, but not --input-type: its
 * own `eval` takes a module.
 */
export function moduleEvalArgs(source: string): string[] {
  return runtime === 'deno' ? ['eval', source] : ['--input-type=module', '-e', source];
}

/**
 * replace-node-wasi's resolve hook, which runs in Node's module loader
 * thread: `import ... from 'node:wasi'` resolves to this package's entry.
 */

/** The names node:wasi is loaded by. */
export const REPLACED: ReadonlySet<string> = new Set(['node:wasi', 'wasi']);

let entry = '';

/** `data` is the URL of the package entry that stands in for node:wasi. */
export function initialize(data: string): void {
  entry = data;
}

type Next = (specifier: string, context: unknown) => unknown;

export function resolve(specifier: string, context: unknown, next: Next): unknown {
  return REPLACED.has(specifier) ? { url: entry, format: 'module', shortCircuit: true } : next(specifier, context);
}

/**
 * `node --import wasi-preview1-adapter/replace-node-wasi app.js`: every
 * `node:wasi` that the program loads, by import or by require, is this
 * package instead, and so is every one its worker threads load (they
 * inherit the flag). For loaders that construct node:wasi's WASI
 * themselves, such as those of napi-rs's WebAssembly packages.
 */
import Module, { register } from 'node:module';
import { REPLACED } from './replace-node-wasi-hooks.js';

/** The package entry, the module that `import 'wasi-preview1-adapter'` also gives. */
const entry = new URL('./index.bundle.js', import.meta.url);
const adapter: unknown = await import(entry.href);

type Load = (this: unknown, request: string, ...rest: unknown[]) => unknown;
const cjs = Module as unknown as { _load: Load };
const load = cjs._load;
// require() has no public hook before Node 22.15's registerHooks: _load is what it calls for every request.
cjs._load = function (request, ...rest) {
  return REPLACED.has(request) ? adapter : load.call(this, request, ...rest);
};
register(new URL('./replace-node-wasi-hooks.js', import.meta.url), { data: entry.href });

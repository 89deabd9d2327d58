/**
 * A column of the conformance table is an implementation on a runtime. Node
 * is the runtime the table always had, so its columns keep their plain names
 * (`adapter/node`, `node:wasi`); on another runtime the column is prefixed
 * with it (`deno/adapter/node`, `bun/node:wasi`).
 */
import { isRuntimeName, type RuntimeName } from '../tools/runtimes.js';

export interface Column {
  runtime: RuntimeName;
  /** `node:wasi` or `adapter/HOST`. */
  impl: string;
}

export function columnName(runtime: RuntimeName, impl: string): string {
  return runtime === 'node' ? impl : `${runtime}/${impl}`;
}

export function parseColumn(name: string): Column {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  return isRuntimeName(first) ? { runtime: first, impl: name.slice(slash + 1) } : { runtime: 'node', impl: name };
}

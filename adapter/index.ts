import { functionNames, signatures, type FunctionName, type Signature } from './abi.js';
import { signatureOf, wasmedgeFunctionNames, type WasmEdgeFunctionName } from './wasmedge-abi.js';
import { ProcExit, type Context } from './context.js';
import { errnoOf } from './errno.js';
import { describeHostError, errnoName, formatArgs, formatResults } from './trace.js';
import * as args from './args.js';
import * as clock from './clock.js';
import * as fd from './fd.js';
import * as path from './path.js';
import * as poll from './poll.js';
import * as proc from './proc.js';
import * as random from './random.js';
import * as sock from './sock.js';
import * as wasmedge from './wasmedge.js';

export { Context, ProcExit } from './context.js';
export * as abi from './abi.js';

type Implementation = (ctx: Context, ...args: never[]) => number;

/** Every preview1 function and WasmEdge's socket extension, by name, from the family modules. */
const implementations: Record<ImportName, Implementation> = {
  ...args, ...clock, ...fd, ...path, ...poll, ...proc, ...random, ...sock, ...wasmedge,
};

/** What the namespace holds: preview1, and WasmEdge's socket functions (denied unless the embedder grants network access). */
export type ImportName = FunctionName | WasmEdgeFunctionName;
const importNames: readonly ImportName[] = [...functionNames, ...wasmedgeFunctionNames];

export type Preview1Imports = Record<ImportName, (...args: never[]) => number>;

/** Where trace lines go. */
export type TraceSink = (line: string) => void;

function failed(ctx: Context, err: unknown): number {
  if (err instanceof ProcExit) throw err;
  ctx.lastError = err;
  return errnoOf(err, ctx.host);
}

/** The fast path: one closure per function per instance, none per call. */
function bind(ctx: Context, impl: Implementation): (...args: never[]) => number {
  const fn = impl as (ctx: Context, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown,
    f?: unknown, g?: unknown, h?: unknown, i?: unknown) => number;
  const mem = ctx.memory;
  return ((a, b, c, d, e, f, g, h, i) => {
    mem.refresh();
    try {
      return fn(ctx, a, b, c, d, e, f, g, h, i);
    } catch (err) {
      return failed(ctx, err);
    }
  }) as (a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown, g?: unknown,
    h?: unknown, i?: unknown) => number as (...args: never[]) => number;
}

/** Traces each call with the signature of the shape it came in (WasmEdge's V1 and V2 share names). */
function bindTraced(ctx: Context, name: ImportName, impl: Implementation, sink: TraceSink): (...args: never[]) => number {
  const standard = (signatures as Partial<Record<ImportName, Signature>>)[name];
  const fn = impl as (ctx: Context, ...args: unknown[]) => number;
  return ((...params: unknown[]) => {
    const sig = signatureOf(name, params.length, standard)!;
    ctx.memory.refresh();
    const shown = formatArgs(ctx.memory, sig, params);
    ctx.lastError = undefined;
    let result: number;
    try {
      result = fn(ctx, ...params);
    } catch (err) {
      if (err instanceof ProcExit) {
        sink(`${name}(${shown}) = exit ${err.code}`);
        throw err;
      }
      result = failed(ctx, err);
    }
    const outs = result === 0 ? formatResults(ctx.memory, sig, params) : '';
    sink(`${name}(${shown}) = ${errnoName(result)}${outs}${result === 0 ? '' : describeHostError(ctx.lastError)}`);
    return result;
  }) as (...args: never[]) => number;
}

/** The `wasi_snapshot_preview1` import namespace for one context. */
export function createImports(ctx: Context, trace?: TraceSink): Preview1Imports {
  const imports = {} as Preview1Imports;
  for (const name of importNames) {
    imports[name] = trace ? bindTraced(ctx, name, implementations[name], trace) : bind(ctx, implementations[name]);
  }
  return imports;
}

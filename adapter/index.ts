import { Errno, functionNames, signatures, type FunctionName, type Signature } from './abi.js';
import { signatureOf, wasmedgeFunctionNames, type WasmEdgeFunctionName } from './wasmedge-abi.js';
import { ProcExit, type Context } from './context.js';
import { errnoOf } from './errno.js';
import {
  describeHostError, errnoName, formatArgs, formatRaw, formatResults, preview1Names, wasixNames as wasixTraceNames,
  type Names, type TracedSignature,
} from './trace.js';
import { wasixImplementations, wasixNames, wasixSignatureOf, type WasixName } from './wasix.js';
import { WasixErrno } from './wasix-abi.js';
import * as args from './args.js';
import * as clock from './clock.js';
import * as fd from './fd.js';
import * as path from './path.js';
import * as poll from './poll.js';
import * as proc from './proc.js';
import * as random from './random.js';
import * as sock from './sock.js';
import * as wasmedge from './wasmedge.js';
import { AsyncHostError, settled, Suspension, type WaitKind } from './wait.js';

export { Context, ProcExit } from './context.js';
export { AsyncHostError } from './wait.js';
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

export type { WasixName } from './wasix.js';
export type WasixImports = Record<WasixName, (...args: never[]) => number>;

/** Where trace lines go. */
export type TraceSink = (line: string) => void;

/** Thrown on to the caller, not turned into an errno: the module ends, waits, or was run wrongly. */
function passesThrough(err: unknown): boolean {
  return err instanceof ProcExit || err instanceof Suspension || err instanceof AsyncHostError;
}

/** The errno of a call that threw; `fault` is what a pointer outside memory is called in the caller's namespace. */
function failed(ctx: Context, err: unknown, fault: number = Errno.FAULT): number {
  if (passesThrough(err)) throw err;
  ctx.lastError = err;
  const errno = errnoOf(err, ctx.host);
  return errno === Errno.FAULT ? fault : errno;
}

/** The fast path: one closure per function per instance, none per call. */
function bind(ctx: Context, impl: Implementation, fault: number = Errno.FAULT): (...args: never[]) => number {
  const fn = impl as (ctx: Context, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown,
    f?: unknown, g?: unknown, h?: unknown, i?: unknown) => number;
  const mem = ctx.memory;
  return ((a, b, c, d, e, f, g, h, i) => {
    mem.refresh();
    try {
      return fn(ctx, a, b, c, d, e, f, g, h, i);
    } catch (err) {
      return failed(ctx, err, fault);
    }
  }) as (a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown, g?: unknown,
    h?: unknown, i?: unknown) => number as (...args: never[]) => number;
}

/** How one namespace's calls are traced: the prefix of their lines, the signature of a call, the names of its numbers. */
interface Tracing {
  prefix: string;
  signature(name: string, argc: number): TracedSignature | undefined;
  names: Names;
  /** What a pointer outside memory is called. */
  fault: number;
}

/** preview1's lines are unprefixed, as strace's; WasmEdge's V1 and V2 share names and are told apart by argument count. */
const preview1Tracing: Tracing = {
  prefix: '',
  signature: (name, argc) => signatureOf(name, argc, (signatures as Partial<Record<string, Signature>>)[name]),
  names: preview1Names,
  fault: Errno.FAULT,
};

/** Wasmer calls a pointer outside memory MEMVIOLATION in every WASIX call, preview1's included. */
const wasixTracing: Tracing = {
  prefix: 'wasix_32v1.', signature: wasixSignatureOf, names: wasixTraceNames, fault: WasixErrno.MEMVIOLATION,
};

/** Traces each call with the signature of the shape it came in. */
function bindTraced(
  ctx: Context, name: string, impl: Implementation, sink: TraceSink, tracing = preview1Tracing,
): (...args: never[]) => number {
  const fn = impl as (ctx: Context, ...args: unknown[]) => number;
  const shownName = `${tracing.prefix}${name}`;
  return ((...params: unknown[]) => {
    const sig = tracing.signature(name, params.length);
    ctx.memory.refresh();
    const shown = sig === undefined ? formatRaw(params) : formatArgs(ctx.memory, sig, params, tracing.names);
    ctx.lastError = undefined;
    let result: number;
    try {
      result = fn(ctx, ...params);
    } catch (err) {
      if (err instanceof ProcExit) sink(`${shownName}(${shown}) = exit ${err.code}`);
      else if (err instanceof Suspension) sink(`${shownName}(${shown}) waits for the host (${err.kind})`);
      result = failed(ctx, err, tracing.fault);
    }
    const outs = result === 0 && sig !== undefined ? formatResults(ctx.memory, sig, params) : '';
    const described = result === 0 ? '' : describeHostError(ctx.lastError);
    sink(`${shownName}(${shown}) = ${errnoName(result, tracing.names)}${outs}${described}`);
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

/** The `wasix_32v1` import namespace for one context: the same host and table as its preview1 namespace. */
export function createWasixImports(ctx: Context, trace?: TraceSink): WasixImports {
  const imports = {} as WasixImports;
  for (const name of wasixNames) {
    const impl = wasixImplementations[name];
    imports[name] = trace ? bindTraced(ctx, name, impl, trace, wasixTracing) : bind(ctx, impl, WasixErrno.MEMVIOLATION);
  }
  return imports;
}

type Call = (...args: unknown[]) => unknown;

interface SuspendingConstructor {
  new (fn: (...args: never[]) => unknown): object;
}

/** JSPI's import wrapper, where the engine has it. */
export function suspendingConstructor(): SuspendingConstructor | undefined {
  return (WebAssembly as unknown as { Suspending?: SuspendingConstructor }).Suspending;
}

/**
 * Runs a call that suspended again each time its wait settles, until it
 * returns (adapter/wait.ts says why a re-run is safe).
 */
async function resume(ctx: Context, call: Call, s: Suspension, args: unknown[]): Promise<unknown> {
  for (;;) {
    ctx.resumed = await settled(s);
    ctx.resuming = true;
    ctx.suspendable = true;
    try {
      return call(...args);
    } catch (err) {
      if (!(err instanceof Suspension)) throw err;
      s = err;
    } finally {
      ctx.suspendable = false;
      ctx.resuming = false;
      ctx.resumed = undefined;
    }
  }
}

/** One import as JSPI wants it; the arguments pass through as they came (WasmEdge's shapes differ by count). */
function resumable(ctx: Context, call: Call): Call {
  return function (this: unknown) {
    ctx.suspendable = true;
    try {
      return call.apply(undefined, arguments as unknown as unknown[]);
    } catch (err) {
      if (err instanceof Suspension) return resume(ctx, call, err, Array.from(arguments));
      throw err;
    } finally {
      ctx.suspendable = false;
    }
  };
}

const ALL_WAITS: readonly WaitKind[] = ['block', 'poll', 'read', 'write', 'flush', 'socket'];

/**
 * The calls that can wait on the host (everything that reaches adapter/wait.ts),
 * with the kinds of wait each can reach: stream and socket reads and writes,
 * poll_oneoff, accept, connect, bind and listen (0.2's start/finish pairs),
 * name lookups, shutdown's flush. Only calls that can reach a wait the host
 * may answer with a promise become JSPI imports: a JSPI import costs about
 * 100 ns a call in Chromium even when it returns at once. A call that is not a
 * JSPI import and meets a promise anyway gets an AsyncHostError, never a
 * wrong answer. test/wait.test.ts holds this list to the code.
 */
export const waitsOf: Readonly<Partial<Record<ImportName, readonly WaitKind[]>>> = {
  fd_read: ['read', 'socket'], fd_write: ['write', 'socket'], poll_oneoff: ['poll', 'block'],
  sock_accept: ['socket'], sock_recv: ['read', 'socket'], sock_send: ['write', 'socket'], sock_shutdown: ['flush'],
  sock_bind: ['socket'], sock_connect: ['socket'], sock_listen: ['socket'], sock_recv_from: ['read', 'socket'],
  sock_send_to: ['write', 'socket'], sock_getaddrinfo: ['socket'],
};

export const waitingCalls: ReadonlySet<ImportName> = new Set(Object.keys(waitsOf) as ImportName[]);

/** The same for `wasix_32v1`: preview1's calls there, WASIX's socket calls, resolve's lookup, thread_sleep's timer. */
export const wasixWaitsOf: Readonly<Partial<Record<WasixName, readonly WaitKind[]>>> = {
  fd_read: waitsOf.fd_read, fd_write: waitsOf.fd_write, poll_oneoff: waitsOf.poll_oneoff,
  sock_accept: ['socket'], sock_accept_v2: ['socket'], sock_recv: ['read', 'socket'], sock_send: ['write', 'socket'],
  sock_shutdown: ['flush'], sock_bind: ['socket'], sock_connect: ['socket'], sock_listen: ['socket'],
  sock_recv_from: ['read', 'socket'], sock_send_to: ['write', 'socket'], resolve: ['socket'], thread_sleep: ['block'],
};

export const wasixWaitingCalls: ReadonlySet<WasixName> = new Set(Object.keys(wasixWaitsOf) as WasixName[]);

/**
 * The import object for JSPI: the calls that can reach a wait of the given
 * kinds (the ones the host may answer with a promise; all by default) become
 * `WebAssembly.Suspending` imports, so that such a wait returns its promise to
 * the engine, which suspends the module until it settles (under startAsync;
 * start() refuses such imports). The other calls are the plain functions.
 */
export function suspendingImports(ctx: Context, imports: Preview1Imports, kinds?: readonly WaitKind[]): Record<ImportName, object>;
export function suspendingImports(ctx: Context, imports: WasixImports, kinds: readonly WaitKind[] | undefined, namespace: 'wasix_32v1'): Record<WasixName, object>;
export function suspendingImports(
  ctx: Context, imports: Record<string, unknown>, kinds: readonly WaitKind[] = ALL_WAITS, namespace?: 'wasix_32v1',
): Record<string, object> {
  const Suspending = suspendingConstructor();
  if (Suspending === undefined) throw new TypeError('this engine has no JSPI (WebAssembly.Suspending)');
  const [names, waitsBy] = namespace === undefined
    ? [importNames as readonly string[], waitsOf as Partial<Record<string, readonly WaitKind[]>>]
    : [wasixNames as readonly string[], wasixWaitsOf as Partial<Record<string, readonly WaitKind[]>>];
  const out: Record<string, object> = {};
  for (const name of names) {
    const plain = imports[name] as unknown as Call;
    const waits = waitsBy[name]?.some((k) => kinds.includes(k)) ?? false;
    out[name] = waits ? new Suspending(resumable(ctx, plain) as (...args: never[]) => unknown) : plain;
  }
  return out;
}

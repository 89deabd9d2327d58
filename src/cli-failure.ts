/**
 * How p1run reports a module that ended by a trap or by an exception: one
 * line saying which, then the wasm backtrace, innermost first, with function
 * names from the module's name section where it has one. Never the
 * runtime's own stack or banner: the JS frames are the adapter's, not the
 * user's. The report reads the same under Node, Deno and Bun, as far as each
 * engine tells: JavaScriptCore (Bun) gives no byte offsets, so its frames
 * show `?` for them.
 */

/** A trap: what wasmtime exits with on Unix (an abort's 128 + SIGABRT), above any small exit code a module picks. */
export const TRAP_EXIT = 134;
/** An exception that is not a trap (a host or embedder fault): BSD's EX_SOFTWARE, as the conformance child uses. */
export const EXCEPTION_EXIT = 70;

/** Frames p1run reports; V8's default of 10 would cut most real backtraces short. */
export const BACKTRACE_LIMIT = 64;

/** A V8 wasm frame, as its CallSite prints it (and as `at ...` lines of its stack text). */
const V8_FRAME = /^(?:(.+?) \()?wasm:\/\/wasm\/[^:]*:wasm-function\[(\d+)\]:(0x[0-9a-f]+)\)?$/;
/** A JavaScriptCore wasm CallSite's function name: the function's name, or its index. */
const JSC_FRAME = /^\.?wasm-function\[(.+)\]$/;

/** JavaScriptCore's trap messages in V8's words, the ones p1run prints on every runtime. */
const JSC_TRAPS = new Map([
  ['Unreachable code should not be executed', 'unreachable'],
  ['Out of bounds memory access', 'memory access out of bounds'],
  ['Division by zero', 'divide by zero'],
  ['Integer overflow', 'divide result unrepresentable'],
  ['Out of bounds Trunc operation', 'float unrepresentable in integer range'],
  ['Out of bounds call_indirect', 'table index is out of bounds'],
  ['Out of bounds table access', 'table index is out of bounds'],
  ['call_indirect to a null table entry', 'null function or function signature mismatch'],
  ['call_indirect to a signature that does not match', 'null function or function signature mismatch'],
]);

interface WasmFrame {
  name: string;
  /** The byte offset in the module, where the engine gives it. */
  offset: string | undefined;
}

function isTrap(err: unknown): boolean {
  // Engines report a wasm stack overflow as a RangeError; wasmtime calls it a trap too.
  return err instanceof WebAssembly.RuntimeError || (err instanceof RangeError && /call stack/i.test(err.message));
}

/** V8's frame text, `at ` stripped, or undefined for a frame that is not wasm. */
function v8Frame(text: string): WasmFrame | undefined {
  const m = V8_FRAME.exec(text);
  return m === null ? undefined : { name: m[1] ?? `<wasm function ${m[2]}>`, offset: m[3] };
}

function siteFrame(site: NodeJS.CallSite): WasmFrame | undefined {
  const v8 = v8Frame(String(site));
  if (v8 !== undefined) return v8;
  const jsc = JSC_FRAME.exec(site.getFunctionName() ?? '');
  if (jsc === null) return undefined;
  return { name: /^\d+$/.test(jsc[1]!) ? `<wasm function ${jsc[1]}>` : jsc[1]!, offset: undefined };
}

/**
 * The error's CallSites, read while its stack text is not yet made (engines
 * make it when it is first read). Stack text will not do on its own: Deno's
 * numbers every wasm function 0 and names the nameless `<anonymous>`, and
 * Bun's shows no wasm frame at all; their CallSites are right.
 */
function callSites(err: Error): NodeJS.CallSite[] | undefined {
  const saved = Error.prepareStackTrace;
  let sites: NodeJS.CallSite[] | undefined;
  Error.prepareStackTrace = (e, s) => {
    sites = s;
    return saved?.(e, s) ?? [String(e), ...s.map((site) => `    at ${String(site)}`)].join('\n');
  };
  try {
    void err.stack;
  } finally {
    Error.prepareStackTrace = saved;
  }
  return sites;
}

/** The wasm frames of the error, innermost first: from its CallSites, or else from its stack text. */
function wasmFrames(err: Error): WasmFrame[] {
  const sites = callSites(err);
  const frames = sites !== undefined
    ? sites.map(siteFrame)
    : (err.stack ?? '').split('\n').map((line) => v8Frame(line.replace(/^\s*at /, '')));
  return frames.filter((f) => f !== undefined);
}

/** `N: OFFSET - NAME` for each wasm frame of the error, as wasmtime lays them out. */
export function wasmBacktrace(err: Error): string[] {
  return wasmFrames(err).map((f, i) => `  ${String(i).padStart(3)}: ${(f.offset ?? '?').padStart(8)} - ${f.name}`);
}

/** startThreaded's note of which thread trapped, kept through the rewording. */
const THREAD_NOTE = / \(in thread \d+\)$/;

/** The trap's message as V8 words it: JavaScriptCore's own words, less the JS expression it names. */
function trapMessage(err: Error): string {
  if (err instanceof RangeError) return 'call stack exhausted';
  const thread = THREAD_NOTE.exec(err.message)?.[0] ?? '';
  const message = err.message.slice(0, err.message.length - thread.length).replace(/ \(evaluating '.*'\)$/s, '');
  return (JSC_TRAPS.get(message) ?? message) + thread;
}

/** The lines p1run prints for a module that ended by `err`, and the exit code. */
export function describeFailure(err: unknown): { lines: string[]; code: number } {
  const trap = isTrap(err);
  const e = err instanceof Error ? err : undefined;
  const head = trap ? `p1run: wasm trap: ${trapMessage(e!)}` : `p1run: exception: ${e?.name ?? typeof err}: ${e?.message ?? String(err)}`;
  const frames = e === undefined ? [] : wasmBacktrace(e);
  return { lines: frames.length > 0 ? [head, 'wasm backtrace:', ...frames] : [head], code: trap ? TRAP_EXIT : EXCEPTION_EXIT };
}

/**
 * How p1run reports a module that ended by a trap or by an exception: one
 * line saying which, then the wasm backtrace, innermost first, with function
 * names from the module's name section where it has one (V8 puts them in
 * the stack). Never Node's own stack or banner: the JS frames are the
 * adapter's, not the user's.
 */

/** A trap: what wasmtime exits with on Unix (an abort's 128 + SIGABRT), above any small exit code a module picks. */
export const TRAP_EXIT = 134;
/** An exception that is not a trap (a host or embedder fault): BSD's EX_SOFTWARE, as the conformance child uses. */
export const EXCEPTION_EXIT = 70;

/** Frames p1run reports; V8's default of 10 would cut most real backtraces short. */
export const BACKTRACE_LIMIT = 64;

const WASM_FRAME = /^\s*at (?:(.+?) \()?wasm:\/\/wasm\/[^:]*:wasm-function\[(\d+)\]:(0x[0-9a-f]+)\)?$/;

function isTrap(err: unknown): boolean {
  // V8 reports a wasm stack overflow as a RangeError; wasmtime calls it a trap too.
  return err instanceof WebAssembly.RuntimeError || (err instanceof RangeError && /call stack/i.test(err.message));
}

/** `N: OFFSET - NAME` for each wasm frame in V8's stack, as wasmtime lays them out. */
export function wasmBacktrace(stack: string): string[] {
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const m = WASM_FRAME.exec(line);
    if (m === null) continue;
    frames.push(`  ${String(frames.length).padStart(3)}: ${m[3]!.padStart(8)} - ${m[1] ?? `<wasm function ${m[2]}>`}`);
  }
  return frames;
}

/** The lines p1run prints for a module that ended by `err`, and the exit code. */
export function describeFailure(err: unknown): { lines: string[]; code: number } {
  const trap = isTrap(err);
  const e = err instanceof Error ? err : undefined;
  const message = trap && err instanceof RangeError ? 'call stack exhausted' : e?.message ?? String(err);
  const head = trap ? `p1run: wasm trap: ${message}` : `p1run: exception: ${e?.name ?? typeof err}: ${message}`;
  const frames = wasmBacktrace(e?.stack ?? '');
  return { lines: frames.length > 0 ? [head, 'wasm backtrace:', ...frames] : [head], code: trap ? TRAP_EXIT : EXCEPTION_EXIT };
}

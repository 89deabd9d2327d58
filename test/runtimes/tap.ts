/**
 * The part of tap's API the test files use, for runtimes tap itself cannot
 * run on (under Deno its stack capture throws, under Bun it needs node:v8's
 * Serializer). Comparisons are tap's own (tcompare: `same`, `match`, `strict`),
 * and the semantics of subtests, teardowns, skips and `throws` follow tap's;
 * test/runtimes/main.ts runs a test file with this module standing in for
 * `tap`. Output is TAP-like: one line per subtest, the failing assertions
 * with their diff.
 */
import { match, same, strict } from 'tcompare';

type TestFn = (t: Test) => unknown;
interface TestOptions {
  skip?: boolean | string;
}
type Extra = Record<string, unknown>;
type Constructor = abstract new (...args: never[]) => unknown;

/** tap's default per-test timeout, in milliseconds; a subtest inherits its parent's. */
const DEFAULT_TIMEOUT_MS = 120_000;

class TestTimeout extends Error {}

function isRegExp(x: unknown): x is RegExp {
  return Object.prototype.toString.call(x) === '[object RegExp]';
}

function isObject(x: unknown): x is object {
  return typeof x === 'object' && x !== null;
}

/** The error's stack, or its name and message where it has none (Bun's DOMExceptions); anything else as text. */
function describe(e: unknown): string {
  if (!isObject(e) || !('message' in e)) return String(e);
  const { name, message, stack } = e as Error;
  return typeof stack === 'string' && stack.includes(message) ? stack : `${name}: ${message}${stack ? `\n${stack}` : ''}`;
}

function indent(text: string, depth: number): string {
  const pad = '    '.repeat(depth);
  return text.split('\n').map((line) => pad + line).join('\n');
}

export class Test {
  readonly name: string;
  readonly #depth: number;
  readonly #parent: Test | undefined;
  #timeoutMs: number;
  #assertions = 0;
  #failures = 0;
  #subtests = 0;
  #queue: Promise<void> = Promise.resolve();
  readonly #teardowns: (() => unknown)[] = [];
  readonly #afterEach: ((t: Test) => unknown)[] = [];
  /** Restarts the running test's timer, so that setTimeout counts from now, as tap's does. */
  #rearm: (() => void) | undefined;

  constructor(name: string, parent: Test | undefined, timeoutMs: number) {
    this.name = name;
    this.#parent = parent;
    this.#depth = parent === undefined ? 0 : parent.#depth + 1;
    this.#timeoutMs = timeoutMs;
  }

  get failed(): boolean {
    return this.#failures > 0;
  }

  /** Subtests run one after another, in the order they were declared, as in tap. */
  test(name: string, optionsOrFn: TestOptions | TestFn, maybeFn?: TestFn): Promise<void> {
    const [options, fn] = typeof optionsOrFn === 'function' ? [{}, optionsOrFn] : [optionsOrFn, maybeFn!];
    const child = new Test(name, this, this.#timeoutMs);
    const run = this.#queue.then(() => child.#run(fn, options)).then(() => this.#record(child, options));
    this.#queue = run;
    return run;
  }

  teardown(fn: () => unknown): void {
    this.#teardowns.push(fn);
  }

  /** tap's: runs before the subtests declared after it, which wait for it; a throw fails this test. */
  before(fn: () => unknown): void {
    this.#queue = this.#queue.then(() => fn()).then(
      () => undefined,
      (e: unknown) => { this.#assert(false, 'a before hook threw', { error: describe(e) }); },
    );
  }

  /** tap's: runs after each subtest, and each of theirs, is done, with that test; the nearest test's hooks first. */
  afterEach(fn: (t: Test) => unknown): void {
    this.#afterEach.push(fn);
  }

  setTimeout(ms: number): void {
    this.#timeoutMs = ms;
    this.#rearm?.();
  }

  comment(...args: unknown[]): void {
    this.#print(`# ${args.map(String).join(' ')}`);
  }

  pass(message = 'passed'): boolean {
    return this.#assert(true, message);
  }

  fail(message = 'failed', extra?: Extra): boolean {
    return this.#assert(false, message, extra);
  }

  ok(value: unknown, message = 'expect truthy value'): boolean {
    return this.#assert(Boolean(value), message, { found: value });
  }

  notOk(value: unknown, message = 'expect falsey value'): boolean {
    return this.#assert(!value, message, { found: value });
  }

  equal(found: unknown, wanted: unknown, message = 'should be equal'): boolean {
    if (found === wanted) return this.#assert(true, message);
    const extra = isObject(found) && isObject(wanted) ? { diff: strict(found, wanted).diff } : { found, wanted, compare: '===' };
    return this.#assert(false, message, extra);
  }

  not(found: unknown, doNotWant: unknown, message = 'should not be equal'): boolean {
    return this.#assert(found !== doNotWant, message, { found, doNotWant, compare: '!==' });
  }

  same(found: unknown, wanted: unknown, message = 'should be equivalent'): boolean {
    const result = same(found, wanted);
    return this.#assert(result.match, message, { diff: result.diff });
  }

  match(found: unknown, pattern: unknown, message = 'should match pattern'): boolean {
    const result = match(found, pattern);
    return this.#assert(result.match, message, { diff: result.diff });
  }

  notMatch(found: unknown, pattern: unknown, message = 'should not match pattern'): boolean {
    return this.#assert(!match(found, pattern).match, message, { found, pattern });
  }

  type(value: unknown, klass: string | Constructor | BigIntConstructor | SymbolConstructor, message?: string): boolean {
    const name = typeof klass === 'function' ? klass.name : klass;
    const text = message ?? `type is ${name}`;
    if (typeof klass === 'string') {
      const actual = value === null ? 'null' : typeof value;
      const ok = actual === klass || (klass === 'array' && Array.isArray(value)) || constructorNames(value).includes(klass);
      return this.#assert(ok, text, { found: actual, wanted: klass });
    }
    const primitive = (typeof value === 'number' && klass === Number) || (typeof value === 'string' && klass === String)
      || (typeof value === 'bigint' && klass === BigInt) || (typeof value === 'symbol' && klass === Symbol);
    return this.#assert(primitive || value instanceof (klass as Constructor), text, { found: constructorNames(value)[0], wanted: name });
  }

  /** tap's: a string second argument is the message; otherwise the error must match `wanted` (a RegExp tests its message). */
  throws(fn: () => unknown, wanted?: unknown, message?: string): unknown {
    if (typeof wanted === 'string') [wanted, message] = [undefined, wanted];
    const text = message ?? (fn.name || 'expected to throw');
    try {
      fn();
    } catch (err) {
      if (wanted === undefined) return this.#assert(true, text) && err;
      const found = isRegExp(wanted) ? (err as Error)?.message : err;
      return this.match(found, wanted, text) && err;
    }
    return this.#assert(false, text);
  }

  /** tap's: the promise (or the one the function returns) must reject, with an error matching `wanted` when given. */
  async rejects(promise: Promise<unknown> | (() => Promise<unknown>), wanted?: unknown, message?: string): Promise<boolean> {
    if (typeof wanted === 'string') [wanted, message] = [undefined, wanted];
    const text = message ?? 'expect rejected Promise';
    try {
      await (typeof promise === 'function' ? promise() : promise);
    } catch (err) {
      if (wanted === undefined) return this.#assert(true, text);
      const found = isRegExp(wanted) ? (err as Error)?.message : err;
      return this.match(found, wanted, text);
    }
    return this.#assert(false, text);
  }

  doesNotThrow(fn: () => unknown, message?: string): boolean {
    const text = message ?? (fn.name || 'expect to not throw');
    try {
      fn();
      return this.#assert(true, text);
    } catch (err) {
      return this.#assert(false, text, { error: describe(err) });
    }
  }

  async #run(fn: TestFn, options: TestOptions): Promise<void> {
    if (options.skip) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      this.#rearm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => reject(new TestTimeout(`timeout after ${this.#timeoutMs} ms`)), this.#timeoutMs);
      };
    });
    this.#rearm!();
    try {
      await Promise.race([this.#body(fn), timeout]);
    } catch (e) {
      this.#assert(false, e instanceof TestTimeout ? e.message : 'the test threw', { error: describe(e) });
    } finally {
      clearTimeout(timer);
      this.#rearm = undefined;
    }
    for (let p = this.#parent; p !== undefined; p = p.#parent) {
      for (const hook of p.#afterEach) await this.#guarded(() => hook(this), 'an afterEach hook threw');
    }
    for (const teardown of this.#teardowns) await this.#guarded(teardown, 'a teardown threw');
  }

  async #guarded(fn: () => unknown, failure: string): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.#assert(false, failure, { error: describe(e) });
    }
  }

  /** The function, then every subtest it declared, however late (a subtest may declare more). */
  async #body(fn: TestFn): Promise<void> {
    await fn(this);
    let seen: Promise<void>;
    do {
      seen = this.#queue;
      await seen;
    } while (seen !== this.#queue);
  }

  #record(child: Test, options: TestOptions): void {
    this.#subtests++;
    if (options.skip) {
      this.#print(`ok ${this.#subtests} - ${child.name} # SKIP${typeof options.skip === 'string' ? ` ${options.skip}` : ''}`);
      return;
    }
    if (child.failed) this.#failures++;
    this.#print(`${child.failed ? 'not ok' : 'ok'} ${this.#subtests} - ${child.name} (${child.#assertions} assertions)`);
  }

  #assert(ok: boolean, message: string, extra?: Extra): boolean {
    this.#assertions++;
    if (ok) return true;
    this.#failures++;
    const details = Object.entries(extra ?? {})
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}: ${k === 'diff' || k === 'error' ? String(v) : safeJson(v)}`);
    this.#print(`not ok - ${message} (in ${this.name})${details.length ? `\n${indent(details.join('\n'), 1)}` : ''}`);
    return false;
  }

  #print(line: string): void {
    process.stdout.write(`${indent(line, Math.max(0, this.#depth - 1))}\n`);
  }

  /** @internal The root's end: waits for every top-level subtest; true when all passed. */
  async finish(): Promise<boolean> {
    await this.#body(() => undefined);
    process.stdout.write(`# ${this.#subtests} tests, ${this.#failures} failed\n`);
    return !this.failed;
  }

  /** @internal An error no test caught (an uncaught exception or rejection) fails the file. */
  uncaught(e: unknown): void {
    this.#assert(false, 'uncaught', { error: describe(e) });
  }
}

function constructorNames(value: unknown): string[] {
  const names: string[] = [];
  for (let p = value as object | null; isObject(p); p = Object.getPrototypeOf(p)) {
    const ctor = (p as { constructor?: { name?: string } }).constructor;
    if (ctor?.name) names.push(ctor.name);
  }
  return names;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

const t = new Test('(root)', undefined, DEFAULT_TIMEOUT_MS);
export default t;

/**
 * What the worker tests share (not a test itself): a host whose waits answer
 * with promises that settle later on the event loop, as a browser host's do,
 * built by wrapping a real host; it counts the resources it hands out and the
 * methods called. And stdin fed by the test while the module runs.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { asyncWaits, synchronousHost, type Host } from '../adapter/host.js';

type Fn = (...args: unknown[]) => unknown;

/** Unref'd: a wait the host never finishes (a read nobody feeds) must not keep the tests alive. */
const delay = (ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms).unref(); });

function isPlain(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}

/** stdin that the test feeds while the module runs. */
export class FedInput {
  #chunks: Uint8Array[] = [];
  #ended = false;

  feed(text: string): void {
    this.#chunks.push(new TextEncoder().encode(text));
  }

  end(): void {
    this.#ended = true;
  }

  read(len: bigint): Uint8Array {
    const chunk = this.#chunks[0];
    if (chunk === undefined) {
      if (this.#ended) throw { tag: 'closed' };
      return new Uint8Array(0);
    }
    const n = Math.min(chunk.length, Number(len));
    if (n === chunk.length) this.#chunks.shift();
    else this.#chunks[0] = chunk.subarray(n);
    return chunk.slice(0, n);
  }

  blockingRead(): never {
    throw new Error('FedInput.blockingRead: only the asynchronous wrapper waits');
  }

  subscribe(): FedPollable {
    return new FedPollable(() => this.#chunks.length > 0 || this.#ended);
  }

  [Symbol.dispose](): void {}
}

export class FedPollable {
  readonly #ready: () => boolean;

  constructor(ready: () => boolean) {
    this.#ready = ready;
  }

  ready(): boolean {
    return this.#ready();
  }

  block(): never {
    throw new Error('FedPollable.block: only the asynchronous wrapper waits');
  }

  [Symbol.dispose](): void {}
}

export interface AsyncHostOptions {
  /** Served as wasi:cli/stdin. */
  stdin?: FedInput;
  /** Method name to what calling it throws. */
  throwing?: Record<string, unknown>;
  /** 'synchronous': waits are the inner host's own, only counted. */
  waits?: 'promises' | 'synchronous';
}

/**
 * `inner`, with every wait answered by a promise: pollable.block, poll,
 * blocking-read, blocking-write-and-flush and blocking-flush. Each resource
 * is wrapped once (the same object always comes back as the same wrapper).
 */
export class AsyncHost {
  readonly host: Host;
  /** How often each method or function was called. */
  readonly calls = new Map<string, number>();
  readonly #wrappers = new WeakMap<object, object>();
  readonly #targets = new WeakMap<object, object>();
  /** Resources handed out and not yet dropped, with their class names. */
  readonly #live = new Map<object, string>();
  #made = 0;
  readonly #throwing: Record<string, unknown>;
  readonly #promises: boolean;

  constructor(inner: Host, options: AsyncHostOptions = {}) {
    this.#throwing = options.throwing ?? {};
    this.#promises = options.waits !== 'synchronous';
    const host: Record<string, unknown> = {};
    for (const [name, face] of Object.entries(inner)) host[name] = this.#face(face as Record<string, unknown>);
    const poll = host['wasi:io/poll'] as Record<string, unknown>;
    if (this.#promises) poll.poll = (list: unknown[]) => this.#poll(list.map((p) => this.#unwrap(p) as { ready(): boolean }));
    if (options.stdin !== undefined) {
      const stdin = options.stdin;
      host['wasi:cli/stdin'] = { getStdin: () => this.#wrap(stdin) };
    }
    // Its waits are the inner host's own: so are its declarations, which getImportObject() reads (JSPI or not).
    if (!this.#promises) Object.assign(host, { [synchronousHost]: inner[synchronousHost], [asyncWaits]: inner[asyncWaits] });
    this.host = host as unknown as Host;
  }

  /** The class names of the resources handed out and not dropped, sorted. */
  live(): string[] {
    return [...this.#live.values()].sort();
  }

  /** How many resources were handed out in all. */
  get made(): number {
    return this.#made;
  }

  #count(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }

  #face(face: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(face)) {
      // Resource classes (PascalCase) stay as they are; functions are wrapped.
      out[name] = typeof value === 'function' && !/^[A-Z]/.test(name) ? this.#function(name, value as Fn, face) : value;
    }
    return out;
  }

  #function(name: string, fn: Fn, self: object): Fn {
    return (...args) => {
      this.#count(name);
      if (Object.hasOwn(this.#throwing, name)) throw this.#throwing[name];
      try {
        return this.#wrap(fn.apply(self, args.map((a) => this.#unwrap(a))));
      } catch (err) {
        throw this.#wrap(err);
      }
    };
  }

  async #poll(list: { ready(): boolean }[]): Promise<Uint32Array> {
    this.#count('poll');
    for (;;) {
      const ready = list.flatMap((p, i) => (p.ready() ? [i] : []));
      if (ready.length > 0) return new Uint32Array(ready);
      await delay(2);
    }
  }

  #wrap(v: unknown): unknown {
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || v instanceof Error) return v;
    if (Array.isArray(v)) return v.map((x) => this.#wrap(x));
    if (isPlain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.#wrap(x)]));
    return this.#resource(v);
  }

  #unwrap(v: unknown): unknown {
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) return v.map((x) => this.#unwrap(x));
    if (isPlain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.#unwrap(x)]));
    return this.#targets.get(v) ?? v;
  }

  #resource(real: object): object {
    const known = this.#wrappers.get(real);
    if (known !== undefined) return known;
    const state = { disposed: false };
    const wrapper: object = new Proxy(real, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (key === Symbol.dispose) {
          return () => {
            state.disposed = true;
            this.#live.delete(wrapper);
            (value as Fn).call(target);
          };
        }
        return this.#method(String(key), target, value as Fn, state);
      },
    });
    this.#wrappers.set(real, wrapper);
    this.#targets.set(wrapper, real);
    if (typeof (real as Record<symbol, unknown>)[Symbol.dispose] === 'function') {
      this.#made++;
      this.#live.set(wrapper, real.constructor.name);
    }
    return wrapper;
  }

  #method(name: string, target: object, fn: Fn, state: { disposed: boolean }): Fn {
    const self = target as Record<string, Fn>;
    const until = async (ready: () => boolean) => {
      while (!state.disposed && !ready()) await delay(2);
    };
    switch (this.#promises ? name : '') {
      case 'block':
        return async () => {
          this.#count(name);
          await until(() => self.ready!.call(target) as boolean);
        };
      case 'blockingRead':
        return async (len) => {
          this.#count(name);
          const sub = self.subscribe!.call(target) as { ready(): boolean } & Disposable;
          try {
            await until(() => sub.ready());
          } finally {
            sub[Symbol.dispose]();
          }
          return self.read!.call(target, len);
        };
      case 'blockingWriteAndFlush':
      case 'blockingFlush':
        return async (...args) => {
          this.#count(name);
          await delay(0);
          return fn.apply(target, args);
        };
      default:
        return this.#function(name, fn, target);
    }
  }
}

/** stdout and stderr as host files, for hosts created with their fds; read back after the run. */
export function outputFiles(t: Test): { stdout: number; stderr: number; read(): { stdout: string; stderr: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'p1-worker-out-'));
  const stdout = openSync(join(dir, 'stdout'), 'w+');
  const stderr = openSync(join(dir, 'stderr'), 'w+');
  t.teardown(() => {
    closeSync(stdout);
    closeSync(stderr);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    stdout,
    stderr,
    read: () => ({ stdout: readFileSync(join(dir, 'stdout'), 'utf8'), stderr: readFileSync(join(dir, 'stderr'), 'utf8') }),
  };
}

export function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'p1-worker-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

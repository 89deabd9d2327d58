/**
 * startThreaded's owner side: every thread of the module, the main one
 * included, runs in a worker, and this thread serves all their preview1
 * calls on the one table, one call at a time, reading and writing the call's
 * buffers in the shared memory itself. Serving from here, and not blocking
 * here in `_start`, keeps this thread free to answer the other threads while
 * any of them waits on a futex.
 *
 * Any thread's proc_exit, a trap on any thread, or `_start` returning ends
 * the run: every worker is terminated, wherever it is (computing, waiting on
 * a futex or for an answer), and the table and host are released.
 */
import { Errno } from '../../adapter/abi.js';
import { ProcExit, type Preview1Imports } from '../../adapter/index.js';
import { OwnerEnd, channelBuffer } from '../worker/channel.js';
import { errorFrom } from '../worker/codec.js';
import { Answer, Request, type ThreadStartMessage, type WorkerMessage } from '../worker/protocol.js';
import { bytesOf, type StartedWorker, type Workers } from '../worker/run.js';
import { memoryImport, type MemoryImport } from './memory-import.js';
import { forwardedNames } from './names.js';

/** wasi-threads: thread ids are positive and below 2^29. */
export const MAX_THREAD_ID = 2 ** 29 - 1;
/** Spawned threads alive at once, by default. */
export const DEFAULT_MAX_THREADS = 64;

export interface ThreadedOptions {
  /** Spawned threads alive at once (the main thread not counted); a spawn past it returns a negative value. Default 64. */
  maxThreads?: number;
  /** For a compiled module, whose limits its bytes would give: the shared memory to run it with. */
  memory?: WebAssembly.Memory;
  /** Where the threads' worker script is, for bundlers that move files; default the package's own. */
  workerURL?: URL | string;
  /** Ends the run (every worker terminated, every host resource released). */
  signal?: AbortSignal;
}

/** What the run needs of the WASI instance whose table it serves. */
export interface ThreadOwner {
  /** The preview1 functions serving one thread on the one table, over `memory`; trace lines say the thread. */
  imports(tid: number, memory: WebAssembly.Memory): Preview1Imports;
  /** The module has ended: its table and host are released. */
  end(): void;
  /** What returnOnExit says to do with the exit code. */
  exit(code: number): number;
}

/** How a platform runs a threaded module (Node's is threads/node.ts): runThreaded with its workers. */
export type ThreadRunner = (owner: ThreadOwner, module: WebAssembly.Module | BufferSource, options: ThreadedOptions) => Promise<number>;

interface Thread {
  readonly tid: number;
  readonly end: OwnerEnd;
  readonly calls: readonly ((...args: unknown[]) => number)[];
  worker: StartedWorker | undefined;
  /** Until the thread has instantiated the module: settles its spawn. */
  started: ((ok: boolean) => void) | undefined;
}

/** A shared memory for the module's memory import, to its limits. */
function sharedMemoryFor(found: MemoryImport | undefined): WebAssembly.Memory {
  if (found === undefined || !found.shared) throw new TypeError('the module imports no shared memory: run it with start()');
  if (found.maximum === undefined) throw new TypeError('a shared memory needs a maximum size');
  return new WebAssembly.Memory({ initial: found.initial, maximum: found.maximum, shared: true } as WebAssembly.MemoryDescriptor);
}

class ThreadedRun {
  readonly #owner: ThreadOwner;
  readonly #module: WebAssembly.Module;
  readonly #memory: WebAssembly.Memory;
  readonly #where: MemoryImport;
  readonly #workers: Workers;
  readonly #workerURL: URL | string;
  readonly #options: ThreadedOptions;
  readonly #maxThreads: number;
  readonly #threads = new Map<number, Thread>();
  /** Workers of threads that are over, until they have stopped: the run settles only after them. */
  readonly #stopping = new Set<Promise<void>>();
  /** Reused for every call's arguments. */
  readonly #args: unknown[] = [];
  #nextTid = 1;
  #ended = false;
  #settle: { resolve(code: number): void; reject(err: unknown): void } | undefined;

  constructor(owner: ThreadOwner, module: WebAssembly.Module, memory: WebAssembly.Memory, where: MemoryImport,
    workers: Workers, workerURL: URL | string, options: ThreadedOptions) {
    this.#owner = owner;
    this.#module = module;
    this.#memory = memory;
    this.#where = where;
    this.#workers = workers;
    this.#workerURL = options.workerURL ?? workerURL;
    this.#options = options;
    this.#maxThreads = options.maxThreads ?? DEFAULT_MAX_THREADS;
  }

  /** Runs `_start` on the main thread; resolves to the exit code, rejects with a trap or failure. */
  run(): Promise<number> {
    const signal = this.#options.signal;
    return new Promise<number>((resolve, reject) => {
      this.#settle = { resolve, reject };
      signal?.addEventListener('abort', this.#abort, { once: true });
      if (signal?.aborted) this.#abort();
      else void this.#start(0, 0);
    });
  }

  readonly #abort = (): void => this.#fail(this.#options.signal!.reason);

  /** Starts a thread's worker; resolves to whether it instantiated the module. */
  #start(tid: number, arg: number): Promise<boolean> {
    const end = new OwnerEnd(channelBuffer());
    const imports = this.#owner.imports(tid, this.#memory) as unknown as Record<string, (...args: unknown[]) => number>;
    const thread: Thread = { tid, end, calls: byIndex(imports), worker: undefined, started: undefined };
    const started = new Promise<boolean>((resolve) => { thread.started = resolve; });
    this.#threads.set(tid, thread);
    try {
      thread.worker = this.#workers.start(this.#workerURL, {
        message: (m) => this.#message(thread, m),
        failed: (err) => this.#died(thread, err),
      });
      const start: ThreadStartMessage = {
        buffer: end.buffer, wake: end.wake, module: this.#module, memory: this.#memory,
        memoryModule: this.#where.module, memoryName: this.#where.name, tid, arg,
      };
      thread.worker.post(start, []);
    } catch (err) {
      this.#died(thread, err as Error);
      return started;
    }
    this.#serve(thread).catch((err: unknown) => this.#fail(err));
    return started;
  }

  #message(thread: Thread, m: WorkerMessage): void {
    if (this.#threads.get(thread.tid) !== thread) return;
    switch (m.kind) {
      case 'wake': thread.end.woken(); break;
      case 'ready':
        thread.started?.(true);
        thread.started = undefined;
        break;
      case 'returned':
        if (thread.tid === 0) this.#exit(0);
        else this.#forget(thread);
        break;
      case 'failed': {
        const err = errorFrom(m.failure);
        if (thread.started !== undefined && thread.tid !== 0) this.#forget(thread);
        else {
          // Which thread trapped is the first thing to know of a threaded program's trap.
          err.message = `${err.message} (in thread ${thread.tid})`;
          this.#fail(Object.assign(err, { thread: thread.tid }));
        }
        break;
      }
      // A thread's proc_exit reaches this thread as its call (#serve), never as a message.
      default: break;
    }
  }

  /** The worker died, or could not be started: a spawn that had not started fails; otherwise the run does. */
  #died(thread: Thread, err: Error): void {
    if (this.#threads.get(thread.tid) !== thread) return;
    if (thread.started !== undefined && thread.tid !== 0) this.#forget(thread);
    else this.#fail(err);
  }

  /** A spawned thread is over, or never started: its worker goes, and its spawn, if pending, fails. */
  #forget(thread: Thread): void {
    this.#threads.delete(thread.tid);
    thread.started?.(false);
    thread.started = undefined;
    thread.end.stop();
    this.#stop(thread.worker);
  }

  #stop(worker: StartedWorker | undefined): void {
    if (worker === undefined) return;
    const stopping = worker.terminate().catch(() => undefined).finally(() => this.#stopping.delete(stopping));
    this.#stopping.add(stopping);
  }

  /** Answers one thread's requests until the run ends. */
  async #serve(thread: Thread): Promise<void> {
    const end = thread.end;
    for (;;) {
      const r = await end.receive();
      if (r === undefined || this.#ended) return;
      const kind = r.u8() as Request;
      // A thread holds no host handles of its own: its drop list is always empty.
      r.u32();
      let result: number;
      if (kind === Request.Preview1) {
        const fn = thread.calls[r.u8()];
        if (fn === undefined) throw new TypeError('thread channel: unknown preview1 function');
        const args = this.#args;
        args.length = r.u8();
        for (let i = 0; i < args.length; i++) args[i] = r.u8() === 0 ? r.i32() : r.i64();
        try {
          result = Reflect.apply(fn, undefined, args);
        } catch (err) {
          if (!(err instanceof ProcExit)) throw err;
          this.#exit(err.code);
          return;
        }
      } else if (kind === Request.Spawn) result = await this.#spawn(r.u32());
      else throw new TypeError(`thread channel: unknown request ${String(kind)}`);
      if (this.#ended) return;
      const w = end.writer;
      w.reset();
      w.u8(Answer.Return);
      w.i32(result);
      if (!(await end.send())) return;
    }
  }

  /** wasi-threads' thread-spawn: the new thread's id once it runs, or a negative errno. */
  async #spawn(arg: number): Promise<number> {
    if (this.#threads.size - 1 >= this.#maxThreads || this.#nextTid > MAX_THREAD_ID) return -Errno.AGAIN;
    const tid = this.#nextTid++;
    return (await this.#start(tid, arg)) ? tid : -Errno.AGAIN;
  }

  #exit(code: number): void {
    this.#finish(() => {
      try {
        this.#settle!.resolve(this.#owner.exit(code));
      } catch (err) {
        this.#settle!.reject(err);
      }
    });
  }

  #fail(err: unknown): void {
    this.#finish(() => this.#settle!.reject(err));
  }

  /** Ends every thread, wherever it is, releases the table and host, then settles. */
  #finish(settle: () => void): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#options.signal?.removeEventListener('abort', this.#abort);
    const threads = [...this.#threads.values()];
    this.#threads.clear();
    for (const thread of threads) {
      thread.started?.(false);
      thread.end.stop();
      this.#stop(thread.worker);
    }
    void Promise.allSettled(this.#stopping).then(() => {
      try {
        this.#owner.end();
      } catch (err) {
        this.#settle!.reject(err);
        return;
      }
      settle();
    });
  }
}

/** A thread's preview1 functions by index, in the order its worker numbers them. */
function byIndex(imports: Record<string, (...args: unknown[]) => number>): ((...args: unknown[]) => number)[] {
  return forwardedNames.map((name) => imports[name]!);
}

/**
 * Runs a threaded module's `_start` with its threads in workers started by
 * `workers` from the script at `workerURL`; resolves to the exit code.
 */
export async function runThreaded(
  owner: ThreadOwner, module: WebAssembly.Module | BufferSource, options: ThreadedOptions, workers: Workers, workerURL: URL | string,
): Promise<number> {
  options.signal?.throwIfAborted();
  let compiled: WebAssembly.Module;
  let where: MemoryImport | undefined;
  let memory: WebAssembly.Memory;
  if (module instanceof WebAssembly.Module) {
    const found = WebAssembly.Module.imports(module).find((i) => i.kind === 'memory');
    if (found === undefined || options.memory === undefined) {
      throw new TypeError('a compiled module gives no memory limits: pass its bytes, or a shared memory as the memory option');
    }
    compiled = module;
    where = { module: found.module, name: found.name, initial: 0, maximum: undefined, shared: true };
    memory = options.memory;
  } else {
    const bytes = bytesOf(module);
    where = memoryImport(bytes);
    memory = sharedMemoryFor(where);
    compiled = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  }
  return new ThreadedRun(owner, compiled, memory, where!, workers, workerURL, options).run();
}

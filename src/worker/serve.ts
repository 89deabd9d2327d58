/**
 * The owner's side: runs the worker's requests on the real host, one at a
 * time, awaiting any promise the host answers with. The handles of every host
 * object it has handed out are kept (handles.ts), so that whatever the worker
 * leaves open is dropped when the run ends, however it ends.
 */
import type { TraceSink } from '../../adapter/index.js';
import type { Host } from '../../adapter/host.js';
import type { Reader } from './bytes.js';
import type { OwnerEnd } from './channel.js';
import { Codec } from './codec.js';
import { Handles } from './handles.js';
import { Answer, Request } from './protocol.js';

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as { then?: unknown } | null | undefined)?.then === 'function';
}

export class HostServer {
  readonly #end: OwnerEnd;
  readonly #host: Host;
  readonly #trace: TraceSink | undefined;
  readonly #handles = new Handles();
  readonly #codec = new Codec(this.#handles);
  /** Reused for every call's arguments. */
  readonly #args: unknown[] = [];
  /** The request being answered. */
  #kind = Request.Drop;

  constructor(end: OwnerEnd, host: Host, trace: TraceSink | undefined) {
    this.#end = end;
    this.#host = host;
    this.#trace = trace;
  }

  /** Answers requests until the channel is stopped. */
  async serve(): Promise<void> {
    const end = this.#end;
    for (;;) {
      const r = await end.receive();
      if (r === undefined) return;
      let status = Answer.Return;
      let value: unknown;
      try {
        value = this.#run(r);
        if (isThenable(value)) value = await value;
      } catch (err) {
        status = Answer.Throw;
        value = err;
      }
      this.#args.length = 0;
      this.#answer(status, value);
      if (this.#kind === Request.Interfaces) this.#handles.keepAll();
      // A host call that settled after the run was ended: what it made goes with the rest.
      if (end.stopped) {
        this.#handles.dropAll();
        return;
      }
      if (!(await end.send())) return;
    }
  }

  /** Drops every host resource the worker still holds. */
  dropAll(): void {
    this.#handles.dropAll();
  }

  #run(r: Reader): unknown {
    const kind = (this.#kind = r.u8() as Request);
    for (let n = r.u32(); n > 0; n--) this.#handles.drop(r.u32());
    switch (kind) {
      case Request.Call: return this.#call(r);
      case Request.Drop: return undefined;
      case Request.Interfaces: return this.#interfaces();
      case Request.Trace:
        this.#trace?.(r.string());
        return undefined;
      default: throw new TypeError(`worker channel: unknown request ${String(kind)}`);
    }
  }

  #call(r: Reader): unknown {
    const held = this.#handles.held(r.u32());
    const index = r.u32();
    const name = held.shape.methods[index];
    if (name === undefined) throw new TypeError(`worker channel: no method ${index} on this resource`);
    const args = this.#args;
    for (let n = r.u32(); n > 0; n--) args.push(this.#codec.read(r));
    const target = held.object as Record<string, (...a: unknown[]) => unknown>;
    return Reflect.apply(target[name]!, target, args);
  }

  /** The host as a record of interfaces, each one a resource whose methods are its functions. */
  #interfaces(): Record<string, unknown> {
    const host = this.#host as unknown as Record<string, unknown>;
    const interfaces: Record<string, unknown> = {};
    for (const name in host) if (typeof host[name] === 'object' && host[name] !== null) interfaces[name] = host[name];
    return interfaces;
  }

  #answer(status: Answer, value: unknown): void {
    const w = this.#end.writer;
    const codec = this.#codec;
    w.reset();
    codec.mark();
    try {
      w.u8(status);
      codec.write(w, value);
    } catch (err) {
      codec.undo();
      w.reset();
      codec.mark();
      w.u8(Answer.Throw);
      codec.write(w, err);
    }
  }
}

/**
 * The worker's side: a host of the same shape as the one on the owner's
 * thread, whose every function sends a request on the channel and blocks
 * until the answer. Resources are proxies: one per handle, so the same host
 * object always comes back as the same proxy, with exactly the methods the
 * host's object has (a prototype per shape of method names).
 *
 * Drops are not requests of their own: a dropped handle goes with the next
 * request, ahead of it, so the owner still drops it in order.
 */
import { synchronousHost, type Host } from '../../adapter/host.js';
import type { Reader, Writer } from './bytes.js';
import type { WorkerEnd } from './channel.js';
import { Codec, Tag, type ResourceCodec } from './codec.js';
import { Answer, Request } from './protocol.js';

/** The symbol the adapter drops resources by (adapter/table.ts). */
const dispose: symbol = Symbol.dispose ?? Symbol.for('dispose');
const handleOf = Symbol('handle');
/** No WASI 0.2 function takes more. */
const MAX_ARGS = 6;

interface Proxy {
  [handleOf]: number;
}

function handle(target: unknown): number {
  const h = (target as Partial<Proxy> | null | undefined)?.[handleOf];
  if (h === undefined) throw new TypeError('not a resource of this host: a method was called on another object');
  return h;
}

/** Proxies by handle, and the prototypes that give them their methods. */
class Proxies implements ResourceCodec {
  readonly #client: HostClient;
  readonly #byHandle = new Map<number, object>();
  readonly #prototypes: object[] = [];

  constructor(client: HostClient) {
    this.#client = client;
  }

  write(w: Writer, value: object): boolean {
    const h = (value as Partial<Proxy>)[handleOf];
    if (h !== undefined) {
      w.u8(Tag.Resource);
      w.u32(h);
      return true;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return false;
    throw new TypeError(`a ${value.constructor?.name ?? 'object'} is not a resource of this host and cannot cross between threads`);
  }

  read(r: Reader, tag: Tag.Resource | Tag.NewResource): object {
    const h = r.u32();
    if (tag === Tag.Resource) {
      const known = this.#byHandle.get(h);
      if (known === undefined) throw new TypeError(`worker channel: unknown resource handle ${h}`);
      return known;
    }
    const shape = r.u32();
    if (r.u8() === 1) this.#prototypes[shape] = this.#prototype(r);
    const proxy = Object.create(this.#prototypes[shape]!) as Proxy;
    proxy[handleOf] = h;
    this.#byHandle.set(h, proxy);
    return proxy;
  }

  mark(): void {}

  undo(): void {}

  forget(h: number): void {
    this.#byHandle.delete(h);
  }

  /** Method names in the shape's order; a request names a method by its index. */
  #prototype(r: Reader): object {
    const client = this.#client;
    const proto: Record<string | symbol, unknown> = {};
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const name = r.string();
      // A computed key in a literal names the function, for stack traces.
      proto[name] = {
        // Named parameters and the count, not a rest parameter or `arguments` passed on: no allocation per call.
        [name](this: Proxy, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown): unknown {
          if (arguments.length > MAX_ARGS) throw new TypeError(`${name}: more than ${MAX_ARGS} arguments`);
          return client.call(this, i, arguments.length, a, b, c, d, e, f);
        },
      }[name];
    }
    if (r.u8() === 1) {
      proto[dispose] = function (this: Proxy): void {
        client.dispose(this);
      };
    }
    return proto;
  }
}

/** The worker's end of the host: requests out, answers back. */
export class HostClient {
  readonly #end: WorkerEnd;
  readonly #proxies: Proxies;
  readonly #codec: Codec;
  readonly #drops: number[] = [];

  constructor(end: WorkerEnd) {
    this.#end = end;
    this.#proxies = new Proxies(this);
    this.#codec = new Codec(this.#proxies);
  }

  /**
   * The host, as the adapter takes it: each interface a proxy whose functions
   * are bound to it. It answers every call synchronously (the owner waits for
   * the host's promises), so it is marked as a synchronous host.
   */
  host(): Host {
    const interfaces = this.#request(Request.Interfaces) as Record<string, object>;
    for (const name in interfaces) {
      const face = interfaces[name] as Record<string, unknown>;
      const proto = Object.getPrototypeOf(face) as Record<string, unknown>;
      for (const fn of Object.keys(proto)) face[fn] = (proto[fn] as (...args: unknown[]) => unknown).bind(face);
    }
    return Object.assign(interfaces, { [synchronousHost]: true }) as unknown as Host;
  }

  /** A method call with its first `count` arguments of a..f. */
  call(target: object, method: number, count: number, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown): unknown {
    const w = this.#begin(Request.Call);
    const codec = this.#codec;
    try {
      w.u32(handle(target));
      w.u32(method);
      w.u32(count);
      if (count > 0) codec.write(w, a);
      if (count > 1) codec.write(w, b);
      if (count > 2) codec.write(w, c);
      if (count > 3) codec.write(w, d);
      if (count > 4) codec.write(w, e);
      if (count > 5) codec.write(w, f);
    } catch (err) {
      this.#codec.undo();
      throw err;
    }
    return this.#answer();
  }

  dispose(target: object): void {
    const h = handle(target);
    this.#proxies.forget(h);
    this.#drops.push(h);
  }

  trace(line: string): void {
    this.#begin(Request.Trace).string(line);
    this.#answer();
  }

  /** Sends the drops not yet sent. */
  flush(): void {
    if (this.#drops.length > 0) this.#request(Request.Drop);
  }

  #request(kind: Request): unknown {
    this.#begin(kind);
    return this.#answer();
  }

  /** A request of `kind`, after the drops pending. */
  #begin(kind: Request): Writer {
    const w = this.#end.writer;
    w.reset();
    this.#codec.mark();
    w.u8(kind);
    const drops = this.#drops;
    w.u32(drops.length);
    for (let i = 0; i < drops.length; i++) w.u32(drops[i]!);
    return w;
  }

  /** Sends the request written, and with it the drops it carries. */
  #answer(): unknown {
    this.#drops.length = 0;
    const r = this.#end.exchange();
    const status = r.u8();
    const value = this.#codec.read(r);
    if (status === Answer.Throw) throw value;
    return value;
  }
}

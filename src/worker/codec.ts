/**
 * The values of WASI 0.2 calls as bytes, both ways: what jco's import-object
 * shape uses (numbers, bigints, strings, Uint8Array, lists, records and
 * variants as plain objects, undefined for option none), thrown errors, and
 * resources, which cross as handles (each side has its own ResourceCodec).
 *
 * Record keys are sent once: each direction keeps a dictionary of the keys it
 * has seen, so `{ seconds, nanoseconds }` costs two small numbers after the
 * first time. A message that fails to encode is abandoned with `undo()`, which
 * forgets what it taught the dictionary, since the other side never saw it.
 */
import type { Reader, Writer } from './bytes.js';
import type { Failure } from './protocol.js';

export const enum Tag {
  Undefined, Null, False, True, Int, Float, BigU64, BigI64, String, Bytes,
  /** A typed array other than Uint8Array (jco gives list<u32> as Uint32Array): its kind, then its bytes. */
  Typed,
  List, Record,
  /** A resource the other side already has, by handle. */
  Resource,
  /** A resource seen for the first time: handle, shape (and the shape's method names the first time). */
  NewResource,
  Error,
}

/** How one side writes and reads the resources that cross as handles. */
export interface ResourceCodec {
  /** Writes `value` as a resource and returns true, or returns false when it is a record. */
  write(w: Writer, value: object): boolean;
  /** Reads the resource after its tag. */
  read(r: Reader, tag: Tag.Resource | Tag.NewResource): object;
  /** The message being written is abandoned: forget the handles it made. */
  undo(): void;
  /** A message starts: what undo() goes back to. */
  mark(): void;
}

/** An error as it crosses: its name picks the constructor it is rebuilt with. */
export interface ErrorFields {
  name: string;
  message: string;
  stack?: string | undefined;
  [property: string]: unknown;
}

type TypedArrayClass = Int8ArrayConstructor | Uint8ClampedArrayConstructor | Int16ArrayConstructor
  | Uint16ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Float32ArrayConstructor
  | Float64ArrayConstructor | BigInt64ArrayConstructor | BigUint64ArrayConstructor;

/** The kinds of Tag.Typed, by index. */
const typedArrays: readonly TypedArrayClass[] = [
  Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
  BigInt64Array, BigUint64Array,
];

const MAX_U64 = 0xffffffffffffffffn;
const MIN_I64 = -0x8000000000000000n;
/** Past this many keys, new keys are sent in full each time, so a stream of odd records cannot grow the dictionary for ever. */
const MAX_KEYS = 4096;
const NO_KEY = 0xffffffff;

export class Codec {
  readonly #resources: ResourceCodec;
  readonly #sentKeys = new Map<string, number>();
  readonly #sentOrder: string[] = [];
  readonly #keys: string[] = [];
  #keyMark = 0;

  constructor(resources: ResourceCodec) {
    this.#resources = resources;
  }

  /** A message starts. */
  mark(): void {
    this.#keyMark = this.#sentOrder.length;
    this.#resources.mark();
  }

  /** The message since mark() is abandoned. */
  undo(): void {
    for (let i = this.#keyMark; i < this.#sentOrder.length; i++) this.#sentKeys.delete(this.#sentOrder[i]!);
    this.#sentOrder.length = this.#keyMark;
    this.#resources.undo();
  }

  write(w: Writer, v: unknown): void {
    switch (typeof v) {
      case 'undefined':
        w.u8(Tag.Undefined);
        return;
      case 'boolean':
        w.u8(v ? Tag.True : Tag.False);
        return;
      case 'number':
        if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
          w.u8(Tag.Int);
          w.i32(v);
        } else {
          w.u8(Tag.Float);
          w.f64(v);
        }
        return;
      case 'bigint':
        this.#bigint(w, v);
        return;
      case 'string':
        w.u8(Tag.String);
        w.string(v);
        return;
      case 'object':
        if (v === null) w.u8(Tag.Null);
        else this.#object(w, v);
        return;
      default:
        throw new TypeError(`a ${typeof v} cannot cross between threads`);
    }
  }

  #bigint(w: Writer, v: bigint): void {
    if (v > MAX_U64 || v < MIN_I64) throw new RangeError(`${v} does not fit in 64 bits`);
    if (v >= 0n) {
      w.u8(Tag.BigU64);
      w.u64(v);
    } else {
      w.u8(Tag.BigI64);
      w.i64(v);
    }
  }

  #object(w: Writer, o: object): void {
    if (o instanceof Uint8Array) {
      w.u8(Tag.Bytes);
      w.bytes8(o);
    } else if (Array.isArray(o)) {
      w.u8(Tag.List);
      w.u32(o.length);
      for (let i = 0; i < o.length; i++) this.write(w, o[i]);
    } else if (o instanceof Error) {
      w.u8(Tag.Error);
      this.#record(w, errorFields(o));
    } else if (ArrayBuffer.isView(o)) {
      this.#typed(w, o);
    } else if (!this.#resources.write(w, o)) {
      w.u8(Tag.Record);
      this.#record(w, o as Record<string, unknown>);
    }
  }

  #typed(w: Writer, o: ArrayBufferView): void {
    const kind = typedArrays.indexOf(o.constructor as TypedArrayClass);
    if (kind < 0) throw new TypeError(`a ${o.constructor.name} cannot cross between threads`);
    w.u8(Tag.Typed);
    w.u8(kind);
    w.bytes8(new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
  }

  #record(w: Writer, o: Record<string, unknown>): void {
    const at = w.pos;
    w.u32(0);
    let n = 0;
    for (const key in o) {
      if (!Object.hasOwn(o, key)) continue;
      this.#key(w, key);
      this.write(w, o[key]);
      n++;
    }
    w.view.setUint32(at, n, true);
  }

  #key(w: Writer, key: string): void {
    const id = this.#sentKeys.get(key);
    if (id !== undefined) {
      w.u32(id);
      return;
    }
    if (this.#sentOrder.length >= MAX_KEYS) {
      w.u32(NO_KEY);
    } else {
      w.u32(this.#sentOrder.length);
      this.#sentKeys.set(key, this.#sentOrder.length);
      this.#sentOrder.push(key);
    }
    w.string(key);
  }

  read(r: Reader): unknown {
    const tag = r.u8();
    switch (tag) {
      case Tag.Undefined: return undefined;
      case Tag.Null: return null;
      case Tag.False: return false;
      case Tag.True: return true;
      case Tag.Int: return r.i32();
      case Tag.Float: return r.f64();
      case Tag.BigU64: return r.u64();
      case Tag.BigI64: return r.i64();
      case Tag.String: return r.string();
      case Tag.Bytes: return r.bytes8();
      case Tag.Typed: {
        const type = typedArrays[r.u8()];
        if (type === undefined) throw new TypeError('worker channel: unknown typed array');
        const bytes = r.bytes8();
        return new type(bytes.buffer as ArrayBuffer, 0, bytes.length / type.BYTES_PER_ELEMENT);
      }
      case Tag.List: {
        const n = r.u32();
        const list: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) list[i] = this.read(r);
        return list;
      }
      case Tag.Record: return this.#readRecord(r);
      case Tag.Resource:
      case Tag.NewResource:
        return this.#resources.read(r, tag);
      case Tag.Error: return errorFrom(this.#readRecord(r) as ErrorFields);
      default: throw new TypeError(`worker channel: unknown value tag ${tag}`);
    }
  }

  #readRecord(r: Reader): Record<string, unknown> {
    const n = r.u32();
    const o: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const key = this.#readKey(r);
      o[key] = this.read(r);
    }
    return o;
  }

  #readKey(r: Reader): string {
    const id = r.u32();
    if (id === NO_KEY) return r.string();
    if (id < this.#keys.length) return this.#keys[id]!;
    const key = r.string();
    this.#keys.push(key);
    return key;
  }
}

/**
 * What crosses of an error: name, message and stack, its own data properties
 * (a Node error's `code`, `errno`, `syscall`), and a jco ComponentError's
 * `payload`, which is not enumerable when it is a string.
 */
export function errorFields(e: Error): ErrorFields {
  const fields: ErrorFields = { name: e.name, message: e.message, stack: e.stack };
  for (const key of Object.keys(e)) {
    const value = (e as unknown as Record<string, unknown>)[key];
    if (key !== 'name' && key !== 'message' && key !== 'stack' && typeof value !== 'function' && typeof value !== 'symbol') {
      fields[key] = value;
    }
  }
  if ('payload' in e && !('payload' in fields)) fields.payload = e.payload;
  if ('code' in e && !('code' in fields)) fields.code = e.code;
  return fields;
}

const constructors: Record<string, new (message: string) => Error> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
  RuntimeError: WebAssembly.RuntimeError, CompileError: WebAssembly.CompileError, LinkError: WebAssembly.LinkError,
};

/** The error again on this side: of the same class where it is a standard one, with the same name, stack and properties. */
export function errorFrom(fields: Readonly<ErrorFields> | Failure): Error {
  const { name, message, stack, ...rest } = fields;
  const e = new (Object.hasOwn(constructors, name) ? constructors[name]! : Error)(String(message));
  if (e.name !== name) Object.defineProperty(e, 'name', { value: String(name), configurable: true, writable: true });
  if (typeof stack === 'string') Object.defineProperty(e, 'stack', { value: stack, configurable: true, writable: true });
  Object.assign(e, rest);
  return e;
}

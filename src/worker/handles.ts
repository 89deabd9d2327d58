/**
 * The owner's side of resources: a handle for each host object handed to the
 * worker, the shape (method names) its proxy gets, and what is dropped when.
 */
import { drop } from '../../adapter/entries.js';
import type { Reader, Writer } from './bytes.js';
import { Tag, type ResourceCodec } from './codec.js';

/** The methods a proxy gets: a prototype on the worker's side, sent the first time it is used. */
interface Shape {
  readonly id: number;
  readonly methods: readonly string[];
  readonly dispose: boolean;
  sent: boolean;
}

export interface Held {
  readonly object: object;
  readonly shape: Shape;
  /** Handed out again while the worker held it: the host's to keep (page-wide stdio), not the run's to drop. */
  shared: boolean;
}

const dispose: symbol = Symbol.dispose ?? Symbol.for('dispose');

function isPlain(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}

/**
 * Methods that fill a caller's buffer (the node host's readInto, statInto,
 * statAtInto, readDirectoryEntryInto) cannot fill one in another thread:
 * without them the adapter takes the plain WASI 0.2 route.
 */
function crosses(name: string, value: unknown): boolean {
  return typeof value === 'function' && name !== 'constructor' && !name.endsWith('Into');
}

/** Function-valued own enumerable properties, in order (an interface's functions; methods set on an object). */
function ownMethods(o: object): string[] | undefined {
  let names: string[] | undefined;
  for (const key in o) {
    if (Object.hasOwn(o, key) && crosses(key, (o as Record<string, unknown>)[key])) (names ??= []).push(key);
  }
  return names;
}

/** Methods of a class's prototype chain, up to Object.prototype. */
function inheritedMethods(proto: object): string[] {
  const names: string[] = [];
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const key of Object.getOwnPropertyNames(p)) {
      if (names.includes(key)) continue;
      const d = Object.getOwnPropertyDescriptor(p, key);
      if (d !== undefined && crosses(key, d.value)) names.push(key);
    }
  }
  return names;
}

/** Handles of the host objects handed to the worker. */
export class Handles implements ResourceCodec {
  readonly #ids = new Map<object, number>();
  /** In the order they were made, so the newest go first when the rest are dropped. */
  readonly #held = new Map<number, Held>();
  readonly #shapes = new Map<string, Shape>();
  readonly #byPrototype = new WeakMap<object, Shape>();
  #next = 1;
  #mark = 1;
  readonly #sentSinceMark: Shape[] = [];

  write(w: Writer, value: object): boolean {
    const known = this.#ids.get(value);
    if (known !== undefined) {
      this.#held.get(known)!.shared = true;
      w.u8(Tag.Resource);
      w.u32(known);
      return true;
    }
    const shape = this.#shapeOf(value);
    if (shape === undefined) return false;
    const id = this.#next++;
    this.#ids.set(value, id);
    this.#held.set(id, { object: value, shape, shared: false });
    w.u8(Tag.NewResource);
    w.u32(id);
    w.u32(shape.id);
    w.u8(shape.sent ? 0 : 1);
    if (!shape.sent) this.#sendShape(w, shape);
    return true;
  }

  #sendShape(w: Writer, shape: Shape): void {
    shape.sent = true;
    this.#sentSinceMark.push(shape);
    w.u32(shape.methods.length);
    for (const name of shape.methods) w.string(name);
    w.u8(shape.dispose ? 1 : 0);
  }

  read(r: Reader, tag: Tag.Resource | Tag.NewResource): object {
    const id = r.u32();
    const held = tag === Tag.Resource ? this.#held.get(id) : undefined;
    if (held === undefined) throw new TypeError(`worker channel: no resource with handle ${id}`);
    return held.object;
  }

  mark(): void {
    this.#mark = this.#next;
    this.#sentSinceMark.length = 0;
  }

  /** The message was not sent: the worker never saw its handles and shapes. */
  undo(): void {
    for (let id = this.#mark; id < this.#next; id++) {
      const held = this.#held.get(id);
      if (held === undefined) continue;
      this.#held.delete(id);
      this.#ids.delete(held.object);
    }
    for (const shape of this.#sentSinceMark) shape.sent = false;
    this.#sentSinceMark.length = 0;
  }

  held(id: number): Held {
    const held = this.#held.get(id);
    if (held === undefined) throw new TypeError(`worker channel: no resource with handle ${id}`);
    return held;
  }

  /** The worker dropped it: so does the host. */
  drop(id: number): void {
    const held = this.#held.get(id);
    if (held === undefined) return;
    this.#held.delete(id);
    this.#ids.delete(held.object);
    release(held.object);
  }

  /** Everything handed out so far is the host's to keep (its interfaces). */
  keepAll(): void {
    for (const held of this.#held.values()) held.shared = true;
  }

  /** Drops what the worker left, newest first, except what the host shares. */
  dropAll(): void {
    const left = [...this.#held.values()].reverse();
    this.#held.clear();
    this.#ids.clear();
    for (const held of left) if (!held.shared) release(held.object);
  }

  /** Records are plain objects without functions; anything else is a resource. */
  #shapeOf(value: object): Shape | undefined {
    const own = ownMethods(value);
    if (isPlain(value)) return own === undefined ? undefined : this.#shape(own, value);
    const proto = Object.getPrototypeOf(value) as object;
    if (own === undefined) {
      let shape = this.#byPrototype.get(proto);
      if (shape === undefined) this.#byPrototype.set(proto, (shape = this.#shape(inheritedMethods(proto), value)));
      return shape;
    }
    return this.#shape([...own, ...inheritedMethods(proto).filter((m) => !own.includes(m))], value);
  }

  #shape(methods: string[], value: object): Shape {
    const hasDispose = typeof (value as Record<symbol, unknown>)[dispose] === 'function';
    const key = `${methods.join(',')}${hasDispose ? ';dispose' : ''}`;
    let shape = this.#shapes.get(key);
    if (shape === undefined) this.#shapes.set(key, (shape = { id: this.#shapes.size, methods, dispose: hasDispose, sent: false }));
    return shape;
  }
}

/** A host's dispose that throws is the host's defect; nothing can be done about it here, or told to anyone. */
function release(o: object): void {
  try {
    drop(o);
  } catch {
    // Ignored: see above.
  }
}

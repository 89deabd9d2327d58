/**
 * Byte-level writing and reading of the messages between a module's worker
 * and the thread that owns its host. A message is written straight into the
 * shared buffer while it fits, and moves to a private buffer of its own only
 * when it outgrows it (the channel then sends it in pieces).
 *
 * Strings are UTF-8. Text is copied byte by byte while it is ASCII (names,
 * paths and error codes almost always are): TextEncoder and TextDecoder need
 * not accept views of a SharedArrayBuffer everywhere, and short strings are
 * cheaper that way.
 */

const utf8In = new TextDecoder();
const utf8Out = new TextEncoder();
/** Longer ASCII strings go through TextDecoder on a private copy. */
const SHORT_STRING = 64;

export class Writer {
  bytes: Uint8Array;
  view: DataView;
  pos = 0;
  readonly #home: Uint8Array;
  readonly #homeView: DataView;
  #spare: Uint8Array | undefined;

  /** `home`: the shared area messages are written to while they fit. */
  constructor(home: Uint8Array) {
    this.#home = home;
    this.#homeView = new DataView(home.buffer, home.byteOffset, home.byteLength);
    this.bytes = home;
    this.view = this.#homeView;
  }

  /** True while the message is in the shared area, where the other side reads it. */
  get inPlace(): boolean {
    return this.bytes === this.#home;
  }

  reset(): void {
    this.pos = 0;
    if (this.bytes !== this.#home) {
      this.#spare = this.bytes;
      this.bytes = this.#home;
      this.view = this.#homeView;
    }
  }

  /** Makes room for `n` more bytes, moving to a private buffer once the shared one is too small. */
  room(n: number): void {
    const need = this.pos + n;
    if (need <= this.bytes.length) return;
    const spare = this.#spare;
    const next = spare !== undefined && spare.length >= need ? spare : new Uint8Array(Math.max(this.bytes.length * 2, need));
    next.set(this.bytes.subarray(0, this.pos));
    if (next === spare) this.#spare = undefined;
    this.bytes = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  u8(v: number): void {
    this.room(1);
    this.bytes[this.pos++] = v;
  }

  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  i32(v: number): void {
    this.room(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  u64(v: bigint): void {
    this.room(8);
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
  }

  i64(v: bigint): void {
    this.room(8);
    this.view.setBigInt64(this.pos, v, true);
    this.pos += 8;
  }

  /** Length-prefixed UTF-8. */
  string(s: string): void {
    const n = s.length;
    this.room(4 + n);
    const start = this.pos + 4;
    const bytes = this.bytes;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.bytes8(utf8Out.encode(s));
        return;
      }
      bytes[start + i] = c;
    }
    this.view.setUint32(this.pos, n, true);
    this.pos = start + n;
  }

  /** Length-prefixed bytes. */
  bytes8(b: Uint8Array): void {
    const n = b.length;
    this.room(4 + n);
    this.view.setUint32(this.pos, n, true);
    this.bytes.set(b, this.pos + 4);
    this.pos += 4 + n;
  }
}

export class Reader {
  bytes: Uint8Array = new Uint8Array(0);
  view: DataView = new DataView(new ArrayBuffer(0));
  pos = 0;
  #scratch = new Uint8Array(256);

  /** Reads the message in `bytes` from its start; `view` must cover the same bytes. */
  attach(bytes: Uint8Array, view: DataView): void {
    this.bytes = bytes;
    this.view = view;
    this.pos = 0;
  }

  u8(): number {
    return this.bytes[this.pos++]!;
  }

  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(): number {
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  u64(): bigint {
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  i64(): bigint {
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  string(): string {
    const n = this.u32();
    const start = this.pos;
    this.pos += n;
    const bytes = this.bytes;
    if (n <= SHORT_STRING) {
      let s = '';
      let i = 0;
      for (; i < n && bytes[start + i]! < 0x80; i++) s += String.fromCharCode(bytes[start + i]!);
      if (i === n) return s;
    }
    if (this.#scratch.length < n) this.#scratch = new Uint8Array(Math.max(n, this.#scratch.length * 2));
    this.#scratch.set(bytes.subarray(start, start + n));
    return utf8In.decode(this.#scratch.subarray(0, n));
  }

  /** A copy: the shared area is reused by the next message, and a host may keep what it is given. */
  bytes8(): Uint8Array {
    const n = this.u32();
    const copy = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return copy;
  }
}

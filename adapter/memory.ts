import { Errno, Iovec } from './abi.js';

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bounds-checked access to the guest's linear memory. Every out-of-range
 * access throws EFAULT instead of a RangeError.
 *
 * The views are rebuilt only when the memory has grown, and finding that out
 * must be cheap: reading `memory.buffer` costs about 20 ns, a third of a whole
 * clock_time_get. Growing a non-shared memory detaches the old buffer, so its
 * views read as empty; a shared memory's old buffer stays valid but short, so
 * an access past its end looks again before it fails.
 */
export class GuestMemory {
  #memory: WebAssembly.Memory | undefined;
  view = new DataView(new ArrayBuffer(0));
  bytes = new Uint8Array(0);
  /** Scratch space for gathering iovecs; grows, never shrinks. */
  #scratch = new Uint8Array(4096);

  attach(memory: WebAssembly.Memory): void {
    this.#memory = memory;
    this.#reload();
  }

  get attached(): boolean {
    return this.#memory !== undefined;
  }

  /** Call at the start of every preview1 call: memory may have grown since. */
  refresh(): void {
    if (this.bytes.length === 0) this.#reload();
  }

  #reload(): void {
    const buffer = this.#memory?.buffer;
    if (buffer !== undefined && buffer !== this.bytes.buffer) {
      this.view = new DataView(buffer);
      this.bytes = new Uint8Array(buffer);
    }
  }

  check(ptr: number, len: number): void {
    if (ptr < 0 || len < 0) throw Errno.FAULT;
    if (ptr + len > this.bytes.length) {
      this.#reload();
      if (ptr + len > this.bytes.length) throw Errno.FAULT;
    }
  }

  u8(ptr: number): number { this.check(ptr, 1); return this.view.getUint8(ptr); }
  u16(ptr: number): number { this.check(ptr, 2); return this.view.getUint16(ptr, true); }
  u32(ptr: number): number { this.check(ptr, 4); return this.view.getUint32(ptr, true); }
  u64(ptr: number): bigint { this.check(ptr, 8); return this.view.getBigUint64(ptr, true); }
  setU8(ptr: number, v: number): void { this.check(ptr, 1); this.view.setUint8(ptr, v); }
  setU16(ptr: number, v: number): void { this.check(ptr, 2); this.view.setUint16(ptr, v, true); }
  setU32(ptr: number, v: number): void { this.check(ptr, 4); this.view.setUint32(ptr, v, true); }
  setU64(ptr: number, v: bigint): void { this.check(ptr, 8); this.view.setBigUint64(ptr, v, true); }

  /** A view (not a copy) of guest bytes. */
  slice(ptr: number, len: number): Uint8Array {
    this.check(ptr, len);
    return this.bytes.subarray(ptr, ptr + len);
  }

  write(ptr: number, data: Uint8Array): void {
    this.check(ptr, data.length);
    this.bytes.set(data, ptr);
  }

  /** Decodes a path or other string argument; invalid UTF-8 is EILSEQ. */
  string(ptr: number, len: number): string {
    const bytes = this.slice(ptr, len);
    try {
      return strictUtf8.decode(bytes);
    } catch {
      throw Errno.ILSEQ;
    }
  }

  /** Encodes into guest memory, returning the bytes written (truncated to `max`). */
  writeString(ptr: number, s: string, max: number): number {
    const encoded = utf8.encode(s);
    const n = Math.min(encoded.length, max);
    this.write(ptr, n === encoded.length ? encoded : encoded.subarray(0, n));
    return n;
  }

  /** Validates an iovec array and returns the sum of its lengths. */
  iovecTotal(iovs: number, count: number): number {
    this.check(iovs, count * Iovec.SIZE);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const at = iovs + i * Iovec.SIZE;
      const buf = this.view.getUint32(at + Iovec.buf, true);
      const len = this.view.getUint32(at + Iovec.len, true);
      this.check(buf, len);
      total += len;
    }
    return total;
  }

  /**
   * Where the guest's bytes lie when one iovec of an array (validated by
   * iovecTotal) holds all `total` of them and the others are empty; -1 when
   * they are spread over several.
   */
  whole(iovs: number, count: number, total: number): number {
    const view = this.view;
    for (let i = 0; i < count; i++) {
      const at = iovs + i * Iovec.SIZE;
      const len = view.getUint32(at + Iovec.len, true);
      if (len === total) return view.getUint32(at + Iovec.buf, true);
      if (len !== 0) break;
    }
    return -1;
  }

  /** Reused scratch space of at least `total` bytes, for iovecs that are spread. */
  scratch(total: number): Uint8Array {
    if (this.#scratch.length < total) this.#scratch = new Uint8Array(Math.max(total, this.#scratch.length * 2));
    return this.#scratch;
  }

  /**
   * The bytes of a ciovec array as one view: the guest's own bytes when one
   * iovec holds them all, else a copy into reused scratch space.
   */
  gather(iovs: number, count: number): Uint8Array {
    const total = this.iovecTotal(iovs, count);
    const whole = this.whole(iovs, count, total);
    if (whole >= 0) return this.bytes.subarray(whole, whole + total);
    const view = this.view;
    const scratch = this.scratch(total);
    let off = 0;
    for (let i = 0; i < count; i++) {
      const at = iovs + i * Iovec.SIZE;
      const buf = view.getUint32(at + Iovec.buf, true);
      const len = view.getUint32(at + Iovec.len, true);
      scratch.set(this.bytes.subarray(buf, buf + len), off);
      off += len;
    }
    return scratch.subarray(0, total);
  }

  /** Spreads `data` over an iovec array already validated by iovecTotal. */
  scatter(iovs: number, count: number, data: Uint8Array): void {
    const view = this.view;
    let off = 0;
    for (let i = 0; i < count && off < data.length; i++) {
      const at = iovs + i * Iovec.SIZE;
      const buf = view.getUint32(at + Iovec.buf, true);
      const len = Math.min(view.getUint32(at + Iovec.len, true), data.length - off);
      this.bytes.set(data.subarray(off, off + len), buf);
      off += len;
    }
  }
}

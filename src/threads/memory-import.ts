/**
 * The memory a threaded module imports, read from its bytes: the JS API
 * gives an import's kind but not its limits or whether it is shared (type
 * reflection is still behind a flag), and the shared memory every thread
 * instantiates with must be made to the module's own limits.
 */

export interface MemoryImport {
  module: string;
  name: string;
  /** In 64 KiB pages. */
  initial: number;
  maximum: number | undefined;
  shared: boolean;
}

const IMPORT_SECTION = 2;
const KIND_FUNCTION = 0;
const KIND_TABLE = 1;
const KIND_MEMORY = 2;
const KIND_GLOBAL = 3;
const KIND_TAG = 4;
const LIMITS_HAS_MAX = 1;
const LIMITS_SHARED = 2;
const LIMITS_MEMORY64 = 4;
const HEADER_BYTES = 8;
const utf8 = new TextDecoder();

class Cursor {
  pos: number;
  constructor(readonly bytes: Uint8Array, pos: number) {
    this.pos = pos;
  }

  byte(): number {
    if (this.pos >= this.bytes.length) throw new RangeError('the module ends early');
    return this.bytes[this.pos++]!;
  }

  /** LEB128, unsigned; a memory64 limit past 2^53 is not a module anyone can run here. */
  uleb(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
  }

  name(): string {
    const n = this.uleb();
    const text = utf8.decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return text;
  }

  limits(): { flags: number; initial: number; maximum: number | undefined } {
    const flags = this.byte();
    const initial = this.uleb();
    return { flags, initial, maximum: flags & LIMITS_HAS_MAX ? this.uleb() : undefined };
  }

  /** A value type, as a global's or a table's element type: one byte, or a typed reference's heap type after it. */
  valueType(): void {
    const t = this.byte();
    if (t === 0x63 || t === 0x64) this.uleb();
  }
}

/** The module's imported memory, or undefined when it imports none. Throws RangeError on bytes that are not a module. */
export function memoryImport(bytes: Uint8Array): MemoryImport | undefined {
  if (bytes.length < HEADER_BYTES || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new RangeError('not a WebAssembly module: no \\0asm header');
  }
  const c = new Cursor(bytes, HEADER_BYTES);
  while (c.pos < bytes.length) {
    const id = c.byte();
    const size = c.uleb();
    const end = c.pos + size;
    if (id !== IMPORT_SECTION) {
      c.pos = end;
      continue;
    }
    for (let n = c.uleb(); n > 0; n--) {
      const module = c.name();
      const name = c.name();
      const kind = c.byte();
      if (kind === KIND_MEMORY) {
        const { flags, initial, maximum } = c.limits();
        if (flags & LIMITS_MEMORY64) return undefined;
        return { module, name, initial, maximum, shared: (flags & LIMITS_SHARED) !== 0 };
      }
      if (kind === KIND_FUNCTION) c.uleb();
      else if (kind === KIND_TABLE) {
        c.valueType();
        c.limits();
      } else if (kind === KIND_GLOBAL) {
        c.valueType();
        c.byte();
      } else if (kind === KIND_TAG) {
        c.byte();
        c.uleb();
      } else throw new RangeError(`unknown import kind ${kind}`);
    }
    return undefined;
  }
  return undefined;
}

// The byte encoding of values between a worker and the owner of its host, on
// one thread: what one Codec writes, another reads back as the same value.
import t from 'tap';
import { Reader, Writer } from '../src/worker/bytes.js';
import { Codec, Tag, type ResourceCodec } from '../src/worker/codec.js';

/** Resources are objects with an `id`; every other object is a record. */
class ById implements ResourceCodec {
  readonly byId = new Map<number, object>();
  write(w: Writer, value: object): boolean {
    const id = (value as { id?: unknown }).id;
    if (typeof id !== 'number') return false;
    w.u8(Tag.Resource);
    w.u32(id);
    return true;
  }
  read(r: Reader): object {
    const id = r.u32();
    return this.byId.get(id) ?? { id, proxy: true };
  }
  mark(): void {}
  undo(): void {}
}

const shared = new Uint8Array(new SharedArrayBuffer(256));

/** A sender and a receiver over one small shared area (messages that outgrow it move out). */
function pair() {
  const writer = new Writer(shared);
  const reader = new Reader();
  const out = new Codec(new ById());
  const back = new Codec(new ById());
  return {
    writer,
    send(value: unknown): number {
      writer.reset();
      out.mark();
      out.write(writer, value);
      return writer.pos;
    },
    fail(value: unknown): unknown {
      writer.reset();
      out.mark();
      try {
        out.write(writer, value);
      } catch (err) {
        out.undo();
        return err;
      }
      return undefined;
    },
    receive(): unknown {
      reader.attach(writer.bytes, writer.view);
      return back.read(reader);
    },
  };
}

t.test('plain values come back equal', async (t) => {
  const c = pair();
  const values: unknown[] = [
    undefined, null, true, false, 0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 0.5, Number.MAX_VALUE, Infinity, -Infinity,
    0n, 2n ** 64n - 1n, -(2n ** 63n), 'ascii', '', 'ünïcödé ✓ 𝄞', 'x'.repeat(1000), `${'é'.repeat(100)}`,
    [1, 'two', [3n]], { tag: 'last-operation-failed', val: { seconds: 1n, nanoseconds: 2 } }, { a: undefined },
  ];
  for (const v of values) {
    c.send(v);
    t.same(c.receive(), v, `${typeof v} ${String(v).slice(0, 20)}`);
  }
  c.send(-0);
  t.ok(Object.is(c.receive(), -0), '-0 stays -0');
  c.send(NaN);
  t.ok(Number.isNaN(c.receive()), 'NaN');
});

t.test('bytes and typed arrays come back as copies of their own class', async (t) => {
  const c = pair();
  const bytes = new Uint8Array([1, 2, 3, 250]);
  c.send(bytes);
  const got = c.receive() as Uint8Array;
  t.same([...got], [...bytes]);
  t.type(got, Uint8Array);
  t.not(got.buffer, shared.buffer, 'not a view of the shared area, which the next message overwrites');
  t.notOk(got.buffer instanceof SharedArrayBuffer);
  const words = new Uint32Array([0, 7, 0xffffffff]);
  c.send(words.subarray(1));
  const back = c.receive() as Uint32Array;
  t.type(back, Uint32Array);
  t.same([...back], [7, 0xffffffff]);
  c.send(new BigInt64Array([-5n]));
  t.same([...(c.receive() as BigInt64Array)], [-5n]);
});

t.test('record keys are sent in full only the first time', async (t) => {
  const c = pair();
  const first = c.send({ seconds: 1n, nanoseconds: 5 });
  t.same(c.receive(), { seconds: 1n, nanoseconds: 5 });
  const second = c.send({ seconds: 2n, nanoseconds: 6 });
  t.ok(second < first, `${second} bytes after ${first}`);
  t.same(c.receive(), { seconds: 2n, nanoseconds: 6 });
});

t.test('a message that fails to encode teaches the receiver nothing', async (t) => {
  const c = pair();
  t.match(c.fail({ fresh: 1, bad: Symbol('no') }), { name: 'TypeError' });
  t.match(c.fail(2n ** 64n), { name: 'RangeError' });
  t.match(c.fail(new DataView(new ArrayBuffer(4))), { name: 'TypeError' });
  // 'fresh' was written to the failed message only: it must be sent in full again.
  c.send({ fresh: 2 });
  t.same(c.receive(), { fresh: 2 });
});

t.test('errors come back with their class, name, message, stack and data', async (t) => {
  const c = pair();
  const plain = Object.assign(new Error('no such file'), { code: 'ENOENT', errno: -2, syscall: 'open' });
  c.send(plain);
  const got = c.receive() as Error & { code?: string; errno?: number };
  t.type(got, Error);
  t.equal(got.message, 'no such file');
  t.equal(got.code, 'ENOENT');
  t.equal(got.errno, -2);
  t.equal(got.stack, plain.stack);
  c.send(new WebAssembly.RuntimeError('unreachable'));
  t.type(c.receive(), WebAssembly.RuntimeError);
  class ComponentError extends Error {
    constructor(readonly payload: unknown) {
      super('component error');
      this.name = 'ComponentError';
    }
  }
  const component = new ComponentError({ tag: 'last-operation-failed', val: { id: 7 } });
  Object.defineProperty(component, 'payload', { enumerable: false });
  c.send(component);
  const back = c.receive() as Error & { payload?: unknown };
  t.equal(back.name, 'ComponentError');
  t.same(back.payload, { tag: 'last-operation-failed', val: { id: 7, proxy: true } }, 'a non-enumerable payload crosses, its resource as one');
});

t.test('a message larger than the shared area moves out of it, whole', async (t) => {
  const c = pair();
  const big = new Uint8Array(100_000).map((_, i) => i & 0xff);
  c.send([big, 'after']);
  t.notOk(c.writer.inPlace);
  const [bytes, after] = c.receive() as [Uint8Array, string];
  t.same(bytes, big);
  t.equal(after, 'after');
  c.send('small');
  t.ok(c.writer.inPlace, 'the next message is written in place again');
  t.equal(c.receive(), 'small');
});

import t from 'tap';
import { GuestMemory } from '../adapter/memory.js';
import { Errno } from '../adapter/abi.js';

const PAGE = 65536;

/** Whether `access` failed with EFAULT, as the adapter's bounds check throws it (a bare errno). */
function faults(access: () => unknown): boolean {
  try {
    access();
  } catch (e) {
    return e === Errno.FAULT;
  }
  return false;
}

t.test('after memory.grow, a call sees the new pages and the bytes already there', async (t) => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
  const mem = new GuestMemory();
  mem.attach(memory);
  mem.setU32(PAGE - 4, 0xfeedface);
  t.ok(faults(() => mem.setU32(PAGE, 1)), 'past the end is EFAULT');

  memory.grow(2);
  mem.refresh();
  t.equal(mem.bytes.length, 3 * PAGE);
  t.equal(mem.u32(PAGE - 4), 0xfeedface);
  mem.setU32(3 * PAGE - 4, 7);
  t.equal(new DataView(memory.buffer).getUint32(3 * PAGE - 4, true), 7, 'writes land in the grown memory');
  t.ok(faults(() => mem.u8(3 * PAGE)));
});

t.test('a grown memory is seen even by an access that comes before any refresh', async (t) => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
  const mem = new GuestMemory();
  mem.attach(memory);
  memory.grow(1);
  mem.setU8(2 * PAGE - 1, 9);
  t.equal(new Uint8Array(memory.buffer)[2 * PAGE - 1], 9);
});

t.test('a shared memory, whose old buffer is not detached by growing, is seen grown', async (t) => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
  const mem = new GuestMemory();
  mem.attach(memory);
  memory.grow(1);
  mem.refresh();
  mem.setU32(2 * PAGE - 4, 42);
  t.equal(new DataView(memory.buffer).getUint32(2 * PAGE - 4, true), 42);
  t.ok(faults(() => mem.setU32(2 * PAGE, 1)));
});

t.test('a zero-page memory faults on every non-empty access', async (t) => {
  const mem = new GuestMemory();
  mem.attach(new WebAssembly.Memory({ initial: 0 }));
  mem.refresh();
  t.ok(faults(() => mem.u8(0)));
  t.doesNotThrow(() => mem.check(0, 0));
});

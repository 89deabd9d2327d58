// The table's share count behind WASIX's fd_dup: an entry shared by several
// fds is dropped once, by the last of them to close, however they close
// (fd_close, fd_renumber over one, the module's end), and fds keep their own
// flags.
import t from 'tap';
import { ResourceTable, StreamEntry } from '../adapter/table.js';
import type { OutputStream } from '../adapter/host.js';

/** A stream that counts how often it is dropped. */
function counted(): { stream: OutputStream; drops: () => number } {
  let n = 0;
  const stream = { [Symbol.dispose]: () => { n++; } } as unknown as OutputStream;
  return { stream, drops: () => n };
}

t.test('the last fd closed drops the shared resource, once', async (t) => {
  const table = new ResourceTable();
  const { stream, drops } = counted();
  const fd = table.insertStreams(undefined, stream);
  const a = table.duplicate(fd)!;
  const b = table.duplicate(fd)!;
  t.same([fd, a, b], [0, 1, 2]);
  t.equal(table.get(a), table.get(fd), 'the same entry: one position, one set of status flags');
  t.ok(table.close(fd));
  t.ok(table.close(b));
  t.equal(drops(), 0);
  t.ok(table.close(a));
  t.equal(drops(), 1);
  t.notOk(table.close(a));
  t.equal(drops(), 1);
});

t.test('renumbering onto a dup of the same entry keeps it; over another drops that', async (t) => {
  const table = new ResourceTable();
  const shared = counted();
  const other = counted();
  const fd = table.insertStreams(undefined, shared.stream);
  const dup = table.duplicate(fd)!;
  const o = table.insertStreams(undefined, other.stream);
  t.ok(table.renumber(dup, fd));
  t.equal(shared.drops(), 0);
  t.same(table.fds(), [fd, o]);
  t.ok(table.renumber(fd, o));
  t.equal(other.drops(), 1);
  t.equal(shared.drops(), 0);
  table.closeAll();
  t.equal(shared.drops(), 1);
  t.equal(other.drops(), 1);
});

t.test('duplicate takes the lowest free fd from its minimum and leaves lower free fds for later', async (t) => {
  const table = new ResourceTable();
  const fd = table.insertStreams(undefined, counted().stream);
  t.equal(table.duplicate(fd, 10), 10);
  t.equal(table.duplicate(fd, 10), 11);
  t.equal(table.duplicate(fd), 1);
  t.equal(table.add(new StreamEntry(undefined, undefined)), 2);
  t.equal(table.duplicate(99), undefined);
});

t.test('each fd has its own flags, cleared when the fd goes', async (t) => {
  const table = new ResourceTable();
  const fd = table.insertStreams(undefined, counted().stream);
  const dup = table.duplicate(fd)!;
  table.setFdFlags(dup, 1);
  t.equal(table.fdFlags(dup), 1);
  t.equal(table.fdFlags(fd), 0);
  table.close(dup);
  t.equal(table.duplicate(fd), dup);
  t.equal(table.fdFlags(dup), 0);
});

t.test('an entry taken out with remove() is the caller\'s, even while dups share it', async (t) => {
  const table = new ResourceTable();
  const { stream, drops } = counted();
  const fd = table.insertStreams(undefined, stream);
  const dup = table.duplicate(fd)!;
  t.ok(table.remove(dup));
  t.ok(table.close(fd));
  t.equal(drops(), 0);
});

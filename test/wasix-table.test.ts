// The table's share count behind WASIX's fd_dup: an entry shared by several
// fds is dropped once, by the last of them to close, however they close
// (fd_close, fd_renumber over one, the module's end), and fds keep their own
// flags. Composed with give, lend and take: a dup of a lent fd never drops
// what was lent, and a dup'd fd taken leaves its resources to the caller
// while the dups left use them.
import t from 'tap';
import { StreamEntry, type TcpEntry, type UdpEntry } from '../adapter/entries.js';
import { ResourceTable } from '../adapter/table.js';

/** A resource that counts its drops, as any of the table's kinds. */
class Counted {
  drops = 0;
  getType(): string {
    return 'regular-file';
  }
  isListening(): boolean {
    return false;
  }
  [Symbol.dispose](): void {
    this.drops++;
  }
}

t.test('the last fd closed drops the shared resource, once', async (t) => {
  const table = new ResourceTable();
  const stream = new Counted();
  const fd = table.insertStreams(undefined, stream as never);
  const a = table.duplicate(fd)!;
  const b = table.duplicate(fd)!;
  t.same([fd, a, b], [0, 1, 2]);
  t.equal(table.get(a), table.get(fd), 'the same entry: one position, one set of status flags');
  t.ok(table.close(fd));
  t.ok(table.close(b));
  t.equal(stream.drops, 0);
  t.ok(table.close(a));
  t.equal(stream.drops, 1);
  t.notOk(table.close(a));
  t.equal(stream.drops, 1);
});

t.test('renumbering onto a dup of the same entry keeps it; over another drops that', async (t) => {
  const table = new ResourceTable();
  const [shared, other] = [new Counted(), new Counted()];
  const fd = table.insertStreams(undefined, shared as never);
  const dup = table.duplicate(fd)!;
  const o = table.insertStreams(undefined, other as never);
  t.ok(table.renumber(dup, fd));
  t.equal(shared.drops, 0);
  t.same(table.fds(), [fd, o]);
  t.ok(table.renumber(fd, o));
  t.equal(other.drops, 1);
  t.equal(shared.drops, 0);
  table.closeAll();
  t.equal(shared.drops, 1);
  t.equal(other.drops, 1);
});

t.test('duplicate takes the lowest free fd from its minimum and leaves lower free fds for later', async (t) => {
  const table = new ResourceTable();
  const fd = table.insertStreams(undefined, new Counted() as never);
  t.equal(table.duplicate(fd, 10), 10);
  t.equal(table.duplicate(fd, 10), 11);
  t.equal(table.duplicate(fd), 1);
  t.equal(table.add(new StreamEntry(undefined, undefined)), 2);
  t.equal(table.duplicate(99), undefined);
});

t.test('each fd has its own flags, cleared when the fd goes', async (t) => {
  const table = new ResourceTable();
  const fd = table.insertStreams(undefined, new Counted() as never);
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
  const stream = new Counted();
  const fd = table.insertStreams(undefined, stream as never);
  const dup = table.duplicate(fd)!;
  t.ok(table.remove(dup));
  t.ok(table.close(fd));
  t.equal(stream.drops, 0);
});

t.test('a lent resource that is dup\'d is never dropped by the table, however its fds go', async (t) => {
  const table = new ResourceTable();
  const [input, output, file] = [new Counted(), new Counted(), new Counted()];
  const fs = table.lend({ kind: 'streams', input: input as never, output: output as never });
  const fsDup = table.duplicate(fs)!;
  const ff = table.lend({ kind: 'descriptor', descriptor: file as never });
  const ffDup = table.duplicate(ff, 40)!;
  t.ok(table.close(fs));
  t.ok(table.renumber(ffDup, ff), 'fd_renumber of one dup onto the other');
  t.ok(table.close(fsDup));
  table.closeAll();
  t.same([input.drops, output.drops, file.drops], [0, 0, 0]);
  t.equal(table.size, 0);
});

t.test('a given resource that is dup\'d is dropped once, by the last fd', async (t) => {
  const table = new ResourceTable();
  const file = new Counted();
  const fd = table.give({ kind: 'descriptor', descriptor: file as never });
  table.duplicate(fd);
  table.duplicate(fd, 7);
  t.ok(table.close(fd));
  t.equal(file.drops, 0);
  table.closeAll();
  t.equal(file.drops, 1);
});

t.test('what the adapter made on a lent socket that is dup\'d is dropped once, by the last fd', async (t) => {
  const table = new ResourceTable();
  const [socket, input, output] = [new Counted(), new Counted(), new Counted()];
  const fd = table.lend({ kind: 'tcp-socket', socket: socket as never });
  Object.assign(table.get(fd) as TcpEntry, { input, output });
  const dup = table.duplicate(fd)!;
  t.ok(table.close(dup));
  t.same([socket.drops, input.drops, output.drops], [0, 0, 0]);
  t.ok(table.close(fd));
  t.same([socket.drops, input.drops, output.drops], [0, 1, 1]);
});

t.test('taking a dup\'d given fd: the caller owns the resource, the dups left use it and never drop it', async (t) => {
  const table = new ResourceTable();
  const [socket, input, output] = [new Counted(), new Counted(), new Counted()];
  const fd = table.give({ kind: 'tcp-socket', socket: socket as never, input: input as never, output: output as never });
  const dup = table.duplicate(fd)!;
  t.same(table.take(fd), { kind: 'tcp-socket', socket, input, output, owned: true });
  t.same(table.resource(dup), { kind: 'tcp-socket', socket, input, output }, 'the dup still holds it');
  t.equal(table.take(fd), undefined, 'the taken fd is gone');
  t.ok(table.close(dup));
  t.same([socket.drops, input.drops, output.drops], [0, 0, 0], 'the caller drops them, not the table');
});

t.test('taking a dup\'d lent fd: still the lender\'s; what the adapter made stays the dups\', dropped by the last', async (t) => {
  const table = new ResourceTable();
  const [socket, input, output] = [new Counted(), new Counted(), new Counted()];
  const fd = table.lend({ kind: 'tcp-socket', socket: socket as never, input: input as never });
  Object.assign(table.get(fd) as TcpEntry, { output });
  const dup = table.duplicate(fd)!;
  t.same(table.take(dup), { kind: 'tcp-socket', socket, input, output: undefined, owned: false });
  t.same([socket.drops, input.drops, output.drops], [0, 0, 0], 'the fd left still uses the stream made for it');
  t.ok(table.close(fd));
  t.same([socket.drops, input.drops, output.drops], [0, 0, 1]);
});

t.test('taking a dup\'d UDP fd leaves the dups their datagram streams', async (t) => {
  const table = new ResourceTable();
  const [socket, incoming, outgoing] = [new Counted(), new Counted(), new Counted()];
  const fd = table.give({ kind: 'udp-socket', socket: socket as never });
  const entry = table.get(fd) as UdpEntry;
  entry.setStreams([incoming as never, outgoing as never]);
  const dup = table.duplicate(fd)!;
  t.same(table.take(fd), { kind: 'udp-socket', socket, owned: true });
  t.same([incoming.drops, outgoing.drops], [0, 0]);
  t.ok(table.close(dup));
  t.same([socket.drops, incoming.drops, outgoing.drops], [0, 1, 1], 'the socket is the caller\'s, its streams the table\'s');
});

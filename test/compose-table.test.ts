import t from 'tap';
import { Filetype } from '../adapter/abi.js';
import type { Descriptor, InputStream, OutputStream, TcpSocket, UdpSocket } from '../adapter/host.js';
import { DirectoryEntry, StreamEntry, TcpEntry, UdpEntry } from '../adapter/entries.js';
import { ResourceTable } from '../adapter/table.js';

/** A resource that counts its drops; a descriptor also says its type. */
class Counted {
  drops = 0;
  constructor(private readonly type = 'regular-file') {}
  getType(): string {
    return this.type;
  }
  isListening(): boolean {
    return false;
  }
  [Symbol.dispose](): void {
    this.drops++;
  }
}

const descriptor = (type?: string) => new Counted(type) as Counted & Descriptor;
const stream = () => new Counted() as Counted & InputStream & OutputStream;

t.test('give: the fd owns the resource and drops it once, however the fd goes', async (t) => {
  const table = new ResourceTable();
  const [a, b, c] = [descriptor(), stream(), descriptor()];
  const fa = table.give({ kind: 'descriptor', descriptor: a });
  const fb = table.give({ kind: 'streams', input: b });
  const fc = table.give({ kind: 'descriptor', descriptor: c });
  t.same([fa, fb, fc], [0, 1, 2], 'lowest free fds');
  t.ok(table.close(fa));
  t.equal(a.drops, 1, 'fd_close drops it');
  t.ok(table.renumber(fc, fb));
  t.equal(b.drops, 1, 'fd_renumber over it drops it');
  table.closeAll();
  t.same([a.drops, b.drops, c.drops], [1, 1, 1], 'closeAll drops the rest, and nothing twice');
});

t.test('lend: closing the fd forgets the resource, which stays its owner\'s', async (t) => {
  const table = new ResourceTable();
  const [file, input, output, dir] = [descriptor(), stream(), stream(), descriptor('directory')];
  const ff = table.lend({ kind: 'descriptor', descriptor: file });
  const fs = table.lend({ kind: 'streams', input, output });
  const fd = table.lend({ kind: 'descriptor', descriptor: dir });
  t.equal(table.get(ff)?.kind, 'file');
  t.equal(table.get(fd)?.kind, 'directory');
  t.equal(table.resource(fs)?.kind, 'streams');
  table.close(ff);
  table.renumber(fd, fs);
  table.closeAll();
  t.same([file.drops, input.drops, output.drops, dir.drops], [0, 0, 0, 0]);
  t.equal(table.size, 0);
});

t.test('lend: what the adapter made for the fd itself is still dropped', async (t) => {
  const table = new ResourceTable();
  const [dir, reopened, listing] = [descriptor('directory'), descriptor(), stream()];
  const fd = table.lend({ kind: 'descriptor', descriptor: dir });
  const entry = table.get(fd) as DirectoryEntry;
  entry.reopened = reopened;
  entry.readdir = { stream: listing as never, next: 0n };
  table.close(fd);
  t.same([dir.drops, reopened.drops, listing.drops], [0, 1, 1]);

  const socket = new Counted() as Counted & TcpSocket;
  const [input, output] = [stream(), stream()];
  const tcp = table.lend({ kind: 'tcp-socket', socket });
  Object.assign(table.get(tcp) as TcpEntry, { input, output });
  table.close(tcp);
  t.same([socket.drops, input.drops, output.drops], [0, 1, 1], 'streams made on a lent socket are the table\'s');
});

t.test('fd option: the resource goes at that fd, closing what was there by its own rule', async (t) => {
  const table = new ResourceTable();
  const [stdin, lentStdin, mine] = [stream(), stream(), stream()];
  t.equal(table.give({ kind: 'streams', input: stdin }), 0);
  t.equal(table.lend({ kind: 'streams', input: lentStdin }, { fd: 0 }), 0);
  t.equal(stdin.drops, 1, 'the given stream it replaced was dropped');
  t.equal(table.give({ kind: 'streams', input: mine }, { fd: 0 }), 0);
  t.equal(lentStdin.drops, 0, 'the lent one it replaced was not');
  t.equal(table.give({ kind: 'streams', output: stream() }, { fd: 7 }), 7, 'past the end');
  t.same(table.fds(), [0, 7]);
  t.same([table.give({ kind: 'streams' }), table.give({ kind: 'streams' })], [1, 2], 'lower fds stay free');
  for (const bad of [-1, 1.5, 65536, 2 ** 31, Number.NaN]) t.throws(() => table.give({ kind: 'streams' }, { fd: bad }), RangeError);
});

t.test('what the guest sees: a preopen name, a stream filetype', async (t) => {
  const table = new ResourceTable();
  const dir = table.lend({ kind: 'descriptor', descriptor: descriptor('directory') }, { preopen: '/shared' });
  t.equal((table.get(dir) as DirectoryEntry).preopen, '/shared');
  const socketLike = table.give({ kind: 'streams', input: stream() }, { filetype: Filetype.SOCKET_STREAM });
  t.equal((table.get(socketLike) as StreamEntry).filetype, Filetype.SOCKET_STREAM);
  const plain = table.give({ kind: 'streams', input: stream() });
  t.equal((table.get(plain) as StreamEntry).filetype, Filetype.CHARACTER_DEVICE, 'a character device by default');
});

t.test('take: the fd goes, nothing is dropped, and the caller learns whether it now owns the resources', async (t) => {
  const table = new ResourceTable();
  const [given, lent] = [descriptor(), descriptor()];
  const fg = table.give({ kind: 'descriptor', descriptor: given });
  const fl = table.lend({ kind: 'descriptor', descriptor: lent });
  t.same(table.take(fg), { kind: 'descriptor', descriptor: given, owned: true });
  t.same(table.take(fl), { kind: 'descriptor', descriptor: lent, owned: false });
  t.equal(table.take(fg), undefined, 'a closed fd');
  t.same([given.drops, lent.drops], [0, 0]);
  t.equal(table.size, 0);
  table.closeAll();
  t.same([given.drops, lent.drops], [0, 0], 'taken: no longer the table\'s');
});

t.test('take drops what the caller cannot reach, keeps what it can', async (t) => {
  const table = new ResourceTable();
  const [dir, reopened] = [descriptor('directory'), descriptor()];
  const fd = table.give({ kind: 'descriptor', descriptor: dir });
  (table.get(fd) as DirectoryEntry).reopened = reopened;
  t.same(table.take(fd), { kind: 'descriptor', descriptor: dir, owned: true });
  t.same([dir.drops, reopened.drops], [0, 1], 'the second handle the adapter made is dropped');

  const udp = new Counted() as Counted & UdpSocket;
  const [incoming, outgoing] = [stream(), stream()];
  const fu = table.give({ kind: 'udp-socket', socket: udp });
  (table.get(fu) as UdpEntry).setStreams([incoming as never, outgoing as never]);
  t.same(table.take(fu), { kind: 'udp-socket', socket: udp, owned: true });
  t.same([udp.drops, incoming.drops, outgoing.drops], [0, 1, 1], 'a UDP socket\'s streams are the adapter\'s');

  const tcp = new Counted() as Counted & TcpSocket;
  const [input, output, made] = [stream(), stream(), stream()];
  const ft = table.lend({ kind: 'tcp-socket', socket: tcp, input });
  (table.get(ft) as TcpEntry).output = made;
  t.same(table.take(ft), { kind: 'tcp-socket', socket: tcp, input, output: undefined, owned: false });
  t.same([tcp.drops, input.drops, made.drops], [0, 0, 1], 'lent: only what was lent comes back');
  const fo = table.give({ kind: 'tcp-socket', socket: tcp, input, output });
  t.same(table.take(fo), { kind: 'tcp-socket', socket: tcp, input, output, owned: true });
  t.same([tcp.drops, input.drops, output.drops], [0, 0, 0]);
});

t.test('a host\'s shared stdio is taken as lent', async (t) => {
  const table = new ResourceTable();
  const shared = stream();
  const fd = table.add(new StreamEntry(undefined, shared, Filetype.CHARACTER_DEVICE, false));
  t.same(table.take(fd), { kind: 'streams', input: undefined, output: shared, owned: false });
  t.equal(shared.drops, 0);
});

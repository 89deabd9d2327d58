import t from 'tap';
import { code, drop } from './support.js';
import type { Host, InputStream, IpSocketAddress } from '../adapter/host.js';
import { createNodeHost } from '../src/hosts/node/index.js';

const enc = new TextEncoder();
const text = (b: Uint8Array) => Buffer.from(b).toString();
const LOOPBACK: IpSocketAddress = { tag: 'ipv4', val: { port: 0, address: [127, 0, 0, 1] } };

function grantedHost(): Host {
  return createNodeHost({ preopens: {}, network: { connect: true, listen: true, lookup: true } });
}

function listen(h: Host) {
  const net = h['wasi:sockets/instance-network']!.instanceNetwork();
  const l = h['wasi:sockets/tcp-create-socket']!.createTcpSocket('ipv4');
  l.startBind(net, LOOPBACK);
  l.finishBind();
  l.startListen();
  l.finishListen();
  return { net, l, addr: l.localAddress() };
}

function connectPair(h: Host) {
  const { net, l, addr } = listen(h);
  const c = h['wasi:sockets/tcp-create-socket']!.createTcpSocket('ipv4');
  c.startConnect(net, addr);
  const connected = c.subscribe();
  connected.block();
  const [ci, co] = c.finishConnect();
  const acceptable = l.subscribe();
  acceptable.block();
  const [s, si, so] = l.accept();
  drop(connected, acceptable);
  return { l, c, ci, co, s, si, so, addr };
}

function readExactly(i: InputStream, n: number): string {
  let out = '';
  while (out.length < n) out += text(i.blockingRead(BigInt(n - out.length)));
  return out;
}

t.test('tcp: listen, connect, accept, echo with blocking and non-blocking calls', async (t) => {
  const h = grantedHost();
  const { l, c, ci, co, s, si, so, addr } = connectPair(h);
  t.equal(l.isListening(), true);
  t.equal(addr.tag, 'ipv4');
  t.ok(addr.val.port > 0, 'bound to an ephemeral port');
  t.same(s.remoteAddress(), c.localAddress());
  t.same(c.remoteAddress(), addr);
  t.equal(c.addressFamily(), 'ipv4');
  t.equal(code(() => l.accept()), 'would-block', 'no second connection waiting');
  t.equal(code(() => c.finishConnect()), 'not-in-progress');

  t.same(si.read(10n), new Uint8Array(0), 'non-blocking read with nothing there');
  t.ok(co.checkWrite() > 0n);
  for (let k = 0; k < 50; k++) co.write(enc.encode(`m${k % 10};`));
  co.blockingFlush();
  const p = si.subscribe();
  p.block();
  t.equal(p.ready(), true);
  t.equal(readExactly(si, 150), 'm0;m1;m2;m3;m4;m5;m6;m7;m8;m9;'.repeat(5), 'small writes arrive in order');
  so.blockingWriteAndFlush(enc.encode('pong'));
  t.equal(readExactly(ci, 4), 'pong');

  const big = new Uint8Array(3 << 20).map((_, i) => i & 0xff);
  co.blockingWriteAndFlush(big.subarray(0, 1 << 20));
  let got = 0;
  let ok = true;
  while (got < 1 << 20) {
    const chunk = si.blockingRead(1n << 20n);
    for (let i = 0; i < chunk.length; i++) if (chunk[i] !== ((got + i) & 0xff)) ok = false;
    got += chunk.length;
  }
  t.ok(ok, 'a 1 MiB write arrives intact');
  drop(p, ci, co, si, so, s, c, l);
});

t.test('tcp: shutdown honours its type', async (t) => {
  const h = grantedHost();
  const { l, c, ci, co, s, si, so } = connectPair(h);
  c.shutdown('send');
  t.same(code(() => co.write(enc.encode('x'))), { tag: 'closed' }, 'nothing more can be sent');
  t.same(code(() => si.blockingRead(10n)), { tag: 'closed' }, 'the peer sees the end of stream');
  so.blockingWriteAndFlush(enc.encode('still open'));
  t.equal(readExactly(ci, 10), 'still open', 'the other direction still works');
  s.shutdown('receive');
  t.same(code(() => si.read(1n)), { tag: 'closed' });
  so.blockingWriteAndFlush(enc.encode('after'));
  t.equal(readExactly(ci, 5), 'after', 'shutting down receive leaves send open');
  s.shutdown('both');
  t.same(code(() => so.write(enc.encode('x'))), { tag: 'closed' });
  t.same(code(() => ci.blockingRead(10n)), { tag: 'closed' });
  drop(ci, co, si, so, s, c, l);
});

t.test('tcp: poll over several sockets and a clock returns the ready ones', async (t) => {
  const h = grantedHost();
  const a = connectPair(h);
  const b = connectPair(h);
  const { poll } = h['wasi:io/poll'];
  const clock = h['wasi:clocks/monotonic-clock'].subscribeDuration(30_000_000_000n);
  const pa = a.si.subscribe();
  const pb = b.si.subscribe();
  b.co.blockingWriteAndFlush(enc.encode('b'));
  t.same([...poll([clock, pa, pb])], [2], 'only the socket with data');
  a.co.blockingWriteAndFlush(enc.encode('a'));
  pa.block();
  t.same([...poll([clock, pa, pb])], [1, 2], 'every ready pollable');
  t.equal(text(a.si.read(10n)), 'a');
  t.equal(text(b.si.read(10n)), 'b');
  const short = h['wasi:clocks/monotonic-clock'].subscribeDuration(5_000_000n);
  t.same([...poll([pa, pb, short])], [2], 'the deadline ends a wait no socket ends');
  const out = a.so.subscribe();
  t.equal(out.ready(), true, 'room to write');
  drop(clock, pa, pb, short, out);
  for (const x of [a, b]) drop(x.ci, x.co, x.si, x.so, x.s, x.c, x.l);
});

t.test('tcp: errors and states', async (t) => {
  const h = grantedHost();
  const net = h['wasi:sockets/instance-network']!.instanceNetwork();
  const create = h['wasi:sockets/tcp-create-socket']!.createTcpSocket;
  const s = create('ipv4');
  t.equal(code(() => s.finishBind()), 'not-in-progress');
  t.equal(code(() => s.startListen()), 'invalid-state');
  t.equal(code(() => s.startBind(net, { tag: 'ipv6', val: { port: 0, address: [0, 0, 0, 0, 0, 0, 0, 1], flowInfo: 0, scopeId: 0 } })), 'invalid-argument');
  t.equal(code(() => s.startConnect(net, { tag: 'ipv4', val: { port: 0, address: [127, 0, 0, 1] } })), 'invalid-argument');
  t.equal(code(() => s.setKeepAliveCount(0)), 'invalid-argument');
  s.setKeepAliveEnabled(true);
  t.equal(s.keepAliveEnabled(), true);
  // A port with nobody listening: bind one, close it, connect to it.
  const { l, addr } = listen(h);
  drop(l);
  s.startConnect(net, addr);
  const p = s.subscribe();
  p.block();
  t.equal(code(() => s.finishConnect()), 'connection-refused');
  const taken = listen(h);
  const again = create('ipv4');
  again.startBind(net, taken.addr);
  t.equal(code(() => again.finishBind()), 'address-in-use');
  drop(p, s, again, taken.l);
});

t.test('network access only as the config grants', async (t) => {
  const denied = createNodeHost({ preopens: {} });
  const net = denied['wasi:sockets/instance-network']!.instanceNetwork();
  const tcp = denied['wasi:sockets/tcp-create-socket']!.createTcpSocket('ipv4');
  t.equal(code(() => tcp.startBind(net, LOOPBACK)), 'access-denied');
  t.equal(code(() => tcp.startConnect(net, { tag: 'ipv4', val: { port: 80, address: [127, 0, 0, 1] } })), 'access-denied');
  t.equal(code(() => denied['wasi:sockets/ip-name-lookup']!.resolveAddresses(net, 'localhost')), 'access-denied');
  const udp = denied['wasi:sockets/udp-create-socket']!.createUdpSocket('ipv4');
  t.equal(code(() => udp.startBind(net, LOOPBACK)), 'access-denied');
  const connectOnly = createNodeHost({ preopens: {}, network: { connect: true } });
  const s = connectOnly['wasi:sockets/tcp-create-socket']!.createTcpSocket('ipv4');
  s.startBind(connectOnly['wasi:sockets/instance-network']!.instanceNetwork(), LOOPBACK);
  s.finishBind();
  t.equal(code(() => s.startListen()), 'access-denied', 'connect does not grant listen');
  drop(tcp, udp, s);
});

t.test('udp: a datagram round trip on loopback', async (t) => {
  const h = grantedHost();
  const net = h['wasi:sockets/instance-network']!.instanceNetwork();
  const create = h['wasi:sockets/udp-create-socket']!.createUdpSocket;
  const a = create('ipv4');
  const b = create('ipv4');
  t.equal(code(() => a.stream(undefined)), 'invalid-state', 'not bound yet');
  for (const u of [a, b]) {
    u.startBind(net, LOOPBACK);
    u.finishBind();
  }
  const aAddr = a.localAddress();
  const bAddr = b.localAddress();
  const [ain, aout] = a.stream(undefined);
  const [bin, bout] = b.stream(aAddr);
  t.same(b.remoteAddress(), aAddr);
  t.ok(aout.checkSend() > 0n);
  t.equal(aout.send([{ data: enc.encode('one'), remoteAddress: bAddr }, { data: enc.encode('two'), remoteAddress: bAddr }]), 2n);
  const pb = bin.subscribe();
  pb.block();
  const got: string[] = [];
  while (got.length < 2) {
    for (const d of bin.receive(10n)) {
      got.push(text(d.data));
      t.same(d.remoteAddress, aAddr);
    }
    if (got.length < 2) pb.block();
  }
  t.same(got, ['one', 'two']);
  t.equal(bout.send([{ data: enc.encode('reply') }]), 1n, 'a connected stream sends to its peer');
  t.equal(code(() => aout.send([{ data: enc.encode('x') }])), 'invalid-argument', 'an unconnected stream needs an address');
  const pa = ain.subscribe();
  pa.block();
  const r = ain.receive(1n);
  t.equal(text(r[0]!.data), 'reply');
  t.same(r[0]!.remoteAddress, bAddr);
  t.same(ain.receive(5n), [], 'nothing more');
  drop(pa, pb, ain, aout, bin, bout, a, b);
});

t.test('ip-name-lookup resolves names and literals', async (t) => {
  const h = grantedHost();
  const net = h['wasi:sockets/instance-network']!.instanceNetwork();
  const lookup = h['wasi:sockets/ip-name-lookup']!;
  const lit = lookup.resolveAddresses(net, '10.1.2.3');
  t.same(lit.resolveNextAddress(), { tag: 'ipv4', val: [10, 1, 2, 3] });
  t.equal(lit.resolveNextAddress(), undefined);
  t.same(lookup.resolveAddresses(net, '::1').resolveNextAddress(), { tag: 'ipv6', val: [0, 0, 0, 0, 0, 0, 0, 1] });
  const s = lookup.resolveAddresses(net, 'localhost');
  s.subscribe().block();
  const all = [];
  for (let a = s.resolveNextAddress(); a; a = s.resolveNextAddress()) all.push(a);
  t.ok(all.some((a) => a.tag === 'ipv4' ? a.val.join('.') === '127.0.0.1' : a.val.join(',') === '0,0,0,0,0,0,0,1'), 'localhost is loopback');
  t.equal(code(() => lookup.resolveAddresses(net, 'bad name!')), 'invalid-argument');
});

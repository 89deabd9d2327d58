// The node host's TCP connections move their bytes through shared rings and
// reuse their blocks: wrap-around at odd sizes, many connections at once and
// again, a listener closed with connections nobody accepted, and a program
// that exits right after closing a connection it wrote more to than the peer
// had read.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { childEnv, code, drop, moduleEvalArgs } from './support.js';
import type { Host, InputStream, IpSocketAddress, OutputStream, TcpSocket } from '../adapter/host.js';
import { createNodeHost } from '../src/hosts/node/index.js';

const LOOPBACK: IpSocketAddress = { tag: 'ipv4', val: { port: 0, address: [127, 0, 0, 1] } };
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function grantedHost(): Host {
  return createNodeHost({ preopens: {}, network: { connect: true, listen: true } });
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

interface Pair { c: TcpSocket; ci: InputStream; co: OutputStream; s: TcpSocket; si: InputStream; so: OutputStream }

/** `n` connections to `l`, all connected before any is accepted. */
function connectMany(h: Host, net: unknown, l: TcpSocket, addr: IpSocketAddress, n: number): Pair[] {
  const clients = Array.from({ length: n }, () => {
    const c = h['wasi:sockets/tcp-create-socket']!.createTcpSocket('ipv4');
    c.startConnect(net as never, addr);
    return c;
  });
  const pairs: Pair[] = [];
  for (const c of clients) {
    const p = c.subscribe();
    p.block();
    drop(p);
    const [ci, co] = c.finishConnect();
    const acceptable = l.subscribe();
    acceptable.block();
    drop(acceptable);
    const [s, si, so] = l.accept();
    pairs.push({ c, ci, co, s, si, so });
  }
  return pairs;
}

function pattern(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/** Reads until `n` bytes arrived, in reads of at most `chunk`. */
function readAll(i: InputStream, n: number, chunk: bigint): Uint8Array {
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const b = i.blockingRead(chunk);
    out.set(b, got);
    got += b.byteLength;
  }
  return out;
}

t.test('odd-sized writes and reads across the rings\' ends arrive intact and in order', async (t) => {
  const h = grantedHost();
  const { net, l, addr } = listen(h);
  const [{ c, ci, co, s, si, so }] = connectMany(h, net, l, addr, 1);
  const sent = pattern(3 << 20, 7);
  // Writes the peer is not reading yet: the rings fill, wrap and stall, and the write waits for room.
  for (let off = 0; off < sent.length; off += 4093) co.blockingWriteAndFlush(sent.subarray(off, Math.min(off + 4093, sent.length)));
  const got = readAll(si, sent.length, 5003n);
  t.ok(Buffer.from(got).equals(sent), '3 MiB in 4093-byte writes read back in 5003-byte reads');
  so.blockingWriteAndFlush(pattern(1000, 1));
  t.ok(Buffer.from(readAll(ci, 1000, 1000n)).equals(pattern(1000, 1)), 'and the other way');
  drop(ci, co, si, so, s, c, l);
});

t.test('a hundred connections at once, twice: every block reused clean', async (t) => {
  const h = grantedHost();
  const { net, l, addr } = listen(h);
  for (const round of [1, 2]) {
    const pairs = connectMany(h, net, l, addr, 100);
    pairs.forEach((p, k) => p.co.blockingWriteAndFlush(pattern(1000 + k, round * 100 + k)));
    let intact = 0;
    pairs.forEach((p, k) => {
      const own = Buffer.from(readAll(p.si, 1000 + k, 4096n)).equals(pattern(1000 + k, round * 100 + k));
      if (own && p.si.read(10n).byteLength === 0) intact++;
    });
    t.equal(intact, 100, `round ${round}: every connection got exactly its own bytes, nothing more`);
    for (const p of pairs) drop(p.ci, p.co, p.si, p.so, p.s, p.c);
  }
  drop(l);
});

t.test('closing a listener ends the connections nobody accepted; a new one works', async (t) => {
  const h = grantedHost();
  const { net, l, addr } = listen(h);
  const clients = [0, 1].map(() => {
    const c = h['wasi:sockets/tcp-create-socket']!.createTcpSocket('ipv4');
    c.startConnect(net, addr);
    const p = c.subscribe();
    p.block();
    drop(p);
    return { c, streams: c.finishConnect() };
  });
  const acceptable = l.subscribe();
  acceptable.block();
  drop(acceptable, l);
  for (const { streams: [ci] } of clients) {
    const ended = code(() => ci.blockingRead(10n)) as { tag?: string; val?: unknown };
    t.ok(ended.tag === 'closed' || ended.tag === 'last-operation-failed', `the client sees its connection end: ${ended.tag}`);
  }
  for (const { c, streams: [ci, co] } of clients) drop(ci, co, c);
  const again = listen(h);
  const [p] = connectMany(h, again.net, again.l, again.addr, 1);
  p!.co.blockingWriteAndFlush(pattern(10, 3));
  t.ok(Buffer.from(readAll(p!.si, 10, 10n)).equals(pattern(10, 3)));
  drop(p!.ci, p!.co, p!.si, p!.so, p!.s, p!.c, again.l);
});

t.test('a program that closes a connection and exits at once still delivers what it wrote', async (t) => {
  const BYTES = 8 << 20;
  // The program listens, writes as fast as the connection takes it, closes
  // and calls process.exit(); this process reads slowly, so the program
  // exits with bytes the kernel has not taken yet.
  const child = spawn(process.execPath, moduleEvalArgs(`
    import { createNodeHost } from ${JSON.stringify(join(root, 'dist', 'src', 'hosts', 'node', 'index.js'))};
    const h = createNodeHost({ preopens: {}, network: { listen: true, connect: true } });
    const net = h['wasi:sockets/instance-network'].instanceNetwork();
    const l = h['wasi:sockets/tcp-create-socket'].createTcpSocket('ipv4');
    l.startBind(net, { tag: 'ipv4', val: { port: 0, address: [127, 0, 0, 1] } });
    l.finishBind(); l.startListen(); l.finishListen();
    process.stdout.write(l.localAddress().val.port + '\\n');
    const p = l.subscribe(); p.block();
    const [s, si, so] = l.accept();
    const bytes = new Uint8Array(${BYTES});
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    let off = 0;
    while (off < bytes.length) {
      const room = Number(so.checkWrite());
      if (room === 0) { const w = so.subscribe(); w.block(); w[Symbol.dispose](); continue; }
      const n = Math.min(room, bytes.length - off);
      so.write(bytes.subarray(off, off + n));
      off += n;
    }
    for (const r of [so, si, s, l, p]) r[Symbol.dispose]();
    process.exit(0);`), { env: childEnv, timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  const result = await new Promise<{ bytes: number; intact: boolean }>((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let bytes = 0;
    let intact = true;
    socket.on('data', (b: Buffer) => {
      for (let i = 0; i < b.length; i++) if (b[i] !== (bytes + i) % 251) intact = false;
      bytes += b.length;
      socket.pause();
      setTimeout(() => socket.resume(), 5);
    });
    socket.on('end', () => resolve({ bytes, intact }));
    socket.on('error', reject);
  });
  t.equal(result.bytes, BYTES, 'every byte arrived before the end of stream');
  t.ok(result.intact, 'in order');
  t.equal(await exited, 0, stderr);
});

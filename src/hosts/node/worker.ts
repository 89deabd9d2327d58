/**
 * The I/O worker: owns every resource that needs Node's event loop (TCP and
 * UDP sockets, name lookups, stdin pipes that would block) and answers the
 * main thread's requests on the shared channel. Incoming bytes are buffered
 * here so the main thread can take a whole batch in one request.
 */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns';
import { read } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { workerData } from 'node:worker_threads';
import { socketCodeIndex } from './errors.js';
import { DATA_BYTES, HEADER_BYTES, H_ARG, H_OP, H_REQ, H_RES, H_RESP, H_STATUS, Ev, Op, Opt } from './protocol.js';

const sab = workerData as SharedArrayBuffer;
const i32 = new Int32Array(sab, 0, HEADER_BYTES / 4);
const data = Buffer.from(sab, HEADER_BYTES, DATA_BYTES);
const dataI32 = new Int32Array(sab, HEADER_BYTES, DATA_BYTES / 4);

/** Buffered bytes above which a socket stops reading until the guest catches up. */
const HIGH = 1 << 20;
const LOW = HIGH >> 2;
const MAX_DATAGRAMS = 1024;
const CLOSED = -1000;
const PENDING = -2000;
const INVALID_STATE = -1 - socketCodeIndex('invalid-state');

interface Res {
  family: number;
  sock: Socket | undefined;
  server: Server | undefined;
  listening: boolean;
  accepts: number[];
  /** 0 connecting, 1 connected, negative a failed connect, 2 never connected */
  connect: number;
  chunks: Buffer[];
  buffered: number;
  eof: boolean;
  err: number;
  recvClosed: boolean;
  sendClosed: boolean;
  stdinFd: number;
  stdinParked: boolean;
  udp: UdpSocket | undefined;
  datagrams: { msg: Buffer; rinfo: RemoteInfo }[];
  lookupDone: boolean;
  lookupErr: number;
  addresses: { address: string; family: number }[];
}

const resources = new Map<number, Res>();
let nextId = 1;

function newRes(family: number): number {
  const id = nextId++;
  resources.set(id, {
    family, sock: undefined, server: undefined, listening: false, accepts: [], connect: 2,
    chunks: [], buffered: 0, eof: false, err: -1, recvClosed: false, sendClosed: false,
    stdinFd: -1, stdinParked: false, udp: undefined, datagrams: [], lookupDone: false, lookupErr: -1, addresses: [],
  });
  return id;
}

let lastSeq = 0;
/** A request that cannot be answered yet: re-checked on every event until it answers. */
let waiter: (() => boolean) | null = null;
let waitTimer: NodeJS.Timeout | undefined;

function respond(status: number): void {
  if (waitTimer) { clearTimeout(waitTimer); waitTimer = undefined; }
  waiter = null;
  i32[H_STATUS] = status;
  Atomics.store(i32, H_RESP, lastSeq);
  Atomics.notify(i32, H_RESP);
}

function kick(): void {
  if (waiter !== null) waiter();
}

function errStatus(e: unknown): number {
  return -1 - socketCodeIndex(e);
}

function attach(res: Res, s: Socket): void {
  res.sock = s;
  s.on('data', (b: Buffer) => {
    if (res.recvClosed) return;
    res.chunks.push(b);
    res.buffered += b.length;
    if (res.buffered > HIGH) s.pause();
    kick();
  });
  s.on('end', () => { res.eof = true; kick(); });
  s.on('error', (e) => {
    if (res.connect === 0) res.connect = errStatus(e);
    else res.err = socketCodeIndex(e);
    kick();
  });
  s.on('drain', kick);
  s.on('close', () => { res.eof = true; kick(); });
}

function readStdin(res: Res): void {
  if (res.buffered > HIGH) { res.stdinParked = true; return; }
  res.stdinParked = false;
  const buf = Buffer.allocUnsafe(65536);
  read(res.stdinFd, buf, 0, buf.length, null, (err, n) => {
    if (err) {
      // A non-blocking pipe with nothing in it: try again shortly.
      if (err.code === 'EAGAIN') { setTimeout(readStdin, 2, res); return; }
      if (err.code !== 'EOF') res.err = socketCodeIndex(err);
      res.eof = true;
      kick();
      return;
    }
    if (n === 0) { res.eof = true; kick(); return; }
    res.chunks.push(buf.subarray(0, n));
    res.buffered += n;
    kick();
    readStdin(res);
  });
}

/** Copies up to `max` buffered bytes into the data area; results: [0] 1 at EOF, 2 on error. */
function take(res: Res, max: number): boolean {
  if (res.buffered === 0 && !res.eof && res.err < 0) return false;
  let n = 0;
  while (n < max && res.chunks.length > 0) {
    const c = res.chunks[0]!;
    const k = Math.min(c.length, max - n);
    c.copy(data, n, 0, k);
    n += k;
    if (k === c.length) res.chunks.shift();
    else res.chunks[0] = c.subarray(k);
  }
  res.buffered -= n;
  if (res.buffered < LOW) {
    if (res.sock?.isPaused()) res.sock.resume();
    if (res.stdinParked) readStdin(res);
  }
  const drained = res.buffered === 0;
  i32[H_RES] = drained && res.err >= 0 ? 2 : drained && res.eof ? 1 : 0;
  i32[H_RES + 1] = res.err;
  respond(n);
  return true;
}

function ready(res: Res | undefined, ev: number): boolean {
  if (!res) return true;
  switch (ev) {
    case Ev.Read:
      return res.buffered > 0 || res.eof || res.err >= 0 || res.accepts.length > 0 || res.datagrams.length > 0 || res.lookupDone;
    case Ev.Write:
      return res.sendClosed || res.err >= 0 || res.connect < 0 || (res.sock !== undefined && res.connect === 1 && res.sock.writableLength < HIGH);
    default:
      return res.connect !== 0;
  }
}

function writeAddress(address: string, family: number, port: number): void {
  const len = data.write(address, 0, 'utf8');
  i32[H_RES] = family;
  i32[H_RES + 1] = len;
  respond(port);
}

function familyOf(f: string | number): number {
  return f === 'IPv6' || f === 6 ? 6 : 4;
}

function handle(): void {
  const op = i32[H_OP]!;
  const a = i32[H_ARG]!, b = i32[H_ARG + 1]!, c = i32[H_ARG + 2]!, d = i32[H_ARG + 3]!, e = i32[H_ARG + 4]!;
  if (op === Op.Init) { respond(0); return; }
  if (op === Op.TcpCreate || op === Op.UdpCreate) { respond(newRes(a)); return; }
  if (op === Op.Lookup) { startLookup(data.toString('utf8', 0, a)); return; }
  if (op === Op.StdinOpen) {
    const id = newRes(0);
    const res = resources.get(id)!;
    res.stdinFd = a;
    readStdin(res);
    respond(id);
    return;
  }
  if (op === Op.Wait) { startWait(a, b); return; }
  const res = resources.get(a);
  if (!res) { respond(INVALID_STATE); return; }
  switch (op) {
    case Op.TcpBind: return tcpBind(res, b, c, data.toString('utf8', 0, d));
    case Op.TcpListen: res.listening = true; respond(0); return;
    case Op.TcpConnect: return tcpConnect(res, b, c, data.toString('utf8', 0, d));
    case Op.TcpConnectStatus: respond(res.connect); return;
    case Op.TcpAccept:
      if (b === 1) { respond(res.accepts.length); return; }
      respond(res.accepts.shift() ?? 0);
      return;
    case Op.Read:
      if (!take(res, Math.min(b, DATA_BYTES))) {
        if (c === 1) waiter = () => take(res, Math.min(b, DATA_BYTES));
        else { i32[H_RES] = 0; respond(0); }
      }
      return;
    case Op.Write:
      if (res.sendClosed) { respond(CLOSED); return; }
      if (res.err >= 0) { respond(-1 - res.err); return; }
      if (!res.sock || res.connect !== 1) { respond(INVALID_STATE); return; }
      res.sock.write(Buffer.from(data.subarray(0, b)));
      // The room left, so the main thread need not ask before its next write.
      respond(Math.max(0, HIGH - res.sock.writableLength));
      return;
    case Op.WriteStatus:
      if (res.sendClosed) { respond(CLOSED); return; }
      if (res.err >= 0) { respond(-1 - res.err); return; }
      if (!res.sock || res.connect !== 1) { respond(INVALID_STATE); return; }
      respond(Math.max(0, HIGH - res.sock.writableLength));
      return;
    case Op.Drain: {
      const check = (): boolean => {
        if (res.err >= 0) { respond(-1 - res.err); return true; }
        if (!res.sock || res.sock.writableLength === 0 || res.sock.destroyed) { respond(0); return true; }
        return false;
      };
      if (!check()) waiter = check;
      return;
    }
    case Op.Shutdown:
      if (b & 1) { res.recvClosed = true; res.chunks.length = 0; res.buffered = 0; res.sock?.resume(); }
      if (b & 2) { res.sendClosed = true; res.sock?.end(); }
      respond(0);
      return;
    case Op.Close:
      closeRes(a, res);
      respond(0);
      return;
    case Op.Address: return address(res, b);
    case Op.SetOption:
      if (res.sock) {
        if (b === Opt.KeepAlive) res.sock.setKeepAlive(c === 1, d);
        else if (b === Opt.NoDelay) res.sock.setNoDelay(c === 1);
      }
      respond(0);
      return;
    case Op.UdpBind: return udpBind(res, b, c, data.toString('utf8', 0, d));
    case Op.UdpRecv: return udpRecv(res, b);
    case Op.UdpSend: {
      if (!res.udp) { respond(INVALID_STATE); return; }
      const host = data.toString('utf8', 0, d);
      const payload = Buffer.from(data.subarray(d, d + e));
      res.udp.send(payload, b, host, (err) => { if (err) res.err = socketCodeIndex(err); });
      respond(0);
      return;
    }
    case Op.LookupResult: {
      if (!res.lookupDone) { respond(PENDING); return; }
      if (res.lookupErr >= 0) { respond(-1 - res.lookupErr); return; }
      let off = 0;
      for (const x of res.addresses) off += data.write(`${x.family} ${x.address}\n`, off, 'utf8');
      i32[H_RES] = off;
      respond(res.addresses.length);
      return;
    }
    default:
      respond(INVALID_STATE);
  }
}

function closeRes(id: number, res: Res): void {
  if (res.sock) closeGracefully(res.sock);
  res.server?.close();
  res.udp?.close();
  for (const child of res.accepts) closeRes(child, resources.get(child)!);
  resources.delete(id);
}

/** How long a closed connection may take to deliver what the guest wrote before it is cut. */
const LINGER_MS = 30_000;

/**
 * A guest's close is POSIX close: what it wrote is still delivered, then FIN;
 * destroying at once would drop Node's queued writes and reset the peer.
 * What arrives afterwards is read and dropped, so the peer never stalls.
 */
function closeGracefully(s: Socket): void {
  if (s.destroyed) return;
  s.removeAllListeners('data');
  s.resume();
  s.destroySoon();
  setTimeout(() => s.destroy(), LINGER_MS).unref();
}

function tcpBind(res: Res, port: number, family: number, host: string): void {
  // node:net cannot bind without listening: a server holds the address, and
  // only hands out connections once the guest listens.
  const server = createServer({ allowHalfOpen: true });
  let answered = false;
  server.on('connection', (s) => {
    if (!res.listening) { s.destroy(); return; }
    const childId = newRes(res.family);
    const child = resources.get(childId)!;
    child.connect = 1;
    attach(child, s);
    res.accepts.push(childId);
    kick();
  });
  server.once('error', (e) => {
    if (answered) return;
    answered = true;
    respond(errStatus(e));
  });
  server.listen({ host, port, ipv6Only: family === 6, backlog: 128 }, () => {
    answered = true;
    res.server = server;
    respond(0);
  });
}

function tcpConnect(res: Res, port: number, family: number, host: string): void {
  let localAddress: string | undefined;
  let localPort: number | undefined;
  if (res.server) {
    const addr = res.server.address();
    if (addr && typeof addr !== 'string') { localAddress = addr.address; localPort = addr.port; }
    res.server.close();
    res.server = undefined;
  }
  res.connect = 0;
  const s = connect({ host, port, family, localAddress, localPort, allowHalfOpen: true });
  attach(res, s);
  s.once('connect', () => { res.connect = 1; kick(); });
  respond(0);
}

function address(res: Res, which: number): void {
  if (which === 1) {
    const s = res.sock;
    if (!s || res.connect !== 1 || s.remoteAddress === undefined) { respond(INVALID_STATE); return; }
    writeAddress(s.remoteAddress, familyOf(s.remoteFamily ?? 4), s.remotePort ?? 0);
    return;
  }
  if (res.sock && res.connect === 1 && res.sock.localAddress !== undefined) {
    writeAddress(res.sock.localAddress, familyOf(res.sock.localFamily ?? res.family), res.sock.localPort ?? 0);
    return;
  }
  const addr = res.server?.address() ?? (res.udp ? res.udp.address() : undefined);
  if (!addr || typeof addr === 'string') { respond(INVALID_STATE); return; }
  writeAddress(addr.address, familyOf(addr.family), addr.port);
}

function udpBind(res: Res, port: number, family: number, host: string): void {
  const s = createSocket({ type: family === 6 ? 'udp6' : 'udp4', ipv6Only: family === 6 });
  let answered = false;
  s.on('message', (msg, rinfo) => {
    if (res.datagrams.length >= MAX_DATAGRAMS) res.datagrams.shift();
    res.datagrams.push({ msg, rinfo });
    kick();
  });
  s.once('error', (e) => {
    if (answered) { res.err = socketCodeIndex(e); return; }
    answered = true;
    s.close();
    respond(errStatus(e));
  });
  s.bind({ port, address: host, exclusive: true }, () => {
    answered = true;
    res.udp = s;
    respond(0);
  });
}

/** Datagrams as records: int32 length, port, family, address length, then address text and payload. */
function udpRecv(res: Res, max: number): void {
  if (max === 0) { respond(res.datagrams.length); return; }
  let off = 0;
  let count = 0;
  while (count < max && res.datagrams.length > 0) {
    const { msg, rinfo } = res.datagrams[0]!;
    const need = 16 + Buffer.byteLength(rinfo.address) + msg.length;
    if (off + need > DATA_BYTES) break;
    const textLen = data.write(rinfo.address, off + 16, 'utf8');
    data.writeInt32LE(msg.length, off);
    data.writeInt32LE(rinfo.port, off + 4);
    data.writeInt32LE(familyOf(rinfo.family), off + 8);
    data.writeInt32LE(textLen, off + 12);
    msg.copy(data, off + 16 + textLen);
    off += 16 + textLen + msg.length;
    res.datagrams.shift();
    count++;
  }
  respond(count);
}

function startLookup(name: string): void {
  const id = newRes(0);
  const res = resources.get(id)!;
  lookup(name, { all: true }, (err, addrs) => {
    res.lookupDone = true;
    if (err) res.lookupErr = socketCodeIndex(err);
    else res.addresses = addrs.map((x) => ({ address: x.address, family: x.family }));
    kick();
  });
  respond(id);
}

/**
 * Answers when any of `count` (id, event) pairs in the data area is ready, or
 * after `timeoutMs` (0: at once, -1: never); each answer leaves a 1 or 0 per
 * pair right after the list, so one round trip tells the main thread everything.
 */
function startWait(count: number, timeoutMs: number): void {
  const check = (): boolean => {
    let any = 0;
    for (let i = 0; i < count; i++) {
      const r = ready(resources.get(dataI32[i * 2]!), dataI32[i * 2 + 1]!);
      dataI32[count * 2 + i] = r ? 1 : 0;
      if (r) any++;
    }
    if (any > 0) respond(any);
    return any > 0;
  };
  if (check()) return;
  if (timeoutMs === 0) { respond(0); return; }
  waiter = check;
  if (timeoutMs > 0) waitTimer = setTimeout(() => respond(0), timeoutMs);
}

// Atomics.waitAsync alone does not keep a worker's event loop alive.
setInterval(() => {}, 1 << 30);

async function serve(): Promise<void> {
  for (;;) {
    const w = Atomics.waitAsync(i32, H_REQ, lastSeq);
    if (w.async) await w.value;
    const seq = Atomics.load(i32, H_REQ);
    if (seq === lastSeq) continue;
    lastSeq = seq;
    try {
      handle();
    } catch (e) {
      respond(errStatus(e));
    }
  }
}

void serve();

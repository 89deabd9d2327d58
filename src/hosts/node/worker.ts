/**
 * The I/O worker: owns every resource that needs Node's event loop (TCP and
 * UDP sockets, name lookups, stdin pipes that would block), answers the main
 * thread's requests and runs its commands. TCP bytes travel through shared
 * blocks (worker-tcp.ts); stdin's are buffered here so the main thread can
 * take a whole batch in one request.
 */
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns';
import { read } from 'node:fs';
import { socketCodeIndex } from './errors.js';
import { C } from './ring.js';
import { CMD_SLOTS, DATA_BYTES, H_ARG, H_CMD_HEAD, H_CMD_TAIL, H_OP, H_REQ, H_RES, Cmd, Ev, Op, Opt } from './protocol.js';
import {
  answerLater, beginRequest, commands, data, dataI32, errStatus, i32, INVALID_STATE, kick, newRes, resources, respond, type Res,
} from './worker-core.js';
import { closeConnection, closeListener, flush, refill, refillAccepts, shutdown, tcpBind, tcpConnect, tcpListen } from './worker-tcp.js';

/** Buffered stdin bytes above which the worker stops reading until the guest catches up. */
const HIGH = 1 << 20;
const LOW = HIGH >> 2;
const MAX_DATAGRAMS = 1024;
const PENDING = -2000;

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
  if (res.buffered < LOW && res.stdinParked) readStdin(res);
  const drained = res.buffered === 0;
  i32[H_RES] = drained && res.err >= 0 ? 2 : drained && res.eof ? 1 : 0;
  i32[H_RES + 1] = res.err;
  respond(n);
  return true;
}

function ready(res: Res | undefined, ev: number): boolean {
  if (!res) return true;
  if (res.conn) return res.conn.block.ready(ev);
  if (res.listener) return res.listener.block.ready();
  // Anything else is ready to write: only TCP connections wait for room.
  if (ev !== Ev.Read) return true;
  return res.buffered > 0 || res.eof || res.err >= 0 || res.datagrams.length > 0 || res.lookupDone;
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
    case Op.TcpListen: return tcpListen(res);
    case Op.TcpConnect: return tcpConnect(res, b, c, data.toString('utf8', 0, d));
    case Op.Read:
      if (!take(res, Math.min(b, DATA_BYTES))) {
        if (c === 1) answerLater(() => take(res, Math.min(b, DATA_BYTES)));
        else { i32[H_RES] = 0; respond(0); }
      }
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

function runCommand(cmd: number, id: number, arg: number): void {
  const res = resources.get(id);
  if (!res) return;
  switch (cmd) {
    case Cmd.Flush:
      if (res.conn) flush(res.conn);
      return;
    case Cmd.Resume:
      if (res.conn) refill(res.conn);
      else if (res.listener) refillAccepts(res.listener);
      return;
    case Cmd.Shutdown:
      if (res.conn) shutdown(res.conn, arg);
      return;
    case Cmd.Close:
      closeRes(id, res);
      return;
    default:
  }
}

let cmdHead = 0;

/** Runs every queued command, oldest first. */
function takeCommands(): void {
  const tail = Atomics.load(i32, H_CMD_TAIL);
  while (cmdHead !== tail) {
    const at = (cmdHead & (CMD_SLOTS - 1)) * 3;
    try {
      runCommand(commands[at]!, commands[at + 1]!, commands[at + 2]!);
    } catch {
      // A command has no one to answer: what failed shows in the resource's own state.
    }
    cmdHead = (cmdHead + 1) | 0;
    Atomics.store(i32, H_CMD_HEAD, cmdHead);
  }
  // An exiting main thread may be waiting for the queue to empty.
  Atomics.notify(i32, H_CMD_HEAD);
}

function closeRes(id: number, res: Res): void {
  if (res.conn) closeConnection(res.conn);
  else res.sock?.destroy();
  closeListener(res);
  res.udp?.close();
  resources.delete(id);
}

function address(res: Res, which: number): void {
  const s = res.sock;
  const connected = s !== undefined && res.conn !== undefined && Atomics.load(res.conn.block.h, C.Connect) === 1;
  if (which === 1) {
    if (!connected || s.remoteAddress === undefined) { respond(INVALID_STATE); return; }
    writeAddress(s.remoteAddress, familyOf(s.remoteFamily ?? 4), s.remotePort ?? 0);
    return;
  }
  if (connected && s.localAddress !== undefined) {
    writeAddress(s.localAddress, familyOf(s.localFamily ?? res.family), s.localPort ?? 0);
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
  answerLater(check, timeoutMs);
}

// Atomics.waitAsync alone does not keep a worker's event loop alive.
setInterval(() => {}, 1 << 30);

let lastSeq = 0;

async function serveRequests(): Promise<void> {
  for (;;) {
    const w = Atomics.waitAsync(i32, H_REQ, lastSeq);
    if (w.async) await w.value;
    const seq = Atomics.load(i32, H_REQ);
    if (seq === lastSeq) continue;
    lastSeq = seq;
    beginRequest(seq);
    try {
      takeCommands();
      handle();
    } catch (e) {
      respond(errStatus(e));
    }
  }
}

async function serveCommands(): Promise<void> {
  for (;;) {
    const w = Atomics.waitAsync(i32, H_CMD_TAIL, cmdHead);
    if (w.async) await w.value;
    takeCommands();
  }
}

void serveRequests();
void serveCommands();

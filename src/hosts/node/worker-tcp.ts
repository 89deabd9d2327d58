/**
 * TCP in the I/O worker. A connection's bytes go through its shared block:
 * what arrives is copied into the incoming ring as it comes, what the main
 * thread puts in the outgoing ring is handed to the socket straight from the
 * ring (no copy) when a Flush command says it is there, and its room is given
 * back once the socket has taken it. Accepted connections are queued in their
 * listener's block with their own block already set up, so an accept needs no
 * request. A closed connection's block goes back to a pool once its socket is
 * closed.
 */
import { createServer, connect, type Socket } from 'node:net';
import { socketCodeIndex } from './errors.js';
import {
  ACCEPT_SLOTS, C, CONNECTION_BYTES, ConnectionBlock, L, LISTENER_BYTES, ListenerBlock, RX_AT, RX_BYTES, TX_AT, TX_BYTES,
  ringPut, type BlockMessage,
} from './ring.js';
import { H_LINGERING } from './protocol.js';
import { blockPort, errStatus, i32, kick, newRes, resources, respond, type Connection, type Listener, type Res } from './worker-core.js';

/** Incoming bytes held beyond the ring above which the socket stops reading until the guest catches up. */
const HELD_HIGH = 1 << 20;
const HELD_LOW = HELD_HIGH >> 2;

function ignore(): void {}

/** Free connection blocks. Past POOL_KEEP a freed block is retired instead. */
const pool: { slot: number; block: ConnectionBlock }[] = [];
const POOL_KEEP = 64;
let slots = 0;

/** A new slot's block: the main thread is sent it before the slot is ever named to it. */
function newSlot(sab: SharedArrayBuffer): number {
  const slot = slots++;
  blockPort.postMessage({ slot, sab } satisfies BlockMessage);
  return slot;
}

function takeBlock(): { slot: number; block: ConnectionBlock } {
  const free = pool.pop();
  if (free !== undefined) return free;
  const block = new ConnectionBlock(new SharedArrayBuffer(CONNECTION_BYTES));
  return { slot: newSlot(block.sab), block };
}

function release(c: Connection): void {
  if (c.released) return;
  c.released = true;
  if (pool.length < POOL_KEEP) pool.push({ slot: c.slot, block: c.block });
  else blockPort.postMessage({ slot: c.slot, sab: null } satisfies BlockMessage);
}

/** Gives `res` a connection over `s`, in a block whose Connect starts as `state`. */
function openConnection(res: Res, s: Socket, state: number): Connection {
  const { slot, block } = takeBlock();
  block.reset(state);
  const c: Connection = {
    slot, block, sock: s, held: [], heldBytes: 0, rxTail: 0, ended: false, rxError: -1, recvClosed: false,
    txSent: 0, txHead: 0, txLengths: [], closed: false, released: false,
    written: () => {
      if (c.released) return;
      c.txHead = (c.txHead + c.txLengths.shift()!) | 0;
      Atomics.store(block.h, C.TxHead, c.txHead);
      kick();
    },
  };
  res.sock = s;
  res.conn = c;
  // A connection that ended while it waited in a full accept queue.
  if (s.destroyed) end(c);
  s.on('data', (b: Buffer) => receive(c, b));
  s.on('end', () => end(c));
  s.on('close', () => {
    end(c);
    if (c.closed) release(c);
  });
  s.on('error', (e) => {
    if (c.released) return;
    if (Atomics.load(block.h, C.Connect) === 0) {
      Atomics.store(block.h, C.Connect, errStatus(e));
      kick();
    } else {
      fail(c, socketCodeIndex(e));
    }
  });
  return c;
}

function receive(c: Connection, b: Buffer): void {
  if (c.recvClosed || c.released) return;
  c.held.push(b);
  c.heldBytes += b.length;
  refill(c);
  if (c.heldBytes > HELD_HIGH) c.sock.pause();
}

/** Moves held bytes into the ring while it has room; stalls (and says so) when it has none. */
export function refill(c: Connection): void {
  const h = c.block.h;
  let moved = false;
  for (;;) {
    while (c.held.length > 0) {
      const free = RX_BYTES - ((c.rxTail - Atomics.load(h, C.RxHead)) | 0);
      if (free === 0) break;
      const b = c.held[0]!;
      const n = Math.min(free, b.length);
      ringPut(c.block.bytes, RX_AT, RX_BYTES, c.rxTail, b, 0, n);
      c.rxTail = (c.rxTail + n) | 0;
      Atomics.store(h, C.RxTail, c.rxTail);
      c.heldBytes -= n;
      if (n === b.length) c.held.shift();
      else c.held[0] = b.subarray(n);
      moved = true;
    }
    if (c.held.length === 0) {
      if (c.ended) publishEnd(c);
      break;
    }
    // Said before looking at the room again, so a main thread taking bytes meanwhile sees it.
    Atomics.store(h, C.RxStalled, 1);
    if (RX_BYTES - ((c.rxTail - Atomics.load(h, C.RxHead)) | 0) === 0 || Atomics.compareExchange(h, C.RxStalled, 1, 0) !== 1) break;
  }
  if (c.heldBytes < HELD_LOW && c.sock.isPaused() && !c.sock.destroyed) c.sock.resume();
  if (moved) kick();
}

function publishEnd(c: Connection): void {
  Atomics.store(c.block.h, C.RxEnd, c.rxError >= 0 ? 2 + c.rxError : 1);
}

function end(c: Connection): void {
  if (c.ended || c.released) return;
  c.ended = true;
  if (c.held.length === 0) publishEnd(c);
  kick();
}

function fail(c: Connection, index: number): void {
  if (c.released) return;
  c.rxError = index;
  Atomics.store(c.block.h, C.TxError, index + 1);
  c.ended = true;
  if (c.held.length === 0) publishEnd(c);
  kick();
}

/** Hands the socket what the main thread put in the outgoing ring since the last flush. */
export function flush(c: Connection): void {
  const h = c.block.h;
  Atomics.store(h, C.TxKick, 0);
  const tail = Atomics.load(h, C.TxTail);
  while (c.txSent !== tail) {
    const off = c.txSent & (TX_BYTES - 1);
    const n = Math.min((tail - c.txSent) | 0, TX_BYTES - off);
    c.txLengths.push(n);
    c.txSent = (c.txSent + n) | 0;
    c.sock.write(Buffer.from(c.block.sab, TX_AT + off, n), c.written);
  }
}

export function shutdown(c: Connection, how: number): void {
  if (how & 1) {
    c.recvClosed = true;
    c.held.length = 0;
    c.heldBytes = 0;
    c.sock.resume();
  }
  if (how & 2) {
    flush(c);
    c.sock.end();
  }
}

/** How long a closed connection may take to deliver what the guest wrote before it is cut. */
const LINGER_MS = 30_000;

/**
 * A guest's close is POSIX close: what it wrote is still delivered, then FIN;
 * destroying at once would drop Node's queued writes and reset the peer.
 * What arrives afterwards is read and dropped, so the peer never stalls.
 * Until the socket has taken every byte, the connection counts as lingering:
 * an exit waits for it (Channel's deliverOnExit).
 */
export function closeConnection(c: Connection): void {
  flush(c);
  const s = c.sock;
  c.recvClosed = true;
  c.closed = true;
  if (s.closed) release(c);
  if (s.destroyed) return;
  const lingering = s.writableLength > 0;
  if (lingering) Atomics.add(i32, H_LINGERING, 1);
  s.removeAllListeners('data');
  s.resume();
  s.destroySoon();
  const cut = setTimeout(() => s.destroy(), LINGER_MS).unref();
  s.once('close', () => {
    // So a busy server does not keep every closed socket for LINGER_MS.
    clearTimeout(cut);
    if (!lingering) return;
    Atomics.sub(i32, H_LINGERING, 1);
    kick();
  });
}

export function tcpBind(res: Res, port: number, family: number, host: string): void {
  // node:net cannot bind without listening: a server holds the address, and
  // only hands out connections once the guest listens.
  const server = createServer({ allowHalfOpen: true });
  let answered = false;
  server.on('connection', (s) => {
    if (!res.listening) { s.destroy(); return; }
    accepted(res.listener!, res.family, s);
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

/** Answers with the slot of the listener's block. */
export function tcpListen(res: Res): void {
  const block = new ListenerBlock(new SharedArrayBuffer(LISTENER_BYTES));
  res.listener = { block, tail: 0, overflow: [] };
  res.listening = true;
  respond(newSlot(block.sab));
}

function accepted(l: Listener, family: number, s: Socket): void {
  const id = newRes(family);
  resources.get(id)!.sock = s;
  l.overflow.push(id);
  refillAccepts(l);
  // Held, the queue being full: its handlers come once it is queued; until then an error must not end the worker.
  if (l.overflow.at(-1) === id) s.on('error', ignore);
}

/** Queues held accepted connections while the queue has room; stalls (and says so) when it has none. */
export function refillAccepts(l: Listener): void {
  const h = l.block.h;
  let moved = false;
  for (;;) {
    while (l.overflow.length > 0 && ((l.tail - Atomics.load(h, L.Head)) | 0) < ACCEPT_SLOTS) {
      const id = l.overflow.shift()!;
      const res = resources.get(id)!;
      const at = (l.tail & (ACCEPT_SLOTS - 1)) * 2;
      l.block.accepted[at] = id;
      l.block.accepted[at + 1] = openConnection(res, res.sock!, 1).slot;
      l.tail = (l.tail + 1) | 0;
      Atomics.store(h, L.Tail, l.tail);
      moved = true;
    }
    if (l.overflow.length === 0) break;
    Atomics.store(h, L.Stalled, 1);
    if (((l.tail - Atomics.load(h, L.Head)) | 0) >= ACCEPT_SLOTS || Atomics.compareExchange(h, L.Stalled, 1, 0) !== 1) break;
  }
  if (moved) kick();
}

/** Closing a listener resets the connections it accepted that nobody took, queued or held, as the kernel's backlog is. */
export function closeListener(res: Res): void {
  res.server?.close();
  const l = res.listener;
  if (!l) return;
  for (let n = Atomics.load(l.block.h, L.Head); n !== l.tail; n = (n + 1) | 0) reset(l.block.accepted[(n & (ACCEPT_SLOTS - 1)) * 2]!);
  for (const id of l.overflow) reset(id);
  l.overflow.length = 0;
}

function reset(id: number): void {
  const res = resources.get(id);
  resources.delete(id);
  if (!res) return;
  if (res.conn) res.conn.closed = true;
  res.sock?.destroy();
}

/** Answers with the slot of the connection's block. */
export function tcpConnect(res: Res, port: number, family: number, host: string): void {
  let localAddress: string | undefined;
  let localPort: number | undefined;
  if (res.server) {
    const addr = res.server.address();
    if (addr && typeof addr !== 'string') { localAddress = addr.address; localPort = addr.port; }
    res.server.close();
    res.server = undefined;
  }
  const s = connect({ host, port, family, localAddress, localPort, allowHalfOpen: true });
  const c = openConnection(res, s, 0);
  s.once('connect', () => {
    if (c.released) return;
    Atomics.store(c.block.h, C.Connect, 1);
    kick();
  });
  respond(c.slot);
}

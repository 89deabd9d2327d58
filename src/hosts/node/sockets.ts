import type { IpAddress, IpSocketAddress, Network as NetworkIface, OptionalHost, SocketErrorCode, Tcp, Udp } from '../../../adapter/host.js';
import { parseIpv6 } from '../../address.js';
import type { NetworkPolicy } from '../config.js';
import { getChannel, type Channel } from './channel.js';
import { IoError, SOCKET_ERROR_LIST } from './errors.js';
import { Pollable, readyPollable, sourcePollable, type PollSource } from './poll.js';
import { Cmd, Ev, FAMILY_V4, FAMILY_V6, Op, Opt } from './protocol.js';
import { ACCEPT_SLOTS, C, L, type ConnectionBlock, type ListenerBlock } from './ring.js';
import { SocketIn, SocketOut } from './socket-streams.js';
import { InputStream, OutputStream } from './streams.js';

type Family = 'ipv4' | 'ipv6';
type ShutdownType = 'receive' | 'send' | 'both';

const PENDING = -2000;

function code(status: number): SocketErrorCode {
  return SOCKET_ERROR_LIST[-status - 1] ?? 'unknown';
}

/** The network resource carries its host's policy, so every host's sockets answer to their own grants. */
export class Network {
  #policy: NetworkPolicy;
  /** @internal */
  constructor(policy: NetworkPolicy) {
    this.#policy = policy;
  }
  /** @internal */
  static _policy(n: Network): NetworkPolicy {
    if (!(n instanceof Network)) throw 'invalid-argument';
    return n.#policy;
  }
  [Symbol.dispose](): void {}
}

function addressText(a: IpSocketAddress): string {
  if (a.tag === 'ipv4') return a.val.address.join('.');
  return a.val.address.map((x) => x.toString(16)).join(':');
}

function socketAddress(family: number, text: string, port: number): IpSocketAddress {
  if (family === FAMILY_V6) {
    return { tag: 'ipv6', val: { port, flowInfo: 0, address: parseIpv6(text), scopeId: 0 } };
  }
  const p = text.split('.').map(Number);
  return { tag: 'ipv4', val: { port, address: [p[0]!, p[1]!, p[2]!, p[3]!] } };
}

function ipAddress(family: number, text: string): IpAddress {
  if (family === FAMILY_V6) return { tag: 'ipv6', val: parseIpv6(text) };
  const p = text.split('.').map(Number);
  return { tag: 'ipv4', val: [p[0]!, p[1]!, p[2]!, p[3]!] };
}

function isUnspecified(a: IpSocketAddress): boolean {
  return (a.val.address as number[]).every((x) => x === 0);
}

function isV4Mapped(a: IpSocketAddress): boolean {
  if (a.tag !== 'ipv6') return false;
  const x = a.val.address;
  return x[0] === 0 && x[1] === 0 && x[2] === 0 && x[3] === 0 && x[4] === 0 && x[5] === 0xffff;
}

function checkFamily(a: IpSocketAddress, family: Family): void {
  if (a.tag !== family || isV4Mapped(a)) throw 'invalid-argument';
}

/** Reads back an address the worker wrote for status `port`. */
function readAddress(ch: Channel, port: number): IpSocketAddress {
  if (port < 0) throw code(port);
  return socketAddress(ch.res[0]!, ch.text(0, ch.res[1]!), port);
}

function familyNumber(f: Family): number {
  return f === 'ipv6' ? FAMILY_V6 : FAMILY_V4;
}

/** 0.2's socket options take only positive values. */
function positive(value: number): number {
  if (value <= 0) throw 'invalid-argument';
  return value;
}

function positiveSize(value: bigint): bigint {
  if (value <= 0n) throw 'invalid-argument';
  return value;
}

const ST_UNBOUND = 0, ST_BINDING = 1, ST_BOUND = 2, ST_LISTEN_STARTED = 3, ST_LISTENING = 4;
const ST_CONNECTING = 5, ST_CONNECTED = 6, ST_CLOSED = 7;

/** A bind under way: the grants it was made under, and how the worker's bind went. */
interface Binding {
  policy: NetworkPolicy;
  error: SocketErrorCode | undefined;
}

/**
 * startBind of either kind: 0.2's checks, then the worker binds at once
 * (node:net cannot bind later without listening); its error waits for finishBind.
 */
function startBinding(
  op: Op.TcpBind | Op.UdpBind, id: number, state: number, family: Family, network: Network, localAddress: IpSocketAddress,
): Binding {
  const policy = Network._policy(network);
  if (state !== ST_UNBOUND) throw 'invalid-state';
  checkFamily(localAddress, family);
  if (!policy.listen && !policy.connect) throw 'access-denied';
  const ch = getChannel();
  const len = ch.putText(addressText(localAddress));
  const s = ch.call(op, id, localAddress.val.port, familyNumber(family), len);
  return { policy, error: s < 0 ? code(s) : undefined };
}

/** finishBind of either kind: the state the socket is in now, unbound again when the bind failed. */
function finishBinding(state: number, error: SocketErrorCode | undefined): number {
  if (state !== ST_BINDING) throw 'not-in-progress';
  return error ? ST_UNBOUND : ST_BOUND;
}

export class TcpSocket implements PollSource {
  #id: number;
  #family: Family;
  #state: number;
  #pendingError: SocketErrorCode | undefined;
  #in: SocketIn | undefined;
  #out: SocketOut | undefined;
  /** A connection's shared block, from connect (or accept) on. */
  #conn: ConnectionBlock | undefined;
  /** A listener's queue of accepted connections, from listen on. */
  #queue: ListenerBlock | undefined;
  #backlog = 128n;
  #keepAlive = false;
  #keepAliveIdle = 7_200_000_000_000n;
  #keepAliveInterval = 75_000_000_000n;
  #keepAliveCount = 9;
  #hopLimit = 64;
  #recvBuf = 65536n;
  #sendBuf = 65536n;
  /** The grants of the network the socket was bound through; listen checks them. */
  #policy: NetworkPolicy | undefined;

  /** @internal */
  constructor(id: number, family: Family, state: number, conn?: ConnectionBlock) {
    this.#id = id;
    this.#family = family;
    this.#state = state;
    this.#conn = conn;
  }

  /** @internal */
  static _create(family: Family): TcpSocket {
    if (family !== 'ipv4' && family !== 'ipv6') throw 'not-supported';
    return new TcpSocket(getChannel().call(Op.TcpCreate, familyNumber(family)), family, ST_UNBOUND);
  }

  startBind(network: Network, localAddress: IpSocketAddress): void {
    ({ policy: this.#policy, error: this.#pendingError } = startBinding(Op.TcpBind, this.#id, this.#state, this.#family, network, localAddress));
    this.#state = ST_BINDING;
  }

  finishBind(): void {
    this.#state = finishBinding(this.#state, this.#pendingError);
    if (this.#pendingError) throw this.#pendingError;
  }

  startConnect(network: Network, remoteAddress: IpSocketAddress): void {
    const policy = Network._policy(network);
    if (this.#state !== ST_UNBOUND && this.#state !== ST_BOUND) throw 'invalid-state';
    checkFamily(remoteAddress, this.#family);
    if (isUnspecified(remoteAddress) || remoteAddress.val.port === 0) throw 'invalid-argument';
    if (!policy.connect) throw 'access-denied';
    const ch = getChannel();
    const len = ch.putText(addressText(remoteAddress));
    const slot = ch.call(Op.TcpConnect, this.#id, remoteAddress.val.port, familyNumber(this.#family), len);
    if (slot < 0) throw code(slot);
    this.#conn = ch.connection(this.#id, slot);
    this.#state = ST_CONNECTING;
  }

  finishConnect(): [InputStream, OutputStream] {
    if (this.#state !== ST_CONNECTING) throw 'not-in-progress';
    const s = Atomics.load(this.#conn!.h, C.Connect);
    if (s === 0) throw 'would-block';
    if (s < 0) {
      this.#state = ST_CLOSED;
      throw code(s);
    }
    this.#state = ST_CONNECTED;
    if (this.#keepAlive) this.#applyKeepAlive();
    return this.#streams();
  }

  #streams(): [InputStream, OutputStream] {
    const ch = getChannel();
    this.#in = new SocketIn(this.#id, this.#conn!, ch);
    this.#out = new SocketOut(this.#id, this.#conn!, ch);
    return [new InputStream(this.#in), new OutputStream(this.#out)];
  }

  startListen(): void {
    if (this.#state !== ST_BOUND) throw 'invalid-state';
    if (!this.#policy?.listen) throw 'access-denied';
    const ch = getChannel();
    this.#queue = ch.listener(this.#id, ch.call(Op.TcpListen, this.#id, Number(this.#backlog)));
    this.#state = ST_LISTEN_STARTED;
  }

  finishListen(): void {
    if (this.#state !== ST_LISTEN_STARTED) throw 'not-in-progress';
    this.#state = ST_LISTENING;
  }

  accept(): [TcpSocket, InputStream, OutputStream] {
    if (this.#state !== ST_LISTENING) throw 'invalid-state';
    const q = this.#queue!;
    if (q.pending() === 0) throw 'would-block';
    const ch = getChannel();
    const head = Atomics.load(q.h, L.Head);
    const at = (head & (ACCEPT_SLOTS - 1)) * 2;
    const child = q.accepted[at]!;
    const sock = new TcpSocket(child, this.#family, ST_CONNECTED, ch.connection(child, q.accepted[at + 1]!));
    Atomics.store(q.h, L.Head, (head + 1) | 0);
    // A stalled worker holds more connections: there is room for them now.
    if (Atomics.load(q.h, L.Stalled) === 1 && Atomics.compareExchange(q.h, L.Stalled, 1, 0) === 1) ch.post(Cmd.Resume, this.#id);
    sock.#keepAlive = this.#keepAlive;
    sock.#hopLimit = this.#hopLimit;
    if (sock.#keepAlive) sock.#applyKeepAlive();
    const [i, o] = sock.#streams();
    return [sock, i, o];
  }

  localAddress(): IpSocketAddress {
    if (this.#state === ST_UNBOUND || this.#state === ST_BINDING || this.#state === ST_CONNECTING || this.#state === ST_CLOSED) throw 'invalid-state';
    const ch = getChannel();
    return readAddress(ch, ch.call(Op.Address, this.#id, 0));
  }

  remoteAddress(): IpSocketAddress {
    if (this.#state !== ST_CONNECTED) throw 'invalid-state';
    const ch = getChannel();
    return readAddress(ch, ch.call(Op.Address, this.#id, 1));
  }

  isListening(): boolean { return this.#state === ST_LISTENING; }
  addressFamily(): Family { return this.#family; }

  setListenBacklogSize(value: bigint): void {
    positiveSize(value);
    if (this.#state === ST_CONNECTING || this.#state === ST_CONNECTED) throw 'invalid-state';
    this.#backlog = value;
  }

  keepAliveEnabled(): boolean { return this.#keepAlive; }
  setKeepAliveEnabled(value: boolean): void {
    this.#keepAlive = value;
    if (this.#state === ST_CONNECTED) this.#applyKeepAlive();
  }
  #applyKeepAlive(): void {
    getChannel().call(Op.SetOption, this.#id, Opt.KeepAlive, this.#keepAlive ? 1 : 0, Number(this.#keepAliveIdle / 1_000_000n));
  }
  keepAliveIdleTime(): bigint { return this.#keepAliveIdle; }
  setKeepAliveIdleTime(value: bigint): void {
    // Node sets keep-alive idle time in whole seconds.
    this.#keepAliveIdle = positiveSize(value) < 1_000_000_000n ? 1_000_000_000n : value;
    if (this.#state === ST_CONNECTED && this.#keepAlive) this.#applyKeepAlive();
  }
  keepAliveInterval(): bigint { return this.#keepAliveInterval; }
  setKeepAliveInterval(value: bigint): void { this.#keepAliveInterval = positiveSize(value); }
  keepAliveCount(): number { return this.#keepAliveCount; }
  setKeepAliveCount(value: number): void { this.#keepAliveCount = positive(value); }
  hopLimit(): number { return this.#hopLimit; }
  setHopLimit(value: number): void { this.#hopLimit = positive(value); }
  receiveBufferSize(): bigint { return this.#recvBuf; }
  setReceiveBufferSize(value: bigint): void { this.#recvBuf = positiveSize(value); }
  sendBufferSize(): bigint { return this.#sendBuf; }
  setSendBufferSize(value: bigint): void { this.#sendBuf = positiveSize(value); }

  subscribe(): Pollable {
    if (this.#state === ST_CONNECTING) return sourcePollable(this, Ev.Connect);
    if (this.#state === ST_LISTENING || this.#state === ST_LISTEN_STARTED) return sourcePollable(this, Ev.Read);
    return readyPollable();
  }

  /** @internal PollSource */
  pollReady(event: number): boolean {
    if (event === Ev.Connect) return this.#state !== ST_CONNECTING || this.#conn!.ready(Ev.Connect);
    if (this.#state !== ST_LISTENING && this.#state !== ST_LISTEN_STARTED) return true;
    return this.#queue!.ready();
  }
  /** @internal PollSource: the shared blocks answer from this thread. */
  pollLocal(event: number): boolean {
    return this.pollReady(event);
  }
  /** @internal PollSource */
  pollId(): number { return this.#id; }

  shutdown(shutdownType: ShutdownType): void {
    if (this.#state !== ST_CONNECTED) throw 'invalid-state';
    const how = shutdownType === 'receive' ? 1 : shutdownType === 'send' ? 2 : 3;
    getChannel().post(Cmd.Shutdown, this.#id, how);
    if (how & 1) this.#in?.closeLocal();
    if (how & 2) this.#out?.closeLocal();
  }

  [Symbol.dispose](): void {
    if (this.#id === 0) return;
    getChannel().close(this.#id);
    this.#id = 0;
    this.#state = ST_CLOSED;
  }
}

export class IncomingDatagramStream implements PollSource {
  #socket: UdpSocket;
  /** @internal */
  constructor(socket: UdpSocket) {
    this.#socket = socket;
  }
  receive(maxResults: bigint): { data: Uint8Array; remoteAddress: IpSocketAddress }[] {
    const max = maxResults > 1024n ? 1024 : Number(maxResults);
    if (max === 0) return [];
    const ch = getChannel();
    const n = ch.call(Op.UdpRecv, UdpSocket._id(this.#socket), max);
    if (n < 0) throw code(n);
    const remote = UdpSocket._remote(this.#socket);
    const out: { data: Uint8Array; remoteAddress: IpSocketAddress }[] = [];
    let off = 0;
    for (let i = 0; i < n; i++) {
      const len = ch.data.readInt32LE(off);
      const port = ch.data.readInt32LE(off + 4);
      const family = ch.data.readInt32LE(off + 8);
      const textLen = ch.data.readInt32LE(off + 12);
      const text = ch.text(off + 16, textLen);
      const start = off + 16 + textLen;
      off = start + len;
      // A connected stream only delivers what its peer sent.
      if (remote && (remote.text !== text || remote.port !== port)) continue;
      out.push({ data: ch.data.slice(start, start + len), remoteAddress: socketAddress(family, text, port) });
    }
    return out;
  }
  subscribe(): Pollable { return sourcePollable(this, Ev.Read); }
  /** @internal */
  pollReady(): boolean { return getChannel().call(Op.UdpRecv, UdpSocket._id(this.#socket), 0) > 0; }
  /** @internal */
  pollLocal(): boolean { return false; }
  /** @internal */
  pollId(): number { return UdpSocket._id(this.#socket); }
  [Symbol.dispose](): void {}
}

const SEND_PERMIT = 64n;

export class OutgoingDatagramStream {
  #socket: UdpSocket;
  /** @internal */
  constructor(socket: UdpSocket) {
    this.#socket = socket;
  }
  checkSend(): bigint { return SEND_PERMIT; }
  send(datagrams: { data: Uint8Array; remoteAddress?: IpSocketAddress }[]): bigint {
    const sock = this.#socket;
    const remote = UdpSocket._remote(sock);
    if (!UdpSocket._policy(sock).connect) throw 'access-denied';
    const ch = getChannel();
    let sent = 0;
    for (const d of datagrams) {
      let text: string;
      let port: number;
      if (d.remoteAddress) {
        checkFamily(d.remoteAddress, sock.addressFamily());
        text = addressText(d.remoteAddress);
        port = d.remoteAddress.val.port;
        if (remote && (remote.port !== port || remote.text !== normalize(d.remoteAddress))) throw 'invalid-argument';
        if (port === 0 || isUnspecified(d.remoteAddress)) throw 'invalid-argument';
      } else if (remote) {
        text = remote.text;
        port = remote.port;
      } else {
        throw 'invalid-argument';
      }
      if (d.data.byteLength > 65507) throw 'datagram-too-large';
      const textLen = ch.putText(text);
      ch.data.set(d.data, textLen);
      const s = ch.call(Op.UdpSend, UdpSocket._id(sock), port, familyNumber(sock.addressFamily()), textLen, d.data.byteLength);
      if (s < 0) {
        if (sent > 0) break;
        throw code(s);
      }
      sent++;
    }
    return BigInt(sent);
  }
  subscribe(): Pollable { return readyPollable(); }
  [Symbol.dispose](): void {}
}

/** The text Node reports for an address, to compare a peer with what the guest named. */
function normalize(a: IpSocketAddress): string {
  if (a.tag === 'ipv4') return a.val.address.join('.');
  return addressText(a);
}

export class UdpSocket {
  #id: number;
  #family: Family;
  #state = ST_UNBOUND;
  #pendingError: SocketErrorCode | undefined;
  #policy: NetworkPolicy = {};
  #remote: { text: string; port: number; addr: IpSocketAddress } | undefined;
  #hopLimit = 64;
  #recvBuf = 65536n;
  #sendBuf = 65536n;

  /** @internal */
  constructor(id: number, family: Family) {
    this.#id = id;
    this.#family = family;
  }
  /** @internal */
  static _create(family: Family): UdpSocket {
    if (family !== 'ipv4' && family !== 'ipv6') throw 'not-supported';
    return new UdpSocket(getChannel().call(Op.UdpCreate, familyNumber(family)), family);
  }
  /** @internal */
  static _id(s: UdpSocket): number { return s.#id; }
  /** @internal */
  static _remote(s: UdpSocket): { text: string; port: number } | undefined { return s.#remote; }
  /** @internal */
  static _policy(s: UdpSocket): NetworkPolicy { return s.#policy; }

  startBind(network: Network, localAddress: IpSocketAddress): void {
    ({ policy: this.#policy, error: this.#pendingError } = startBinding(Op.UdpBind, this.#id, this.#state, this.#family, network, localAddress));
    this.#state = ST_BINDING;
  }
  finishBind(): void {
    this.#state = finishBinding(this.#state, this.#pendingError);
    if (this.#pendingError) throw this.#pendingError;
  }
  stream(remoteAddress: IpSocketAddress | undefined): [IncomingDatagramStream, OutgoingDatagramStream] {
    if (this.#state !== ST_BOUND) throw 'invalid-state';
    if (remoteAddress) {
      checkFamily(remoteAddress, this.#family);
      if (remoteAddress.val.port === 0 || isUnspecified(remoteAddress)) throw 'invalid-argument';
      this.#remote = { text: normalize(remoteAddress), port: remoteAddress.val.port, addr: remoteAddress };
    } else {
      this.#remote = undefined;
    }
    return [new IncomingDatagramStream(this), new OutgoingDatagramStream(this)];
  }
  localAddress(): IpSocketAddress {
    if (this.#state !== ST_BOUND) throw 'invalid-state';
    const ch = getChannel();
    return readAddress(ch, ch.call(Op.Address, this.#id, 0));
  }
  remoteAddress(): IpSocketAddress {
    if (!this.#remote) throw 'invalid-state';
    return this.#remote.addr;
  }
  addressFamily(): Family { return this.#family; }
  unicastHopLimit(): number { return this.#hopLimit; }
  setUnicastHopLimit(value: number): void { this.#hopLimit = positive(value); }
  receiveBufferSize(): bigint { return this.#recvBuf; }
  setReceiveBufferSize(value: bigint): void { this.#recvBuf = positiveSize(value); }
  sendBufferSize(): bigint { return this.#sendBuf; }
  setSendBufferSize(value: bigint): void { this.#sendBuf = positiveSize(value); }
  subscribe(): Pollable { return readyPollable(); }
  [Symbol.dispose](): void {
    if (this.#id === 0) return;
    getChannel().close(this.#id);
    this.#id = 0;
  }
}

export class ResolveAddressStream implements PollSource {
  #id: number;
  #list: IpAddress[] | undefined;
  #next = 0;
  /** @internal */
  constructor(id: number, list: IpAddress[] | undefined) {
    this.#id = id;
    this.#list = list;
  }
  resolveNextAddress(): IpAddress | undefined {
    if (!this.#list) {
      const ch = getChannel();
      const n = ch.call(Op.LookupResult, this.#id);
      if (n === PENDING) throw 'would-block';
      if (n < 0) { this.#list = []; this.#release(); throw code(n); }
      const text = ch.text(0, ch.res[0]!);
      this.#list = [];
      for (const line of text.split('\n')) {
        if (line === '') continue;
        const sp = line.indexOf(' ');
        this.#list.push(ipAddress(Number(line.slice(0, sp)), line.slice(sp + 1)));
      }
      this.#release();
    }
    return this.#list[this.#next++];
  }
  #release(): void {
    if (this.#id !== 0) getChannel().close(this.#id);
    this.#id = 0;
  }
  subscribe(): Pollable { return this.#list ? readyPollable() : sourcePollable(this, Ev.Read); }
  /** @internal */
  pollReady(): boolean {
    return this.#id === 0 || getChannel().call(Op.LookupResult, this.#id) !== PENDING;
  }
  /** @internal */
  pollLocal(): boolean { return this.#id === 0; }
  /** @internal */
  pollId(): number { return this.#id; }
  [Symbol.dispose](): void { this.#release(); }
}

const IPV4_LITERAL = /^\d{1,3}(\.\d{1,3}){3}$/;

function literal(name: string): IpAddress | undefined {
  if (IPV4_LITERAL.test(name)) {
    const p = name.split('.').map(Number);
    if (p.every((x) => x <= 255)) return { tag: 'ipv4', val: [p[0]!, p[1]!, p[2]!, p[3]!] };
    return undefined;
  }
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  if (/^[0-9a-fA-F:.]+$/.test(bare) && bare.includes(':')) return { tag: 'ipv6', val: parseIpv6(bare) };
  return undefined;
}

type LookupStream = import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-ip-name-lookup').ResolveAddressStream;
type SocketInterfaces = Pick<OptionalHost, 'wasi:sockets/network' | 'wasi:sockets/instance-network' | 'wasi:sockets/tcp'
  | 'wasi:sockets/tcp-create-socket' | 'wasi:sockets/udp' | 'wasi:sockets/udp-create-socket' | 'wasi:sockets/ip-name-lookup'>;

export function createSockets(policy: NetworkPolicy): SocketInterfaces {
  const network = new Network(policy);
  return {
    'wasi:sockets/network': {
      Network: Network as unknown as NetworkIface['Network'],
      // In wasi:sockets since 0.2.1; preview2-shim has it, its generated types do not yet.
      networkErrorCode(err: unknown): SocketErrorCode | undefined {
        return err instanceof IoError ? err.socketCode : undefined;
      },
    } as NetworkIface,
    'wasi:sockets/instance-network': {
      instanceNetwork(): Network {
        return network;
      },
    },
    'wasi:sockets/tcp': { TcpSocket: TcpSocket as unknown as Tcp['TcpSocket'] },
    'wasi:sockets/tcp-create-socket': {
      createTcpSocket(addressFamily: Family): TcpSocket {
        return TcpSocket._create(addressFamily);
      },
    },
    'wasi:sockets/udp': {
      UdpSocket: UdpSocket as unknown as Udp['UdpSocket'],
      IncomingDatagramStream: IncomingDatagramStream as unknown as Udp['IncomingDatagramStream'],
      OutgoingDatagramStream: OutgoingDatagramStream as unknown as Udp['OutgoingDatagramStream'],
    },
    'wasi:sockets/udp-create-socket': {
      createUdpSocket(addressFamily: Family): UdpSocket {
        return UdpSocket._create(addressFamily);
      },
    },
    'wasi:sockets/ip-name-lookup': {
      ResolveAddressStream: ResolveAddressStream as unknown as OptionalHost['wasi:sockets/ip-name-lookup']['ResolveAddressStream'],
      resolveAddresses(net: unknown, name: string) {
        const p = Network._policy(net as Network);
        if (!p.lookup) throw 'access-denied';
        if (name === '' || name.length > 253) throw 'invalid-argument';
        const lit = literal(name);
        if (lit) return new ResolveAddressStream(0, [lit]) as unknown as LookupStream;
        if (!/^[A-Za-z0-9.-]+$/.test(name)) throw 'invalid-argument';
        const ch = getChannel();
        const len = ch.putText(name);
        return new ResolveAddressStream(ch.call(Op.Lookup, len), undefined) as unknown as LookupStream;
      },
    },
  };
}

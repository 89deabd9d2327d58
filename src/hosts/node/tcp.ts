/** The node host's wasi:sockets/tcp: a TCP socket whose I/O runs in the host's socket worker (channel.ts). */
import type { IpSocketAddress, SocketErrorCode } from '../../../adapter/host.js';
import type { NetworkPolicy } from '../config.js';
import { getChannel } from './channel.js';
import { Pollable, readyPollable, sourcePollable, type PollSource } from './poll.js';
import { Cmd, Ev, Op, Opt } from './protocol.js';
import { ACCEPT_SLOTS, C, L, type ConnectionBlock, type ListenerBlock } from './ring.js';
import { SocketIn, SocketOut } from './socket-streams.js';
import { InputStream, OutputStream } from './streams.js';
import {
  type Family, type ShutdownType, code, Network, addressText, isUnspecified, checkFamily, readAddress,
  familyNumber, positive, positiveSize, ST_UNBOUND, ST_BINDING, ST_BOUND, ST_LISTEN_STARTED, ST_LISTENING,
  ST_CONNECTING, ST_CONNECTED, ST_CLOSED, startBinding, finishBinding,
} from './socket-common.js';

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


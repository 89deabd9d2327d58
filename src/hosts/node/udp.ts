/** The node host's wasi:sockets/udp: a UDP socket and its datagram streams, over the socket worker. */
import type { IpSocketAddress, SocketErrorCode } from '../../../adapter/host.js';
import type { NetworkPolicy } from '../config.js';
import { getChannel } from './channel.js';
import { Pollable, readyPollable, sourcePollable, type PollSource } from './poll.js';
import { Ev, Op } from './protocol.js';
import {
  type Family, code, Network, addressText, socketAddress, isUnspecified, checkFamily, readAddress,
  familyNumber, positive, positiveSize, ST_UNBOUND, ST_BINDING, ST_BOUND, startBinding, finishBinding,
} from './socket-common.js';

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


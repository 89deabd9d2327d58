/** What the node host's TCP, UDP and name lookup share: the network resource, addresses, states and the binding steps. */
import type { IpAddress, IpSocketAddress, SocketErrorCode } from '../../../adapter/host.js';
import { parseIpv6 } from '../../address.js';
import type { NetworkPolicy } from '../config.js';
import { getChannel, type Channel } from './channel.js';
import { SOCKET_ERROR_LIST } from './errors.js';
import { FAMILY_V4, FAMILY_V6, Op } from './protocol.js';

export type Family = 'ipv4' | 'ipv6';
export type ShutdownType = 'receive' | 'send' | 'both';

export const PENDING = -2000;

export function code(status: number): SocketErrorCode {
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

export function addressText(a: IpSocketAddress): string {
  if (a.tag === 'ipv4') return a.val.address.join('.');
  return a.val.address.map((x) => x.toString(16)).join(':');
}

export function socketAddress(family: number, text: string, port: number): IpSocketAddress {
  if (family === FAMILY_V6) {
    return { tag: 'ipv6', val: { port, flowInfo: 0, address: parseIpv6(text), scopeId: 0 } };
  }
  const p = text.split('.').map(Number);
  return { tag: 'ipv4', val: { port, address: [p[0]!, p[1]!, p[2]!, p[3]!] } };
}

export function ipAddress(family: number, text: string): IpAddress {
  if (family === FAMILY_V6) return { tag: 'ipv6', val: parseIpv6(text) };
  const p = text.split('.').map(Number);
  return { tag: 'ipv4', val: [p[0]!, p[1]!, p[2]!, p[3]!] };
}

export function isUnspecified(a: IpSocketAddress): boolean {
  return (a.val.address as number[]).every((x) => x === 0);
}

export function isV4Mapped(a: IpSocketAddress): boolean {
  if (a.tag !== 'ipv6') return false;
  const x = a.val.address;
  return x[0] === 0 && x[1] === 0 && x[2] === 0 && x[3] === 0 && x[4] === 0 && x[5] === 0xffff;
}

export function checkFamily(a: IpSocketAddress, family: Family): void {
  if (a.tag !== family || isV4Mapped(a)) throw 'invalid-argument';
}

/** Reads back an address the worker wrote for status `port`. */
export function readAddress(ch: Channel, port: number): IpSocketAddress {
  if (port < 0) throw code(port);
  return socketAddress(ch.res[0]!, ch.text(0, ch.res[1]!), port);
}

export function familyNumber(f: Family): number {
  return f === 'ipv6' ? FAMILY_V6 : FAMILY_V4;
}

/** 0.2's socket options take only positive values. */
export function positive(value: number): number {
  if (value <= 0) throw 'invalid-argument';
  return value;
}

export function positiveSize(value: bigint): bigint {
  if (value <= 0n) throw 'invalid-argument';
  return value;
}

export const ST_UNBOUND = 0, ST_BINDING = 1, ST_BOUND = 2, ST_LISTEN_STARTED = 3, ST_LISTENING = 4;
export const ST_CONNECTING = 5, ST_CONNECTED = 6, ST_CLOSED = 7;

/** A bind under way: the grants it was made under, and how the worker's bind went. */
export interface Binding {
  policy: NetworkPolicy;
  error: SocketErrorCode | undefined;
}

/**
 * startBind of either kind: 0.2's checks, then the worker binds at once
 * (node:net cannot bind later without listening); its error waits for finishBind.
 */
export function startBinding(
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
export function finishBinding(state: number, error: SocketErrorCode | undefined): number {
  if (state !== ST_BINDING) throw 'not-in-progress';
  return error ? ST_UNBOUND : ST_BOUND;
}


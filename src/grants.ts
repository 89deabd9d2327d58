import { isIPv4, isIPv6, parseIpv6 } from './address.js';
import type { IpSocketAddress } from '../adapter/host.js';
import type { NetworkPolicy } from './hosts/config.js';
import type { NetworkGrants } from '../adapter/context.js';

/** One `HOST:PORT` pattern: an exact address or any (`*`), and a port range. */
interface AddressPattern {
  address: readonly number[] | undefined;
  family: 'ipv4' | 'ipv6' | undefined;
  low: number;
  high: number;
}

function parsePort(text: string, pattern: string): [number, number] {
  if (text === '*') return [0, 65535];
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  const low = Number(m?.[1]);
  const high = m?.[2] === undefined ? low : Number(m[2]);
  if (m === null || high > 65535 || low > high) throw new TypeError(`"${pattern}": the port must be a number, LOW-HIGH or *`);
  return [low, high];
}

/** `127.0.0.1:8080`, `[::1]:*`, `*:8000-8100`, `*:*`; throws a TypeError naming the pattern. */
export function parseAddressPattern(pattern: string): AddressPattern {
  const colon = pattern.lastIndexOf(':');
  if (colon < 0) throw new TypeError(`"${pattern}" is not HOST:PORT`);
  const host = pattern.slice(0, colon);
  const [low, high] = parsePort(pattern.slice(colon + 1), pattern);
  if (host === '*') return { address: undefined, family: undefined, low, high };
  if (isIPv4(host)) return { address: host.split('.').map(Number), family: 'ipv4', low, high };
  if (host.startsWith('[') && host.endsWith(']') && isIPv6(host.slice(1, -1))) {
    return { address: parseIpv6(host.slice(1, -1)), family: 'ipv6', low, high };
  }
  throw new TypeError(`"${pattern}": the host must be *, a numeric IPv4 address or an IPv6 address in brackets`);
}

function matches(p: AddressPattern, a: IpSocketAddress): boolean {
  const port = a.val.port;
  if (port < p.low || port > p.high) return false;
  if (p.family === undefined) return true;
  if (p.family !== a.tag) return false;
  const address = a.val.address as readonly number[];
  return p.address!.every((x, i) => x === address[i]);
}

function grant(rule: boolean | readonly string[] | undefined): (a: IpSocketAddress) => boolean {
  if (rule === true) return () => true;
  if (!rule || rule.length === 0) return () => false;
  const patterns = rule.map(parseAddressPattern);
  return (a) => patterns.some((p) => matches(p, a));
}

/** Whether a policy grants anything of this kind: what a host created by name is told. */
export function anyGranted(rule: boolean | readonly string[] | undefined): boolean {
  return rule === true || (Array.isArray(rule) && rule.length > 0);
}

/** The adapter's checks for a policy; invalid patterns throw here, when the embedder configures. */
export function networkGrants(policy: NetworkPolicy = {}): NetworkGrants {
  return { connect: grant(policy.connect), listen: grant(policy.listen), lookup: policy.lookup === true };
}

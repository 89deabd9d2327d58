import { isIPv4, isIPv6 } from 'node:net';
import type { IpAddress, IpSocketAddress } from './host.js';

type Ipv6 = [number, number, number, number, number, number, number, number];

/** The eight groups of an IPv6 text address (any zone after `%` is ignored). */
export function parseIpv6(text: string): Ipv6 {
  const pct = text.indexOf('%');
  if (pct >= 0) text = text.slice(0, pct);
  const groups = (s: string): number[] => {
    if (s === '') return [];
    const out: number[] = [];
    for (const p of s.split(':')) {
      if (p.includes('.')) {
        const v4 = p.split('.').map(Number);
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else out.push(parseInt(p, 16));
    }
    return out;
  };
  const gap = text.indexOf('::');
  if (gap < 0) return groups(text) as Ipv6;
  const head = groups(text.slice(0, gap));
  const tail = groups(text.slice(gap + 2));
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail] as Ipv6;
}

/** An IP address in its usual text form. */
export function formatIpAddress(a: IpAddress): string {
  if (a.tag === 'ipv4') return a.val.join('.');
  return a.val.map((x) => x.toString(16)).join(':');
}

/** `HOST:PORT` as wasmtime's `--tcplisten` writes it: `127.0.0.1:8080`, `[::1]:8080`. */
export function parseSocketAddress(text: string): IpSocketAddress {
  const colon = text.lastIndexOf(':');
  const portText = text.slice(colon + 1);
  const port = Number(portText);
  if (colon < 0 || !/^\d{1,5}$/.test(portText) || port > 65535) throw new TypeError(`"${text}" is not HOST:PORT`);
  const host = text.slice(0, colon);
  if (isIPv4(host)) {
    const [a, b, c, d] = host.split('.').map(Number) as [number, number, number, number];
    return { tag: 'ipv4', val: { port, address: [a, b, c, d] } };
  }
  if (host.startsWith('[') && host.endsWith(']') && isIPv6(host.slice(1, -1))) {
    return { tag: 'ipv6', val: { port, flowInfo: 0, address: parseIpv6(host.slice(1, -1)), scopeId: 0 } };
  }
  throw new TypeError(`"${text}": the host must be a numeric IPv4 address or an IPv6 address in brackets`);
}

export function formatSocketAddress(a: IpSocketAddress): string {
  if (a.tag === 'ipv4') return `${a.val.address.join('.')}:${a.val.port}`;
  return `[${formatIpAddress({ tag: 'ipv6', val: a.val.address })}]:${a.val.port}`;
}

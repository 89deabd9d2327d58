import type { IpAddress, IpSocketAddress } from '../adapter/host.js';

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** A dotted-quad IPv4 address, as node:net's isIPv4 accepts it (no leading zeros). */
export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/** An IPv6 address: eight groups, or fewer with one `::`, an IPv4 tail allowed, a `%zone` ignored. */
export function isIPv6(text: string): boolean {
  const pct = text.indexOf('%');
  if (pct >= 0) text = text.slice(0, pct);
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return false;
  const parts = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = gap < 0 ? parts(text) : parts(text.slice(0, gap));
  const tail = gap < 0 ? [] : parts(text.slice(gap + 2));
  const all = [...head, ...tail];
  let groups = all.length;
  for (let i = 0; i < all.length; i++) {
    const g = all[i]!;
    if (i === all.length - 1 && g.includes('.') && !text.endsWith(':')) {
      if (!isIPv4(g)) return false;
      groups++;
    } else if (!HEX_GROUP.test(g)) {
      return false;
    }
  }
  return gap < 0 ? groups === 8 : groups < 8;
}

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

/** The node host's wasi:sockets: name lookup, and the sockets interfaces as a host presents them (createSockets). */
import type {
  IpAddress, Network as NetworkIface, OptionalHost, SocketErrorCode, Tcp, Udp,
} from '../../../adapter/host.js';
import { parseIpv6 } from '../../address.js';
import type { NetworkPolicy } from '../config.js';
import { getChannel } from './channel.js';
import { IoError } from './errors.js';
import { Pollable, readyPollable, sourcePollable, type PollSource } from './poll.js';
import { Ev, Op } from './protocol.js';
import { type Family, PENDING, code, Network, ipAddress } from './socket-common.js';
import { TcpSocket } from './tcp.js';
import { IncomingDatagramStream, OutgoingDatagramStream, UdpSocket } from './udp.js';

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


import { complete } from '../adapter/connection.js';
import type { Context } from '../adapter/context.js';
import { formatSocketAddress, parseSocketAddress } from './address.js';
import type { Host, TcpSocket } from '../adapter/host.js';
import { drop } from '../adapter/entries.js';

/** A TCP listener the embedder opens for the module, the way `p1run --tcplisten` does. */
export interface ListenerOptions {
  /** `HOST:PORT` with a numeric host: `127.0.0.1:8080`, `[::1]:0` (port 0: any free port). */
  listen: string;
  /** The accept queue's length; the host's default when left out. */
  backlog?: number;
}

function socketsOf(host: Host): Required<Pick<Host, 'wasi:sockets/tcp-create-socket' | 'wasi:sockets/instance-network'>> {
  const create = host['wasi:sockets/tcp-create-socket'];
  const network = host['wasi:sockets/instance-network'];
  if (create === undefined || network === undefined) throw new Error('the host has no wasi:sockets/tcp');
  return { 'wasi:sockets/tcp-create-socket': create, 'wasi:sockets/instance-network': network };
}

/** Binds and listens; the error names the address and the host's error code. */
export function openListener(ctx: Context, options: ListenerOptions): TcpSocket {
  const address = parseSocketAddress(options.listen);
  const sockets = socketsOf(ctx.host);
  const socket = sockets['wasi:sockets/tcp-create-socket'].createTcpSocket(address.tag);
  try {
    const network = sockets['wasi:sockets/instance-network'].instanceNetwork();
    if (options.backlog !== undefined) socket.setListenBacklogSize(BigInt(options.backlog));
    socket.startBind(network, address);
    complete(ctx, socket, () => socket.finishBind());
    socket.startListen();
    complete(ctx, socket, () => socket.finishListen());
    return socket;
  } catch (err) {
    drop(socket);
    const code = typeof err === 'string' ? err : (err as Error).message ?? String(err);
    throw new Error(`cannot listen on ${options.listen}: ${code}`);
  }
}

/** Where a listener is bound, as HOST:PORT: how an embedder learns the port it got for port 0. */
export function listenerAddress(socket: TcpSocket): string {
  return formatSocketAddress(socket.localAddress());
}

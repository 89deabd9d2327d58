import type { HostQuirks } from '../adapter/context.js';
import type { Host } from '../adapter/host.js';
import { anyGranted } from './grants.js';
import { createHost, defaultHostName, isHostName, quirksOf, type HostName } from './hosts/index.js';
import { FdOut } from './hosts/node/streams.js';
import { runThreadedInNode } from './threads/node.js';
import { WASIBase, WASIError, type Platform, type WASIOptions } from './wasi.js';

/** Writes each chunk whole to a host fd, as the node host's stdout does. */
function fdWriter(fd: number): (bytes: Uint8Array) => void {
  const out = new FdOut(fd);
  return (bytes) => out.write(bytes);
}

function hostFrom(options: WASIOptions): Host {
  const name = (options.host ?? defaultHostName) as string;
  if (!isHostName(name)) throw new WASIError('ERR_INVALID_ARG_VALUE', `Unknown host "${name}"`);
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter((kv): kv is [string, string] => kv[1] !== undefined));
  if (name === 'memory') {
    // An empty tree: preopens name its directories (made empty), stdout and stderr are the host fds, stdin is empty.
    return createHost('memory', {
      preopens: options.preopens ?? {},
      stdout: fdWriter(options.stdout ?? 1),
      stderr: fdWriter(options.stderr ?? 2),
      env,
      args: [...(options.args ?? [])],
    });
  }
  return createHost(name as Exclude<HostName, 'memory'>, {
    preopens: options.preopens ?? {},
    ...(options.stdin !== undefined && { stdin: options.stdin }),
    ...(options.stdout !== undefined && { stdout: options.stdout }),
    ...(options.stderr !== undefined && { stderr: options.stderr }),
    env,
    args: [...(options.args ?? [])],
    ...(options.trace !== undefined && options.trace !== false && { trace: options.trace === true ? traceToStderr : options.trace }),
    network: {
      connect: anyGranted(options.network?.connect),
      listen: anyGranted(options.network?.listen) || Boolean(options.sockets?.length),
      lookup: options.network?.lookup === true,
    },
  });
}

function traceToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

export const nodePlatform: Platform = {
  host: hostFrom,
  quirks: (host: Host): HostQuirks => quirksOf(host),
  exit: (code: number): never => process.exit(code),
  trace: traceToStderr,
  threads: runThreadedInNode,
};

/**
 * A drop-in for node:wasi's WASI class that runs the module's preview1 calls
 * on a WASI 0.2 host: by default the project's own Node host.
 */
export class WASI extends WASIBase {
  constructor(options: WASIOptions = {}) {
    super(options, nodePlatform);
  }
}

import type { HostQuirks } from '../adapter/context.js';
import type { Host } from '../adapter/host.js';
import { anyGranted } from './grants.js';
import { createHost, defaultHostName, isHostName, quirksOf, type HostName } from './hosts/index.js';
import { WASIBase, WASIError, type Platform, type WASIOptions } from './wasi.js';

function hostFrom(options: WASIOptions): Host {
  const name = (options.host ?? defaultHostName) as string;
  if (!isHostName(name)) throw new WASIError('ERR_INVALID_ARG_VALUE', `Unknown host "${name}"`);
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter((kv): kv is [string, string] => kv[1] !== undefined));
  return createHost(name as HostName, {
    preopens: options.preopens ?? {},
    ...(options.stdin !== undefined && { stdin: options.stdin }),
    ...(options.stdout !== undefined && { stdout: options.stdout }),
    ...(options.stderr !== undefined && { stderr: options.stderr }),
    env,
    args: [...(options.args ?? [])],
    network: {
      connect: anyGranted(options.network?.connect),
      listen: anyGranted(options.network?.listen) || Boolean(options.sockets?.length),
      lookup: options.network?.lookup === true,
    },
  });
}

export const nodePlatform: Platform = {
  host: hostFrom,
  quirks: (host: Host): HostQuirks => quirksOf(host),
  exit: (code: number): never => process.exit(code),
  trace: (line: string) => { process.stderr.write(`${line}\n`); },
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

import { isatty } from 'node:tty';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import type { Host } from '../host.js';
import type { HostConfig } from './config.js';
import { FdInputStream, FdOutputStream } from './fd-streams.js';

/** A terminal resource: the adapter only asks whether there is one. */
class Terminal {}

/**
 * preview2-shim for Node through its per-instance WASIShim sandbox, so two
 * instances in one process keep their own preopens. Fixed here, in the host
 * rather than the adapter: stdio on an arbitrary fd (the shim only knows 0-2),
 * and terminal-* answering "a terminal" even for pipes and files.
 */
export function createPreview2ShimHost(config: HostConfig): Host {
  const network = config.network ?? {};
  const shim = new WASIShim({
    sandbox: {
      preopens: config.preopens,
      env: config.env ?? {},
      args: config.args ?? [],
      enableNetwork: Boolean(network.connect || network.listen || network.lookup),
    },
  });
  const imports = shim.getImportObject() as unknown as Host;
  const stdin = config.stdin ?? 0;
  const stdout = config.stdout ?? 1;
  const stderr = config.stderr ?? 2;
  const terminal = (fd: number): Terminal | undefined => (isatty(fd) ? new Terminal() : undefined);
  const host: Host = {
    ...imports,
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => terminal(stdin) as never },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => terminal(stdout) as never },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => terminal(stderr) as never },
  };
  if (stdin !== 0) host['wasi:cli/stdin'] = { getStdin: () => FdInputStream.create(stdin) };
  if (stdout !== 1) host['wasi:cli/stdout'] = { getStdout: () => FdOutputStream.create(stdout) };
  if (stderr !== 2) host['wasi:cli/stderr'] = { getStderr: () => FdOutputStream.create(stderr) };
  return host;
}

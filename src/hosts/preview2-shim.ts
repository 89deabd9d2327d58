import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import type { HostQuirks } from '../../adapter/context.js';
import { synchronousHost, type Host } from '../../adapter/host.js';
import type { HostConfig } from './config.js';
import { TcpSocket as NodeTcpSocket } from './node/sockets.js';
import { ShimDescriptor } from './shim-descriptor.js';
import { FdInputStream, FdOutputStream, SharedInputStream, SharedOutputStream } from './fd-streams.js';

const require = createRequire(import.meta.url);

/**
 * preview2-shim, loaded when first needed, with require() of an ES module
 * (Node 20.19 and later): importing it takes 35-50 ms, which a process on the
 * default host should not pay.
 */
function shim(): typeof import('@bytecodealliance/preview2-shim') {
  return require('@bytecodealliance/preview2-shim') as typeof import('@bytecodealliance/preview2-shim');
}

/** A terminal resource: the adapter only asks whether there is one. */
class Terminal {}

/**
 * preview2-shim for Node through its per-instance WASIShim sandbox, so two
 * instances in one process keep their own preopens. Fixed here, in the host
 * rather than the adapter: stdio on an arbitrary fd (the shim only knows 0-2),
 * terminal-* answering "a terminal" even for pipes and files, and stdio
 * streams that are one per process, so dropping one would break the others.
 */
export function createPreview2ShimHost(config: HostConfig): Host {
  const network = config.network ?? {};
  const { WASIShim } = require('@bytecodealliance/preview2-shim/instantiation') as typeof import('@bytecodealliance/preview2-shim/instantiation');
  const wasiShim = new WASIShim({
    sandbox: {
      preopens: config.preopens,
      env: config.env ?? {},
      args: config.args ?? [],
      enableNetwork: Boolean(network.connect || network.listen || network.lookup),
    },
  });
  const imports = wasiShim.getImportObject() as unknown as Host;
  const stdin = config.stdin ?? 0;
  const stdout = config.stdout ?? 1;
  const stderr = config.stderr ?? 2;
  const terminal = (fd: number): Terminal | undefined => (isatty(fd) ? new Terminal() : undefined);
  const preopens = imports['wasi:filesystem/preopens'].getDirectories()
    .map(([d, path]): [ReturnType<typeof ShimDescriptor.wrap>, string] => [ShimDescriptor.wrap(d), path]);
  const host: Host = {
    ...imports,
    'wasi:filesystem/preopens': { getDirectories: () => [...preopens] },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => terminal(stdin) as never },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => terminal(stdout) as never },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => terminal(stderr) as never },
    // preview2-shim for Node blocks its caller on a worker (Atomics.wait) and never answers with a
    // promise; without this, an engine with JSPI (Deno, Bun) would get suspending imports start() refuses.
    [synchronousHost]: true,
  };
  const shared = { stdin: imports['wasi:cli/stdin'], stdout: imports['wasi:cli/stdout'], stderr: imports['wasi:cli/stderr'] };
  host['wasi:cli/stdin'] = { getStdin: () => (stdin === 0 ? SharedInputStream.wrap(shared.stdin.getStdin()) : FdInputStream.create(stdin)) };
  host['wasi:cli/stdout'] = { getStdout: () => (stdout === 1 ? SharedOutputStream.wrap(shared.stdout.getStdout()) : FdOutputStream.create(stdout)) };
  host['wasi:cli/stderr'] = { getStderr: () => (stderr === 2 ? SharedOutputStream.wrap(shared.stderr.getStderr()) : FdOutputStream.create(stderr)) };
  return host;
}

/**
 * The defects of a host that are preview2-shim's own, found by its socket
 * class, so a raw WASIShim import object is covered as well as ours.
 */
export function preview2ShimQuirks(host: Host): HostQuirks {
  const tcp = host['wasi:sockets/tcp']?.TcpSocket as unknown;
  // The node host's class is known without loading preview2-shim to compare.
  if (tcp === undefined || tcp === NodeTcpSocket) return {};
  return tcp === shim().sockets.tcp.TcpSocket ? { tcpShutdownIgnoresType: true } : {};
}

import { closeSync, constants, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import type { HostQuirks } from '../../adapter/context.js';
import { synchronousHost, type Host } from '../../adapter/host.js';
import { preopenError, type HostConfig, type OwnedHost } from './config.js';
import { TcpSocket as NodeTcpSocket } from './node/tcp.js';
import { drop } from '../../adapter/entries.js';
import { ShimDescriptor } from './shim-descriptor.js';
import { FdInputStream, FdOutputStream, SharedInputStream } from './fd-streams.js';

const require = createRequire(import.meta.url);

/**
 * preview2-shim, loaded when first needed, with require() of an ES module
 * (Node 20.19 and later): importing it takes 35-50 ms, which a process on the
 * default host should not pay.
 */
function shim(): typeof import('@bytecodealliance/preview2-shim') {
  return require('@bytecodealliance/preview2-shim') as typeof import('@bytecodealliance/preview2-shim');
}

/**
 * preview2-shim checks a path component by component with lstat, then opens
 * it again by its whole host path in its worker, and its descriptors keep
 * paths, not fds. A directory swapped for a symlink in between is followed
 * out of the preopen, and nothing this layer can do through the shim's API
 * anchors a lookup to what was checked. Measured (README): 5-8% of opens and
 * stats against a tree flipping as fast as it can reached outside.
 */
export const RACE_NOTICE = 'preview2-shim host: not a sandbox against a tree that changes during the run (a directory '
  + 'swapped for a symlink between its check and its use is followed outside the preopen); use the node host for that';

/** A terminal resource: the adapter only asks whether there is one. */
class Terminal {}

/**
 * preview2-shim for Node through its per-instance WASIShim sandbox, so two
 * instances in one process keep their own preopens. Fixed here, in the host
 * rather than the adapter: stdio on an arbitrary fd (the shim only knows 0-2),
 * stdout and stderr that never report a closed pipe, terminal-* answering "a
 * terminal" even for pipes and files, stdin that is one per process, so
 * dropping one would break the others, and preopens never checked.
 */
export function createPreview2ShimHost(config: HostConfig): OwnedHost {
  for (const [guest, hostPath] of Object.entries(config.preopens)) checkPreopen(guest, hostPath);
  if (Object.keys(config.preopens).length > 0) config.trace?.(RACE_NOTICE);
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
    // Every descriptor this host hands out is a ShimDescriptor: a component's bindings check them against this class.
    'wasi:filesystem/types': { ...imports['wasi:filesystem/types'], Descriptor: ShimDescriptor as never },
    'wasi:filesystem/preopens': { getDirectories: () => [...preopens] },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => terminal(stdin) as never },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => terminal(stdout) as never },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => terminal(stderr) as never },
    // preview2-shim for Node blocks its caller on a worker (Atomics.wait) and never answers with a
    // promise; without this, an engine with JSPI (Deno, Bun) would get suspending imports start() refuses.
    [synchronousHost]: true,
  };
  const sharedStdin = imports['wasi:cli/stdin'];
  // Synchronous reads and writes are always ready; a zero timer is the shim's own "ready".
  const ready = () => imports['wasi:clocks/monotonic-clock'].subscribeDuration(0n);
  host['wasi:cli/stdin'] = { getStdin: () => (stdin === 0 ? SharedInputStream.wrap(sharedStdin.getStdin()) : FdInputStream.create(stdin, ready)) };
  // Ours even on fd 1 and 2: the shim's own never report a write to a closed pipe.
  host['wasi:cli/stdout'] = { getStdout: () => FdOutputStream.create(stdout, ready) };
  host['wasi:cli/stderr'] = { getStderr: () => FdOutputStream.create(stderr, ready) };
  return Object.assign(host, {
    /**
     * The shim holds no host fd for a preopen (it keeps the path) nor for its
     * stdio (one per process, shared by every instance): only the preopen
     * descriptors this host kept go. Files the guest opened are the table's.
     */
    close(): void {
      for (const [descriptor] of preopens.splice(0)) drop(descriptor);
    },
  });
}

/** The node host's check, with its words: the shim would accept a missing directory and fail every call. */
function checkPreopen(guest: string, hostPath: string): void {
  try {
    closeSync(openSync(hostPath, constants.O_RDONLY | constants.O_DIRECTORY));
  } catch (e) {
    throw preopenError(guest, hostPath, e);
  }
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

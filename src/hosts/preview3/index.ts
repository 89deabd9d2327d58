/** preview3-shim for Node under the host layer of host.ts. */
import { closeSync, constants, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { preopenError, type HostConfig, type OwnedHost } from '../config.js';
import { preview3Host } from './host.js';

export { isPreview3Host, preview3Host, type Preview3Host } from './host.js';

const require = createRequire(import.meta.url);

class Terminal {
  [Symbol.dispose](): void {}
}

/**
 * preview3-shim for Node: its 0.3 interfaces, under this layer. Its preopens
 * are one table for the whole process (`_setPreopens`), so one such host
 * at a time per process; its stdio is the process's own (fds 0-2).
 */
export function createPreview3ShimHost(config: HostConfig): OwnedHost {
  for (const [guest, hostPath] of Object.entries(config.preopens)) checkPreopen(guest, hostPath);
  if ((config.stdin ?? 0) !== 0 || (config.stdout ?? 1) !== 1 || (config.stderr ?? 2) !== 2) {
    throw new Error('preview3-shim host: stdio is the process\'s own fds 0, 1 and 2; preview3-shim cannot serve others');
  }
  const load = <T>(name: string): T => require(`@bytecodealliance/preview3-shim/${name}`) as T;
  const cli = load<Record<string, Record<string, unknown>>>('cli');
  const clocks = load<Record<string, Record<string, unknown>>>('clocks');
  const random = load<Record<string, Record<string, unknown>>>('random');
  const filesystem = load<Record<string, Record<string, unknown>> & { _setPreopens(p: Record<string, string>): void }>('filesystem');
  filesystem._setPreopens(config.preopens);
  const host = preview3Host({
    'wasi:cli/stdin': cli.stdin!,
    'wasi:cli/stdout': cli.stdout!,
    'wasi:cli/stderr': cli.stderr!,
    'wasi:clocks/monotonic-clock': clocks.monotonicClock!,
    'wasi:clocks/system-clock': clocks.systemClock!,
    'wasi:random/random': random.random!,
    'wasi:random/insecure': random.insecure!,
    'wasi:random/insecure-seed': random.insecureSeed!,
    'wasi:filesystem/types': filesystem.types!,
    'wasi:filesystem/preopens': filesystem.preopens!,
  });
  const terminal = (fd: number): Terminal | undefined => (isatty(fd) ? new Terminal() : undefined);
  return Object.assign(host, {
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => terminal(0) as never },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => terminal(1) as never },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => terminal(2) as never },
    close(): void {
      filesystem._setPreopens({});
    },
  });
}

function checkPreopen(guest: string, hostPath: string): void {
  try {
    closeSync(openSync(hostPath, constants.O_RDONLY | constants.O_DIRECTORY));
  } catch (e) {
    throw preopenError(guest, hostPath, e);
  }
}

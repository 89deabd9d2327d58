/**
 * What the worker runs: the module and the adapter, over a proxy of the host
 * that stays on the owner's thread. Platform-free: the entry scripts
 * (node-entry.ts, browser-entry.ts) only wire it to their thread's messages.
 */
import type { HostQuirks } from '../../adapter/context.js';
import type { TraceSink } from '../../adapter/index.js';
import type { Host } from '../../adapter/host.js';
import { WASIBase, WASIError, WASIExitError, type Platform } from '../wasi.js';
import { WorkerEnd } from './channel.js';
import { failureOf, type StartMessage, type WorkerMessage } from './protocol.js';
import { HostClient } from './proxy.js';

/** The worker's WASI: its host is the proxy, its trace lines go to the owner, and start() returns the exit code. */
function workerPlatform(quirks: HostQuirks, trace: TraceSink): Platform {
  return {
    host(): Host {
      throw new WASIError('ERR_INVALID_ARG_VALUE', 'a worker runs over the host of the thread that started it');
    },
    quirks: () => quirks,
    exit(code: number): never {
      throw new WASIExitError(code);
    },
    trace,
  };
}

/** Runs the module of `start` to its end, and says how it ended with `post`. */
export async function runGuest(start: StartMessage, post: (message: WorkerMessage) => void): Promise<void> {
  post({ kind: 'loaded' });
  try {
    const module = start.module instanceof WebAssembly.Module ? start.module : await WebAssembly.compile(start.module as BufferSource);
    const end = new WorkerEnd(start.buffer, start.wake === 'message' ? () => post({ kind: 'wake' }) : undefined);
    const host = new HostClient(end);
    const wasi = new WASIBase({
      args: start.args,
      env: start.env,
      ...(start.network !== undefined && { network: start.network }),
      returnOnExit: true,
      host: host.host(),
      trace: start.trace,
    }, workerPlatform(start.quirks, (line) => host.trace(line)));
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    const code = wasi.start(instance);
    host.flush();
    post({ kind: 'exit', code });
  } catch (err) {
    post({ kind: 'failed', failure: failureOf(err) });
  }
}

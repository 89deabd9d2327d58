import type { Host } from '../../adapter/host.js';

/** What the embedder grants a host: the same for every host the project builds. */
export interface HostConfig {
  /** Guest path (as the module sees it) to host directory. */
  preopens: Record<string, string>;
  /** Host file descriptors to serve as stdio, as node:wasi's options allow; default 0, 1, 2. */
  stdin?: number;
  stdout?: number;
  stderr?: number;
  /** For components that read wasi:cli/environment; the preview1 adapter keeps its own copy. */
  env?: Record<string, string>;
  args?: string[];
  /** Network access for wasi:sockets; denied unless granted. */
  network?: NetworkPolicy;
  /**
   * The node host only: whether to use its native part (native/wasi_host.c)
   * when it was built at install time. Default true; false runs on Node's fs
   * module alone, as where it could not be built.
   */
  native?: boolean;
  /** Where the host says, at construction, what a tracing embedder should know of it. */
  trace?: (line: string) => void;
}

/**
 * Which socket addresses a guest may reach; the default denies everything.
 * A list holds `HOST:PORT` patterns (see src/grants.ts): HOST a numeric IPv4
 * address, an IPv6 one in brackets, or `*`; PORT a number, `LOW-HIGH` or `*`.
 * Hosts only ask whether anything is granted; the adapter checks addresses.
 */
export interface NetworkPolicy {
  /** Outgoing connections and datagrams: to anywhere (true) or to addresses matching a pattern. */
  connect?: boolean | readonly string[];
  /** Binding and listening: on any local address (true) or on addresses matching a pattern. */
  listen?: boolean | readonly string[];
  /** Name lookups. */
  lookup?: boolean;
}

/**
 * A host the project builds: a WASI 0.2 host that also holds what it opened
 * for the embedder (the preopens' directories, the stdio streams it hands to
 * every caller). `close()` releases all of it, once; a second call does
 * nothing. An instance that made its host by name closes it when the module
 * ends; a host the embedder made is the embedder's to close, after every
 * instance on it has ended.
 */
export type OwnedHost = Host & { close(): void };

/**
 * What every host throws at construction for a preopen it cannot serve (a
 * missing directory, a file), with the same words on every host: a guest
 * would otherwise meet ENOENT or ENOTDIR on every call. `code` is Node's.
 */
export function preopenError(guest: string, hostPath: string, cause: unknown): Error {
  const code = (cause as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be opened (${String(code)})`;
  return Object.assign(new Error(`preopen ${guest}: host directory ${hostPath} ${why}`, { cause }), { code });
}

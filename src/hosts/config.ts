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
}

/** Which socket addresses a guest may reach; the default denies everything. */
export interface NetworkPolicy {
  /** Allow outgoing connections and datagrams. */
  connect?: boolean;
  /** Allow binding and listening. */
  listen?: boolean;
  /** Allow name lookups. */
  lookup?: boolean;
}

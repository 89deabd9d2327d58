export { WASI } from './node.js';
export { WASIBase, WASIError, WASIExitError, type WASIOptions } from './wasi.js';
export { ResourceTable, type Taken, type PlaceOptions } from '../adapter/table.js';
export { FileEntry, DirectoryEntry, StreamEntry, TcpEntry, UdpEntry, type Entry, type Resource } from '../adapter/entries.js';
export { synchronousHost, type Host, type CoreHost, type OptionalHost } from '../adapter/host.js';
export {
  createHost, hostNames, systemHostNames, defaultHostName, type HostName, type HostConfig, type HostOptions, type NetworkPolicy,
  type OwnedHost, type MemoryHost, type MemoryHostOptions, type MemoryTree,
} from './hosts/index.js';
export { createMemoryHost } from './hosts/memory/index.js';
export {
  createImports, createWasixImports, Context, ProcExit, AsyncHostError, type Preview1Imports, type TraceSink,
  type WasixImports,
} from '../adapter/index.js';
export { runInWorker } from './worker/node.js';
export type { WorkerRunOptions } from './worker/run.js';
export type { ThreadedOptions } from './threads/owner.js';

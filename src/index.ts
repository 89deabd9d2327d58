export { WASI, type WASIOptions } from './wasi.js';
export {
  ResourceTable, FileEntry, DirectoryEntry, StreamEntry, TcpEntry, UdpEntry,
  type Entry, type Resource,
} from './table.js';
export type { Host, CoreHost, OptionalHost } from './host.js';
export { createHost, hostNames, defaultHostName, type HostName, type HostConfig, type NetworkPolicy } from './hosts/index.js';
export { createImports, Context, ProcExit, type Preview1Imports, type TraceSink } from '../adapter/index.js';

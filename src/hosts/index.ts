import type { HostConfig, OwnedHost } from './config.js';
import { createMemoryHost, type MemoryHost, type MemoryHostOptions } from './memory/index.js';
import { createNodeHost } from './node/index.js';
import { createPreview2ShimHost } from './preview2-shim.js';
import { createPreview3ShimHost } from './preview3/index.js';

export { preview2ShimQuirks as quirksOf } from './preview2-shim.js';

export type { HostConfig, NetworkPolicy, OwnedHost } from './config.js';
export type { MemoryHost, MemoryHostOptions, MemoryTree } from './memory/index.js';

/** What each host the project ships is made from: the hosts over this machine take a HostConfig, the memory host its own options. */
export interface HostOptions {
  'preview2-shim': HostConfig;
  'preview3-shim': HostConfig;
  node: HostConfig;
  memory: MemoryHostOptions;
}

/** What each host is: the memory host can also give its tree back. */
export interface HostOf {
  'preview2-shim': OwnedHost;
  'preview3-shim': OwnedHost;
  node: OwnedHost;
  memory: MemoryHost;
}

/** The hosts the project ships, by the name `new WASI({ host })` takes. */
const factories: { [N in HostName]: (options: HostOptions[N]) => HostOf[N] } = {
  'preview2-shim': createPreview2ShimHost,
  'preview3-shim': createPreview3ShimHost,
  node: createNodeHost,
  memory: createMemoryHost,
};

export type HostName = keyof HostOptions;
export const hostNames = Object.keys(factories) as HostName[];
/**
 * The hosts over this machine: host directories as preopens, host fds as
 * stdio, and sockets (`p1run --host` takes these). The memory host has a
 * tree of its own and no sockets.
 */
export const systemHostNames: HostName[] = ['preview2-shim', 'node'];
/** The project's own host: synchronous where Node can be, so modules run at node:wasi's speed. */
export const defaultHostName: HostName = 'node';

export function isHostName(name: string): name is HostName {
  return Object.hasOwn(factories, name);
}

export function createHost<N extends HostName>(name: N, options: HostOptions[N]): HostOf[N] {
  return factories[name](options);
}

import type { HostConfig, OwnedHost } from './config.js';
import { createNodeHost } from './node/index.js';
import { createPreview2ShimHost } from './preview2-shim.js';

export { preview2ShimQuirks as quirksOf } from './preview2-shim.js';

export type { HostConfig, NetworkPolicy, OwnedHost } from './config.js';

/** The hosts the project ships, by the name `p1run --host` and `new WASI({ host })` take. */
const factories = {
  'preview2-shim': createPreview2ShimHost,
  node: createNodeHost,
} satisfies Record<string, (config: HostConfig) => OwnedHost>;

export type HostName = keyof typeof factories;
export const hostNames = Object.keys(factories) as HostName[];
/** The project's own host: synchronous where Node can be, so modules run at node:wasi's speed. */
export const defaultHostName: HostName = 'node';

export function isHostName(name: string): name is HostName {
  return Object.hasOwn(factories, name);
}

export function createHost(name: HostName, config: HostConfig): OwnedHost {
  return factories[name](config);
}

/**
 * The JavaScript runtime this process runs on. The package is written for
 * Node's APIs; Deno and Bun provide them too, with the differences the node
 * host works around named where it does so.
 */
export type RuntimeName = 'node' | 'deno' | 'bun';

/** Each runtime defines its own global; Node defines neither. */
export const runtime: RuntimeName = 'Deno' in globalThis ? 'deno' : 'Bun' in globalThis ? 'bun' : 'node';

import { delimiter } from 'node:path';

/** The compiler every committed preview1 module is built with (Debian: clang-22 lld-22 wasi-libc libclang-rt-22-dev-wasm32). */
export const CLANG = 'clang-22';

/**
 * clang runs wasm-opt after linking whenever one is on PATH, and `npm run`
 * puts node_modules/.bin (binaryen's, through jco) there: the same command
 * would give other bytes from npm than from a shell. Without it, always.
 */
export const clangEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.includes('node_modules')).join(delimiter),
};

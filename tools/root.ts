import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from a compiled file under dist/. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

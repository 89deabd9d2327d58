/**
 * The command line that runs one test file under a runtime with the tap
 * subset (tap.ts) standing in for `tap`: append the test file's path.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Launcher, RuntimeName } from '../../tools/runtimes.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const MAIN = join(HERE, 'main.js');
const SHIM = new URL('./tap.js', import.meta.url).href;

/** `scratch` is a directory the command may keep a file in (Deno's import map) while it is used. */
export function testCommand(runtime: RuntimeName, run: Launcher, scratch: string): string[] {
  if (runtime === 'deno') {
    const map = join(scratch, 'import-map.json');
    writeFileSync(map, JSON.stringify({ imports: { tap: SHIM } }));
    return [run.command, ...run.args, `--import-map=${map}`, MAIN];
  }
  if (runtime === 'bun') return [run.command, ...run.args, '--preload', join(HERE, 'bun-preload.js'), MAIN];
  // tap itself runs under Node; the subset runs there only to be checked against tap.
  return [run.command, '--import', `data:text/javascript,${encodeURIComponent(nodeHook())}`, MAIN];
}

/** A module resolution hook for Node that maps `tap` to the subset, as the other runtimes' maps do. */
function nodeHook(): string {
  const hooks = `export async function resolve(s, c, next) { return s === 'tap' ? { url: ${JSON.stringify(SHIM)}, shortCircuit: true } : next(s, c); }`;
  return `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
}

/**
 * Runs one compiled test file under Deno or Bun, with ./tap.js standing in
 * for `tap` (the launcher maps the name: an import map for Deno, a preload
 * plugin for Bun; see run.ts):
 *   deno run -A --import-map MAP dist/test/runtimes/main.js dist/test/X.test.js
 *   bun --preload dist/test/runtimes/bun-preload.js dist/test/runtimes/main.js dist/test/X.test.js
 * Exits 0 when every assertion passed, 1 otherwise.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import root from './tap.js';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: main.js TEST_FILE\n');
  process.exit(2);
}
process.on('uncaughtException', (e) => root.uncaught(e));
process.on('unhandledRejection', (e) => root.uncaught(e));
try {
  await import(pathToFileURL(resolve(file)).href);
} catch (e) {
  // A file that throws while it loads declared no tests: it fails, it does not pass empty.
  root.uncaught(e);
}
const passed = await root.finish();
// Tests may leave servers or children behind on failure; the file is over either way.
process.exit(passed ? 0 : 1);

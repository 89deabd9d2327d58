/**
 * The bundles, made with esbuild from the TypeScript sources:
 *   dist/src/index.bundle.js                the library for Node, package.json's entry: one file loads in a
 *                                           fraction of the time ESM takes to fetch and link some 80 modules
 *   dist/browser/wasi-preview1-adapter.js   the library for <script type="module"> (minified, with a source map)
 *   dist/browser/browser-entry.js           runInWorker's worker script, where the library looks for it
 *   dist/browser/pages/*.js                 the scripts the browser tests, the browser conformance columns and
 *                                           the browser bench load into Chromium (not shipped)
 *
 *   node dist/tools/bundle.js           build them
 *   node dist/tools/bundle.js --sizes   also print the library's size beside other browser WASI implementations'
 */
import { build, type BuildOptions } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './root.js';

export const browserDir = join(repoRoot, 'dist/browser');
export const libraryBundle = join(browserDir, 'wasi-preview1-adapter.js');

/** Page scripts: name -> source. Each sets a global the Node side waits for. */
const pages: Record<string, string> = {
  conformance: 'conformance/browser-page.ts',
  bench: 'bench/browser-page.ts',
  ruby: 'test/browser/ruby-page.ts',
  shim: 'test/browser/shim-page.ts',
};

const common: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: repoRoot,
};

/** The worker script sits beside the library: src/worker/browser.ts finds it relative to its own module. */
export const workerBundle = join(browserDir, 'browser-entry.js');

export async function bundleLibrary(): Promise<void> {
  await build({ ...common, entryPoints: ['src/browser.ts'], outfile: libraryBundle, minify: true });
  await build({ ...common, entryPoints: ['src/worker/browser-entry.ts'], outfile: workerBundle, minify: true });
}

/**
 * Node's entry point. It sits in dist/src/ beside the files it was made from,
 * so the I/O worker and the native part are found from it (src/dist-dir.ts);
 * dependencies stay imports, loaded only where the code asks for them.
 */
export const nodeBundle = join(repoRoot, 'dist/src/index.bundle.js');

async function bundleNode(): Promise<void> {
  await build({
    ...common, entryPoints: ['src/index.ts'], outfile: nodeBundle, platform: 'node', target: 'node20', packages: 'external', minify: true,
  });
}

async function bundlePages(): Promise<void> {
  await build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(pages).map(([name, source]) => [name, source])),
    outdir: join(browserDir, 'pages'),
  });
}

interface Size {
  name: string;
  minified: number;
  gzipped: number;
}

async function measure(name: string, source: string): Promise<Size> {
  const out = await build({
    ...common, stdin: { contents: source, resolveDir: repoRoot, loader: 'js' }, write: false, minify: true, sourcemap: false,
  });
  const bytes = out.outputFiles![0]!.contents;
  return { name, minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

/** The same esbuild settings for each: what a page pays to get a WASI class. */
async function sizes(): Promise<Size[]> {
  const lib = readFileSync(libraryBundle);
  const worker = readFileSync(workerBundle);
  return [
    { name: 'wasi-preview1-adapter (browser entry)', minified: lib.length, gzipped: gzipSync(lib, { level: 9 }).length },
    { name: 'wasi-preview1-adapter (runInWorker\'s worker script, loaded only by it)', minified: worker.length, gzipped: gzipSync(worker, { level: 9 }).length },
    await measure('@bjorn3/browser_wasi_shim', "export * from '@bjorn3/browser_wasi_shim';"),
    await measure('@tybys/wasm-util (WASI)', "export { WASI } from '@tybys/wasm-util';"),
  ];
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleNode();
  await bundleLibrary();
  await bundlePages();
  if (process.argv.includes('--sizes')) {
    console.log('| package | minified | minified + gzip |\n|---|---|---|');
    for (const s of await sizes()) console.log(`| ${s.name} | ${kib(s.minified)} | ${kib(s.gzipped)} |`);
  }
}

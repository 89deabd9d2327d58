/**
 * Compiles the project's C programs outside the conformance suite into
 * preview1 modules, each beside a folder of its own:
 *   bench/c/*.c -> bench/wasm/;  examples/*.c, examples/browser/*.c, examples/compose/*.c,
 *   test/fixtures/*.c, test/fixtures/net/*.c, test/fixtures/wasix/*.c, test/fixtures/threads/*.c -> beside the source
 * and the compose example's component from its C source and WIT (buildComponent).
 * (test/fixtures/node-host-component/ is a component too, built as its README says)
 *
 *   node dist/tools/build-wasm.js           rebuild and overwrite the committed modules
 *   node dist/tools/build-wasm.js --check   rebuild into a scratch folder and fail on any byte that differs
 *
 * The modules are committed so nothing but CI needs a C toolchain; the
 * macro prefix map keeps the bytes the same from any checkout, so --check
 * proves the committed modules still come from their sources.
 */
import { componentEmbed, componentNew, transpile } from '@bytecodealliance/jco';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLANG, clangEnv } from './clang.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

interface Program { source: string; output: string; flags?: readonly string[] }

/**
 * wasi-threads modules (test/fixtures/threads): an imported shared memory,
 * atomics, and no entry point of wasm-ld's (the source has its own `_start`;
 * see it for why). Debian's wasi-libc is built without atomics, so the
 * feature check is off: libc runs on the main thread only.
 */
const THREADS_FLAGS = [
  '-matomics', '-mbulk-memory', '-nostartfiles',
  '-Wl,--no-entry,--import-memory,--shared-memory,--max-memory=4194304,--no-check-features',
];

function sourcesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => join(dir, f));
}

function programs(): Program[] {
  const beside = (source: string): Program => ({ source, output: source.replace(/\.c$/, '.wasm') });
  return [
    ...sourcesIn(join(root, 'bench/c')).map((source) => ({ source, output: join(root, 'bench/wasm', `${basename(source, '.c')}.wasm`) })),
    ...['examples', 'examples/browser', 'examples/compose', 'test/fixtures', 'test/fixtures/net', 'test/fixtures/wasix'].flatMap((dir) => sourcesIn(join(root, dir))).map(beside),
    ...sourcesIn(join(root, 'test/fixtures/threads')).map((source) => ({ ...beside(source), flags: THREADS_FLAGS })),
  ];
}

function compile(source: string, output: string, flags: readonly string[] = []): boolean {
  const args = ['--target=wasm32-wasi', '-Wno-deprecated', '-O2', '-s', ...flags, `-fmacro-prefix-map=${dirname(source)}/=`, '-o', output, source];
  const r = spawnSync(CLANG, args, { stdio: 'inherit', env: clangEnv });
  if (r.error) console.error(`${CLANG} not found (Debian: clang-22 lld-22 wasi-libc libclang-rt-22-dev-wasm32)`);
  return !r.error && r.status === 0;
}

/** A component built from a C source written to its WIT's canonical ABI, with no libc and no preview1. */
interface ComponentSource {
  source: string;
  wit: string;
  world: string;
  /** The name of the component (name.wasm) and of its transpiled module (name.js). */
  name: string;
  outDir: string;
}

const composeComponent: ComponentSource = {
  source: join(root, 'examples/compose/component/lines.c'),
  wit: join(root, 'examples/compose/component/wit/lines.wit'),
  world: 'compose',
  name: 'lines',
  outDir: join(root, 'examples/compose/component'),
};

/** The WASI 0.2 WIT packages jco ships, that the component's WIT uses. */
const WASI_WIT = join(root, 'node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12');
const WASI_PACKAGES = ['wasi-io', 'wasi-clocks', 'wasi-filesystem'];

/**
 * The component's WIT with the WASI packages it uses nested in it, as one
 * source. jco's embed reads WIT from paths through preview2-shim, which
 * since 0.26 preopens nothing (jco 1.35 fails with ENOENT on any path), so
 * the WIT is passed as text.
 */
function witSource(spec: ComponentSource): string {
  const nested = WASI_PACKAGES.map((pkg) => readFileSync(join(WASI_WIT, pkg, 'package.wit'), 'utf8')
    .replace(/^package ([^;]+);/m, 'package $1 {').concat('\n}\n'));
  return [readFileSync(spec.wit, 'utf8'), ...nested].join('\n');
}

/**
 * C -> core module (clang) -> component (jco's embed and new) -> JavaScript
 * (jco transpile, for instantiation with any host object). Returns the files
 * written to `outDir`: name.wasm, the component, and what transpile made.
 */
async function buildComponent(spec: ComponentSource, outDir: string): Promise<string[]> {
  mkdirSync(join(outDir, 'js'), { recursive: true });
  const core = join(outDir, `${spec.name}.core.wasm`);
  const args = ['--target=wasm32-unknown-unknown', '-nostdlib', '-Wl,--no-entry', '-O2', '-s', '-o', core, spec.source];
  const r = spawnSync(CLANG, args, { stdio: 'inherit', env: clangEnv });
  if (r.error || r.status !== 0) throw new Error('compile failed');
  const binary = readFileSync(core);
  rmSync(core);
  const component = await componentNew(await componentEmbed({ binary, witSource: witSource(spec), world: spec.world }), []);
  writeFileSync(join(outDir, `${spec.name}.wasm`), component);
  const transpiled = await transpile(component, { name: spec.name, instantiation: 'async', minify: true, outDir: join(outDir, 'js') });
  // Type declarations come whatever the options say (jco 1.35 ignores noTypescript in its API); the example needs none.
  const files = Object.entries(transpiled.files).filter(([path]) => !path.endsWith('.d.ts'));
  for (const [path, bytes] of files) writeFileSync(path, bytes);
  return [`${spec.name}.wasm`, ...files.map(([path]) => relative(outDir, path)).sort()];
}

/** Whether a fresh build in `scratch` holds the same bytes as the committed `output`; says so either way. */
function same(name: string, fresh: string, output: string): boolean {
  if (readFileSync(fresh).equals(readFileSync(output))) {
    console.log(`${name} -> ${relative(root, output)} (same bytes)`);
    return true;
  }
  console.error(`${name}: ${relative(root, output)} differs from a fresh build; run npm run build:wasm and commit it`);
  return false;
}

function buildModules(scratch: string | undefined): number {
  let failed = 0;
  for (const [i, p] of programs().entries()) {
    const name = relative(root, p.source);
    const out = scratch ? join(scratch, `${i}.wasm`) : p.output;
    if (!compile(p.source, out, p.flags)) {
      console.error(`${name}: compile failed`);
      failed++;
    } else if (scratch) failed += same(name, out, p.output) ? 0 : 1;
    else console.log(`${name} -> ${relative(root, p.output)}`);
  }
  return failed;
}

async function buildComponents(scratch: string | undefined): Promise<number> {
  const spec = composeComponent;
  const name = relative(root, spec.source);
  const out = scratch ? join(scratch, 'component') : spec.outDir;
  let files: string[];
  try {
    files = await buildComponent(spec, out);
  } catch (err) {
    console.error(`${name}: ${(err as Error).message}`);
    return 1;
  }
  if (!scratch) {
    for (const f of files) console.log(`${name} -> ${relative(root, join(out, f))}`);
    return 0;
  }
  return files.filter((f) => !same(name, join(out, f), join(spec.outDir, f))).length;
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const scratch = check ? mkdtempSync(join(tmpdir(), 'build-wasm-')) : undefined;
  try {
    const failed = buildModules(scratch) + await buildComponents(scratch);
    return failed ? 1 : 0;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

process.exit(await main());

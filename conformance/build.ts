/**
 * Compiles every conformance/c/*.c into a preview1 module:
 *   node dist/conformance/build.js [--out DIR] [--only SUBSTRING]
 * Default output is conformance/wasm/, whose modules are committed so the
 * suite runs without a C toolchain; CI rebuilds into a scratch folder to
 * prove the committed modules still match their sources.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CLANG, clangEnv } from '../tools/clang.js';

const run = promisify(execFile);

/** The repository root: this file runs as dist/conformance/build.js. */
export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
export const sourceDir = join(repoRoot, 'conformance/c');
export const defaultWasmDir = join(repoRoot, 'conformance/wasm');

const PARALLEL = 2;

export function compileArgs(source: string, out: string): string[] {
  // wasm32-wasi, not wasm32-wasip1: Debian's wasi-libc lives under the wasm32-wasi multiarch directories.
  // The macro prefix map makes __FILE__ in FAIL messages "NAME.c", so a module is the same bytes from any checkout.
  return ['--target=wasm32-wasi', '-Wno-deprecated', '-O2', '-s', `-fmacro-prefix-map=${sourceDir}/=`, `-I${sourceDir}`, '-o', out, source];
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let outDir = defaultWasmDir;
  let only = '';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && argv[i + 1]) outDir = resolve(argv[++i]);
    else if (argv[i] === '--only' && argv[i + 1]) only = argv[++i];
    else {
      console.error(`usage: build.js [--out DIR] [--only SUBSTRING]\nunknown argument: ${argv[i]}`);
      return 2;
    }
  }
  const probe = spawnSync(CLANG, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    console.error(
      `${CLANG} not found: the conformance programs need clang-22, lld-22, wasi-libc and libclang-rt-22-dev-wasm32 ` +
        `(Debian: apt-get install clang-22 lld-22 wasi-libc libclang-rt-22-dev-wasm32).`,
    );
    return 1;
  }
  mkdirSync(outDir, { recursive: true });
  const sources = readdirSync(sourceDir).filter((f) => f.endsWith('.c') && f.includes(only)).sort();
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < sources.length) {
      const file = sources[next++];
      const out = join(outDir, `${basename(file, '.c')}.wasm`);
      try {
        await run(CLANG, compileArgs(join(sourceDir, file), out), { env: clangEnv });
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        failures.push(file);
        console.error(`${file}:\n${err.stderr || err.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  console.log(`built ${sources.length - failures.length}/${sources.length} modules into ${outDir}`);
  if (failures.length) console.error(`failed: ${failures.join(', ')}`);
  return failures.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}

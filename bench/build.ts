/**
 * Compiles every bench/c/*.c into a preview1 module in bench/wasm/, with the
 * flags the conformance fixtures use:  npm run build:bench
 * The modules are committed so the benchmark runs without a C toolchain.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { benchDir, wasmDir } from './common.js';

const CLANG = 'clang-22';
const sourceDir = join(benchDir, 'c');

function main(): number {
  mkdirSync(wasmDir, { recursive: true });
  let failed = 0;
  for (const source of readdirSync(sourceDir).filter((f) => f.endsWith('.c')).sort()) {
    const out = join(wasmDir, `${basename(source, '.c')}.wasm`);
    const r = spawnSync(CLANG, ['--target=wasm32-wasi', '-Wno-deprecated', '-O2', '-s', '-o', out, join(sourceDir, source)], {
      stdio: 'inherit',
    });
    if (r.error || r.status !== 0) {
      console.error(`${source}: ${r.error ? `${CLANG} not found (Debian: clang-22 lld-22 wasi-libc libclang-rt-22-dev-wasm32)` : 'failed'}`);
      failed++;
    } else console.log(`${source} -> ${out}`);
  }
  return failed ? 1 : 0;
}

process.exit(main());

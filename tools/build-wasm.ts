/**
 * Compiles the project's C programs outside the conformance suite into
 * preview1 modules, each beside a folder of its own:
 *   bench/c/*.c -> bench/wasm/;  examples/*.c, examples/browser/*.c, test/fixtures/*.c, test/fixtures/net/*.c, test/fixtures/wasix/*.c -> beside the source
 * (test/fixtures/node-host-component/ is a component, built as its README says)
 *
 *   node dist/tools/build-wasm.js           rebuild and overwrite the committed modules
 *   node dist/tools/build-wasm.js --check   rebuild into a scratch folder and fail on any byte that differs
 *
 * The modules are committed so nothing but CI needs a C toolchain; the
 * macro prefix map keeps the bytes the same from any checkout, so --check
 * proves the committed modules still come from their sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLANG, clangEnv } from './clang.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

interface Program { source: string; output: string }

function sourcesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => join(dir, f));
}

function programs(): Program[] {
  const beside = (source: string): Program => ({ source, output: source.replace(/\.c$/, '.wasm') });
  return [
    ...sourcesIn(join(root, 'bench/c')).map((source) => ({ source, output: join(root, 'bench/wasm', `${basename(source, '.c')}.wasm`) })),
    ...['examples', 'examples/browser', 'test/fixtures', 'test/fixtures/net', 'test/fixtures/wasix'].flatMap((dir) => sourcesIn(join(root, dir))).map(beside),
  ];
}

function compile(source: string, output: string): boolean {
  const args = ['--target=wasm32-wasi', '-Wno-deprecated', '-O2', '-s', `-fmacro-prefix-map=${dirname(source)}/=`, '-o', output, source];
  const r = spawnSync(CLANG, args, { stdio: 'inherit', env: clangEnv });
  if (r.error) console.error(`${CLANG} not found (Debian: clang-22 lld-22 wasi-libc libclang-rt-22-dev-wasm32)`);
  return !r.error && r.status === 0;
}

function main(): number {
  const check = process.argv.includes('--check');
  const scratch = check ? mkdtempSync(join(tmpdir(), 'build-wasm-')) : undefined;
  let failed = 0;
  try {
    for (const [i, p] of programs().entries()) {
      const name = relative(root, p.source);
      const out = scratch ? join(scratch, `${i}.wasm`) : p.output;
      if (!compile(p.source, out)) {
        console.error(`${name}: compile failed`);
        failed++;
      } else if (scratch && !readFileSync(out).equals(readFileSync(p.output))) {
        console.error(`${name}: ${relative(root, p.output)} differs from a fresh build; run npm run build:wasm and commit it`);
        failed++;
      } else console.log(`${name} -> ${relative(root, p.output)}${scratch ? ' (same bytes)' : ''}`);
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

process.exit(main());

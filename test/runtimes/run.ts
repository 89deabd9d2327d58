/**
 * The unit and integration tests under Deno and Bun:
 *   node dist/test/runtimes/run.js [--runtime NAME]... [--only SUBSTRING]
 * Every compiled test file (dist/test/*.test.js, the ones tap runs under
 * Node) runs in a process of the runtime, through main.ts with the tap subset
 * (tap.ts) standing in for tap. Prints one line per file and runtime and the
 * output of each failure; exits 1 when any file fails.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRuntimeName, launcher, type RuntimeName } from '../../tools/runtimes.js';
import { testCommand } from './launch.js';
import { pool } from '../../tools/pool.js';

const TEST_DIR = fileURLToPath(new URL('..', import.meta.url));
/** tap's own per-file limit (package.json), with room for a slower start. */
const FILE_TIMEOUT_MS = 180_000;
const PARALLEL = 2;

interface FileResult {
  runtime: RuntimeName;
  file: string;
  ok: boolean;
  output: string;
  ms: number;
}

function runFile(argv: string[], runtime: RuntimeName, file: string): Promise<FileResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, [...argv.slice(1), join(TEST_DIR, file)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    const timer = setTimeout(() => {
      chunks.push(Buffer.from(`\n(killed after ${FILE_TIMEOUT_MS} ms)\n`));
      child.kill('SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ runtime, file, ok: code === 0, output: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started });
    });
  });
}


function usage(message: string): never {
  console.error(`${message}\nusage: run.js [--runtime NAME]... [--only SUBSTRING]`);
  process.exit(2);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const runtimes: RuntimeName[] = [];
  let only = '';
  for (let i = 0; i < argv.length; i++) {
    const value = argv[++i];
    if (value === undefined) usage(`${argv[i - 1]} needs a value`);
    if (argv[i - 1] === '--runtime' && isRuntimeName(value)) runtimes.push(value);
    else if (argv[i - 1] === '--only') only = value;
    else usage(`bad argument: ${argv[i - 1]} ${value}`);
  }
  if (runtimes.length === 0) runtimes.push('deno', 'bun');
  const files = readdirSync(TEST_DIR).filter((f) => f.endsWith('.test.js') && f.includes(only)).sort();
  if (files.length === 0) usage(`no test file matches ${JSON.stringify(only)}`);
  const scratch = mkdtempSync(join(tmpdir(), 'p1-runtimes-'));
  try {
    const tasks = runtimes.flatMap((runtime) => {
      const run = launcher(runtime);
      if (run === undefined) usage(`${runtime} is not installed (it is a dev dependency: npm install)`);
      const argvOf = testCommand(runtime, run, scratch);
      return files.map((file) => ({ runtime, file, argv: argvOf }));
    });
    const started = Date.now();
    const results = await pool(tasks, PARALLEL, async ({ argv: a, runtime, file }) => {
      const r = await runFile(a, runtime, file);
      console.log(`${r.ok ? 'ok' : 'FAIL'}  ${r.runtime.padEnd(4)}  ${r.file}  (${(r.ms / 1000).toFixed(1)} s)`);
      return r;
    });
    const failed = results.filter((r) => !r.ok);
    for (const f of failed) console.log(`\n--- ${f.file} under ${f.runtime}:\n${f.output.trimEnd()}`);
    console.log(`\n# ${files.length} test files x ${runtimes.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
    return failed.length > 0 ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main();

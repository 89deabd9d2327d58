// A napi-rs WebAssembly package through its own loader and worker threads, on node:wasi and, with
// --import wasi-preview1-adapter/replace-node-wasi, on the adapter: the same bytes either way.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { runtime } from '../src/runtime.js';
import { repoRoot } from '../tools/root.js';

const script = join(repoRoot, 'test', 'fixtures', 'napi-rs', 'compress.cjs');
const replace = join(repoRoot, 'dist', 'src', 'replace-node-wasi.js');

interface Run {
  code: number | null;
  stderr: string;
  result: { wasi: string; packed: string; packedBytes: number; packedHere: string; roundTrip: boolean } | undefined;
}

function run(execArgv: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...execArgv, script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      resolve({ code, stderr, result: line === undefined ? undefined : JSON.parse(line) as Run['result'] });
    });
  });
}

const nodeOnly = runtime === 'node' ? false : 'replace-node-wasi uses Node\'s module hooks, and the package\'s loader Node\'s worker_threads';

t.test('@napi-rs/lzma-wasm32-wasi compresses the same on node:wasi and on the adapter, in its worker threads too', { skip: nodeOnly }, async (t) => {
  const [baseline, adapter] = await Promise.all([run([]), run(['--import', replace])]);
  t.equal(baseline.code, 0, baseline.stderr);
  t.equal(adapter.code, 0, adapter.stderr);
  t.equal(baseline.result?.wasi, 'node:wasi');
  t.match(baseline.stderr, /ExperimentalWarning: WASI/, 'node:wasi loaded');
  t.equal(adapter.result?.wasi, 'adapter', 'require(\'node:wasi\') gave the adapter');
  t.notMatch(adapter.stderr, /ExperimentalWarning: WASI/, 'no thread loaded node:wasi: the workers\' imports of it gave the adapter');
  t.ok(adapter.result?.roundTrip, 'what the workers compressed decompresses to the input');
  t.ok((adapter.result?.packedBytes ?? 0) > 0);
  t.equal(adapter.result?.packed, baseline.result?.packed, 'the same bytes from the workers (sha-256)');
  t.equal(adapter.result?.packedHere, baseline.result?.packedHere, 'the same bytes from the main thread');
});

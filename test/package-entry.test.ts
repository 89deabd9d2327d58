/**
 * The package as users load it: `import 'wasi-preview1-adapter'` resolves to
 * the esbuild bundle (tools/bundle.ts), which must find what it loads by URL
 * from where it sits: the node host's I/O worker (a stdin read that would
 * block goes there), the native part (directory listings), runInWorker's
 * entry and the threads' worker script.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { repoRoot } from '../tools/root.js';
import { moduleEvalArgs } from './support.js';

const script = `
import { existsSync, readFileSync } from 'node:fs';
const entry = import.meta.resolve('wasi-preview1-adapter');
const { WASI, createHost, runInWorker } = await import('wasi-preview1-adapter');
// Mapped into the process once loaded, whichever runtime's require loaded it.
const native = existsSync('/proc/self/maps') && readFileSync('/proc/self/maps', 'utf8').includes('/build/Release/wasi_host.node');
console.log('entry', entry.slice(entry.lastIndexOf('/') + 1), 'native', native);
const hello = new WebAssembly.Module(readFileSync('examples/hello.wasm'));
const wasi = new WASI({ version: 'preview1', args: ['hello'], preopens: { '/': 'examples' }, returnOnExit: true });
console.log('hello exit', wasi.start(new WebAssembly.Instance(hello, { wasi_snapshot_preview1: wasi.getImportObject().wasi_snapshot_preview1 })));
const host = createHost('node', { args: ['hello'], preopens: { '/': 'examples' } });
console.log('worker exit', await runInWorker({ module: hello, host, args: ['hello'] }));
const cat = new WebAssembly.Module(readFileSync('test/fixtures/worker.wasm'));
const reader = new WASI({ version: 'preview1', args: ['worker', 'cat'], returnOnExit: true });
console.log('cat exit', reader.start(new WebAssembly.Instance(cat, { wasi_snapshot_preview1: reader.wasiImport })));
const threaded = new WASI({ version: 'preview1', args: ['threads', 'stdout'] });
console.log('threads exit', await threaded.startThreaded(readFileSync('test/fixtures/threads/threads.wasm')));
`;

t.test('the package entry is the bundle, and it runs modules on the node host, in a worker, in threads, and reads a blocking stdin', async (t) => {
  const child = spawn(process.execPath, moduleEvalArgs(script), { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  // Late, so that the guest's read finds the pipe empty and has to wait in the I/O worker.
  const feeder = setTimeout(() => child.stdin.end('late'), 1_000);
  const killer = setTimeout(() => child.kill(), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(feeder);
  clearTimeout(killer);
  t.equal(code, 0, stderr);
  const lines = stdout.split('\n');
  const built = process.platform === 'linux' && process.env.WASI_PREVIEW1_NATIVE !== '0' && existsSync(join(repoRoot, 'build/Release/wasi_host.node'));
  t.equal(lines[0], `entry index.bundle.js native ${built}`, 'the bundle, and the native part found from it where it was built');
  const greeting = 'Hello from a preview1 module running on WASI 0.2 (0 arguments)';
  t.same(lines.filter((l) => l === greeting).length, 2, 'hello ran on the main thread and in the worker');
  t.ok(lines.filter((l) => /^\/ holds \d+ entries$/.test(l)).length === 2, 'both listed the preopen');
  t.ok(lines.includes('hello exit 0') && lines.includes('worker exit 0'));
  t.ok(lines.includes('read 4: late'), 'the blocking stdin read came back through the I/O worker');
  t.ok(lines.includes('cat exit 0'));
  t.ok(lines.includes('joined 4') && lines.includes('threads exit 0'), 'a threaded module ran, its threads in workers found from the bundle');
});

// wasi-threads: every thread of a module in a worker, their preview1 calls served on one table.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { WASI as BrowserWASI } from '../src/browser.js';
import { WASI } from '../src/index.js';
import { runtime } from '../src/runtime.js';
import { openFds } from './lifetime-support.js';
import { outputFiles, tempDir } from './worker-support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = join(root, 'test', 'fixtures', 'threads', 'threads.wasm');
const bytes = readFileSync(fixture);

type Output = ReturnType<typeof outputFiles>;

/** Deno's and Bun's terminate() stops no worker that computes or waits on a futex: its thread and fds stay. */
const leftRunning = runtime === 'node' ? false : `${runtime} cannot stop a worker that computes or waits (README, Threads)`;

/** V8 says "unreachable"; JavaScriptCore says it its own way. */
const UNREACHABLE = /^(unreachable|Unreachable code should not be executed.*) \(in thread 1\)$/;

/** Runs the fixture with `args`; its stdout (into `io`, by default files of its own) and trace lines as text. */
async function run(t: Test, args: string[], options: { maxThreads?: number; preopens?: Record<string, string>; io?: Output } = {}) {
  const io = options.io ?? outputFiles(t);
  const trace: string[] = [];
  const wasi = new WASI({
    args: ['threads', ...args], stdout: io.stdout, stderr: io.stderr, preopens: options.preopens ?? {},
    trace: (line) => trace.push(line),
  });
  const code = await wasi.startThreaded(bytes, options.maxThreads === undefined ? {} : { maxThreads: options.maxThreads });
  return { code, stdout: io.read().stdout, trace };
}

t.test('an fd opened on one thread is written and read on another, with one file position', async (t) => {
  const dir = tempDir(t);
  const r = await run(t, ['fds', '/d'], { preopens: { '/d': dir } });
  t.equal(r.code, 0);
  t.equal(r.stdout, 'main read fd 5: opened by a thread\nclose: 0\nclose a: 0\n');
  t.equal(readFileSync(join(dir, 'a'), 'utf8'), 'written by a thread\n', 'the main thread\'s fd, written by the thread');
  t.ok(r.trace.some((l) => l.startsWith('[thread 1] path_open(3, ')), 'the thread opened b');
  t.ok(r.trace.some((l) => l.startsWith('[thread 0] fd_close(5)')), 'the main thread closed the thread\'s fd');
});

t.test('stdout from eight threads all arrives', async (t) => {
  const r = await run(t, ['stdout', '8']);
  t.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  t.equal(lines.pop(), 'joined 8');
  t.same(lines.sort(), [...'abcdefgh'].map((c) => `thread ${c}`));
  const writers = new Set(r.trace.filter((l) => l.includes('fd_write(1,')).map((l) => l.slice(0, l.indexOf(']') + 1)));
  t.equal(writers.size, 9, 'each thread wrote on its own, the main thread too');
});

t.test('proc_exit on a thread ends the program with its code while the main thread waits on a futex', async (t) => {
  const r = await run(t, ['exit']);
  t.equal(r.code, 7);
  t.ok(r.trace.includes('[thread 1] proc_exit(7) = exit 7'));
});

t.test('a trap on a thread ends the program with the trap, saying which thread', async (t) => {
  await t.rejects(run(t, ['trap']), { name: 'RuntimeError', message: UNREACHABLE, thread: 1 });
});

t.test('the main thread returning ends the program while a thread computes', async (t) => {
  const r = await run(t, ['return']);
  t.equal(r.code, 0);
  t.equal(r.stdout, 'main returns\n');
});

t.test('a spawn past maxThreads returns a negative value, and the program goes on', async (t) => {
  const r = await run(t, ['limit'], { maxThreads: 3 });
  t.equal(r.code, 0);
  t.equal(r.stdout, 'spawned 3, then negative\njoined 3\n');
});

t.test('a spawn whose worker dies before the thread runs returns a negative value', async (t) => {
  const io = outputFiles(t);
  const wasi = new WASI({ args: ['threads', 'limit'], stdout: io.stdout });
  const workerURL = new URL('./threads-failing-entry.js', import.meta.url);
  t.equal(await wasi.startThreaded(bytes, { workerURL }), 0);
  t.equal(io.read().stdout, 'spawned 0, then negative\njoined 0\n');
});

t.test('however a threaded program ends, no host fd is left open', { skip: leftRunning }, async (t) => {
  const dir = tempDir(t);
  const io = outputFiles(t);
  // The first run opens what Node keeps for any later worker.
  await run(t, ['stdout', '2'], { io });
  const before = openFds();
  await run(t, ['fds', '/d'], { preopens: { '/d': dir }, io });
  await run(t, ['exit'], { io });
  await t.rejects(run(t, ['trap'], { io }));
  await run(t, ['return'], { io });
  await run(t, ['limit'], { maxThreads: 2, io });
  t.equal(openFds(), before);
});

t.test('a compiled module needs its shared memory given; with it, it runs', async (t) => {
  const module = new WebAssembly.Module(bytes);
  await t.rejects(new WASI({ args: ['threads'] }).startThreaded(module), { message: /pass its bytes, or a shared memory/ });
  const io = outputFiles(t);
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared: true } as WebAssembly.MemoryDescriptor);
  const wasi = new WASI({ args: ['threads', 'stdout', '1'], stdout: io.stdout });
  t.equal(await wasi.startThreaded(module, { memory }), 0);
  t.equal(io.read().stdout, 'thread a\njoined 1\n');
});

t.test('a module without a shared memory is refused, and so is a second start', async (t) => {
  const plain = readFileSync(join(root, 'test', 'fixtures', 'probe.wasm'));
  await t.rejects(new WASI().startThreaded(plain), { message: /imports no shared memory/ });
  const wasi = new WASI({ args: ['threads', 'return'], stdout: outputFiles(t).stdout });
  await wasi.startThreaded(bytes);
  await t.rejects(wasi.startThreaded(bytes), { code: 'ERR_WASI_ALREADY_STARTED' });
});

t.test('where there are no Node worker threads, startThreaded says so', async (t) => {
  await t.rejects(new BrowserWASI().startThreaded(bytes), { code: 'ERR_WASI_NO_THREADS', message: /Node worker threads only/ });
});

t.test('an abort signal ends every thread, wherever it is, and releases the host', { skip: leftRunning }, async (t) => {
  const io = outputFiles(t);
  const reason = new Error('stop');
  await t.rejects(new WASI({ args: ['threads', 'wait'], stdout: io.stdout }).startThreaded(bytes, { signal: AbortSignal.abort(reason) }), reason);
  const before = openFds();
  const controller = new AbortController();
  const running = new WASI({ args: ['threads', 'wait'], stdout: io.stdout }).startThreaded(bytes, { signal: controller.signal });
  setTimeout(() => controller.abort(reason), 300);
  await t.rejects(running, reason, 'a thread computing and one waiting on a futex were both ended');
  t.equal(openFds(), before);
});

t.test('a run aborted while its workers still load their scripts leaks no descriptor', { skip: leftRunning }, async (t) => {
  const io = outputFiles(t);
  await new WASI({ args: ['threads', 'return'], stdout: io.stdout }).startThreaded(bytes);
  const before = openFds();
  for (let delay = 0; delay < 100; delay += 5) {
    const controller = new AbortController();
    const running = new WASI({ args: ['threads', 'wait'], stdout: io.stdout }).startThreaded(bytes, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), delay);
    await t.rejects(running, { message: 'stop' });
  }
  t.equal(openFds(), before, 'Node keeps the files a worker terminated mid-load had open: the workers are let load first');
});

/** p1run as a child process. */
function p1run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'src', 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('p1run runs a module with a shared memory threaded, and --trace says the thread', async (t) => {
  const [traced, exited, trapped] = await Promise.all([
    p1run('--trace', fixture, 'stdout', '2'), p1run(fixture, 'exit'), p1run(fixture, 'trap'),
  ]);
  t.equal(traced.code, 0);
  t.equal(traced.stdout.split('\n').sort().join('\n'), '\njoined 2\nthread a\nthread b');
  t.match(traced.stderr, /^\[thread 1\] fd_write\(1, /m);
  t.match(traced.stderr, /^\[thread 0\] args_get\(/m);
  t.equal(exited.code, 7);
  t.equal(trapped.code, 134);
  t.match(trapped.stderr, /^p1run: wasm trap: unreachable \(in thread 1\)$/m);
});

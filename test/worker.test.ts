// runInWorker over hosts that answer with promises: the module's blocking
// calls wait in the worker while this thread's event loop runs the host.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { AsyncHostError, createHost, runInWorker, WASI, type NetworkPolicy } from '../src/index.js';
import { childEnv, code, engineHasJspi, moduleEvalArgs } from './support.js';
import { runtime } from '../src/runtime.js';
import { AsyncHost, FedInput, outputFiles, tempDir } from './worker-support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const module = new WebAssembly.Module(readFileSync(join(root, 'test', 'fixtures', 'worker.wasm')));

/** The node host with stdout and stderr in files, stdin empty, and `preopens`. */
function nodeHost(io: { stdout: number; stderr: number }, preopens: Record<string, string> = {}) {
  return createHost('node', { preopens, stdin: -1, stdout: io.stdout, stderr: io.stderr });
}

const STDIO = ['FedInput', 'OutputStream', 'OutputStream'];

/** Resolves once `ready()` holds, looking every few milliseconds. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
}

t.test('a module sleeps and reads stdin through the worker while the host answers with promises', async (t) => {
  const io = outputFiles(t);
  const stdin = new FedInput();
  const wrapped = new AsyncHost(nodeHost(io), { stdin });
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  // Fed only once the module is waiting for it: only a free event loop can do that.
  const feeder = setTimeout(() => {
    stdin.feed('typed by the page');
    stdin.end();
  }, 400);
  try {
    const code = await runInWorker({ module, host: wrapped.host, args: ['worker', 'sleep-cat', '200'] });
    t.equal(code, 0);
  } finally {
    clearInterval(ticker);
    clearTimeout(feeder);
  }
  t.equal(io.read().stdout, 'slept 1 event(s), userdata 77, enough\nread 17: typed by the page\n');
  t.ok(ticks > 10, `this thread's timers ran while the module waited (${ticks} ticks)`);
  t.ok((wrapped.calls.get('block') ?? 0) + (wrapped.calls.get('poll') ?? 0) > 0, 'the sleep went through an asynchronous wait');
  t.ok((wrapped.calls.get('blockingRead') ?? 0) > 0, 'stdin was read with an asynchronous blocking-read');
  t.same(wrapped.live(), STDIO, 'only the stdio the host hands to everyone is left');
});

t.test('poll_oneoff on stdin and a clock: whichever the host says is ready', async (t) => {
  for (const [fed, fired] of [[true, 'stdin'], [false, 'clock']] as const) {
    const io = outputFiles(t);
    const stdin = new FedInput();
    if (fed) stdin.feed('early');
    stdin.end();
    const wrapped = new AsyncHost(nodeHost(io), { stdin });
    // With stdin ended, an unfed stdin is ready (at its end) too: the clock must then come first.
    const code = await runInWorker({ module, host: wrapped.host, args: ['worker', 'wait-stdin', fed ? '5000' : '0'] });
    t.equal(code, 0);
    const lines = io.read().stdout.split('\n');
    t.ok(lines.includes(fired), `${fired} fired: ${JSON.stringify(lines)}`);
    t.equal(lines.at(-2), fed ? 'read 5: early' : 'read 0: ');
  }
});

t.test('the same host given to a plain start() fails with AsyncHostError', async (t) => {
  const io = outputFiles(t);
  const sleeper = () => new WASI({ host: new AsyncHost(nodeHost(io), { stdin: new FedInput() }).host, args: ['worker', 'sleep', '200'] });
  const plain = sleeper();
  t.throws(() => plain.start(new WebAssembly.Instance(module, { wasi_snapshot_preview1: plain.wasiImport } as unknown as WebAssembly.Imports)),
    AsyncHostError, 'the plain imports, on every engine');
  const wasi = sleeper();
  const instance = new WebAssembly.Instance(module, wasi.getImportObject() as unknown as WebAssembly.Imports);
  if (engineHasJspi) {
    t.throws(() => wasi.start(instance), { code: 'ERR_WASI_ASYNC_HOST', message: /startAsync/ },
      'getImportObject() gave JSPI imports, which start() refuses, saying what runs them');
  } else {
    t.throws(() => wasi.start(instance), AsyncHostError, 'getImportObject() gave the plain imports');
  }
});

t.test('abort ends a module blocked on stdin: the worker goes and every resource it held is dropped', async (t) => {
  const io = outputFiles(t);
  const wrapped = new AsyncHost(nodeHost(io), { stdin: new FedInput() });
  const controller = new AbortController();
  const run = runInWorker({ module, host: wrapped.host, args: ['worker', 'cat'], signal: controller.signal });
  await until(() => wrapped.calls.has('blockingRead'));
  controller.abort();
  await t.rejects(run, { name: 'AbortError' });
  t.same(wrapped.live(), STDIO);
});

t.test('abort in a long sleep drops the pollable the host is waiting on', async (t) => {
  const io = outputFiles(t);
  const wrapped = new AsyncHost(nodeHost(io), { stdin: new FedInput() });
  const controller = new AbortController();
  const run = runInWorker({ module, host: wrapped.host, args: ['worker', 'sleep', '60000'], signal: controller.signal });
  await until(() => wrapped.calls.has('block') || wrapped.calls.has('poll'));
  t.ok(wrapped.live().length > STDIO.length, 'the sleep holds a pollable');
  controller.abort(new Error('enough'));
  await t.rejects(run, { message: 'enough' });
  t.same(wrapped.live(), STDIO);
});

t.test('an aborted signal rejects at once', async (t) => {
  await t.rejects(runInWorker({ module, args: ['worker', 'cat'], signal: AbortSignal.abort() }), { name: 'AbortError' });
});

t.test('a trap rejects with a RuntimeError carrying the wasm stack', async (t) => {
  const io = outputFiles(t);
  const wrapped = new AsyncHost(nodeHost(io), { stdin: new FedInput() });
  const err = await runInWorker({ module, host: wrapped.host, args: ['worker', 'trap'] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(err, WebAssembly.RuntimeError);
  const here = new WASI({ host: nodeHost(io), args: ['worker', 'trap'] });
  const trapHere = code(() => here.start(new WebAssembly.Instance(module, here.getImportObject() as unknown as WebAssembly.Imports)));
  t.equal((err as Error).message, runtime === 'bun' ? (trapHere as Error).message : 'unreachable', 'the message the engine gives on this thread');
  // JavaScriptCore's stack text (Bun) shows no wasm frame: there, the frames that say it is the worker's stack.
  t.match((err as Error).stack, runtime === 'bun' ? /runGuest/ : /wasm/);
  t.same(wrapped.live(), STDIO);
});

t.test('proc_exit codes come back exact', async (t) => {
  const io = outputFiles(t);
  for (const code of [0, 1, 42, 255]) {
    t.equal(await runInWorker({ module: readFileSync(join(root, 'test', 'fixtures', 'probe.wasm')), host: nodeHost(io), args: ['probe', 'exit', String(code)] }), code);
  }
});

t.test('a host exception reaches the adapter as that exception, an EIO for the module, shown by trace', async (t) => {
  const io = outputFiles(t);
  const dir = tempDir(t);
  writeFileSync(join(dir, 'present'), 'x');
  const wrapped = new AsyncHost(nodeHost(io, { '/': dir }), { stdin: new FedInput(), throwing: { statAt: new RangeError('disk on fire') } });
  const lines: string[] = [];
  const code = await runInWorker({ module, host: wrapped.host, args: ['worker', 'stat', 'present'], trace: (line) => lines.push(line) });
  t.equal(code, 0);
  t.equal(io.read().stdout, 'errno 29 size 0\n');
  t.ok(lines.some((l) => l.startsWith('path_filestat_get(') && l.includes('= IO [host: RangeError: disk on fire]')), lines.join('\n'));
});

t.test('WASI error codes thrown by the host arrive as the same codes', async (t) => {
  const io = outputFiles(t);
  const dir = tempDir(t);
  const code = await runInWorker({ module, host: nodeHost(io, { '/': dir }), args: ['worker', 'stat', 'missing'] });
  t.equal(code, 0);
  t.equal(io.read().stdout, 'errno 44 size 0\n', 'no-entry is NOENT');
});

t.test('a host that fails while the run is set up rejects the run with its error', async (t) => {
  const io = outputFiles(t);
  const wrapped = new AsyncHost(nodeHost(io), { throwing: { getDirectories: new Error('no preopens today') } });
  await t.rejects(runInWorker({ module, host: wrapped.host, args: ['worker', 'cat'] }), { message: 'no preopens today' });
});

t.test('methods that fill a buffer of the caller are not offered across threads', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'present'), 'content');
  const viaWorker = new AsyncHost(nodeHost(outputFiles(t), { '/': dir }), { stdin: new FedInput() });
  await runInWorker({ module, host: viaWorker.host, args: ['worker', 'stat', 'present'] });
  t.equal(viaWorker.calls.get('statAtInto'), undefined);
  t.equal(viaWorker.calls.get('statAt'), 1);
  // The same host on this thread takes the extension: the check above can fail.
  const direct = new AsyncHost(nodeHost(outputFiles(t), { '/': dir }), { waits: 'synchronous' });
  const wasi = new WASI({ host: direct.host, args: ['worker', 'stat', 'present'] });
  wasi.start(new WebAssembly.Instance(module, wasi.getImportObject() as unknown as WebAssembly.Imports));
  t.equal(direct.calls.get('statAtInto'), 1);
});

t.test('a 16 MiB read and a 16 MiB write cross in pieces', async (t) => {
  const io = outputFiles(t);
  const dir = tempDir(t);
  const big = new Uint8Array(16 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 13 + (i >> 16)) & 0xff;
  writeFileSync(join(dir, 'in.bin'), big);
  let sum = 0;
  for (let i = 0; i < big.length; i++) sum = (Math.imul(sum, 31) + big[i]!) >>> 0;
  const host = nodeHost(io, { '/': dir });
  t.equal(await runInWorker({ module, host, args: ['worker', 'big-read', 'in.bin'] }), 0);
  t.equal(await runInWorker({ module, host, args: ['worker', 'big-write', 'out.bin'] }), 0);
  t.equal(io.read().stdout, `read ${big.length} bytes, checksum ${sum}\nwrote ${big.length} bytes\n`);
  const written = readFileSync(join(dir, 'out.bin'));
  t.equal(written.length, big.length);
  let same = true;
  for (let i = 0; i < written.length && same; i++) same = written[i] === ((i * 7 + (i >> 12)) & 0xff);
  t.ok(same, 'every byte written is the pattern');
});

t.test('trace lines come back to this thread, in order with the output', async (t) => {
  const io = outputFiles(t);
  const lines: string[] = [];
  await runInWorker({ module, host: nodeHost(io), args: ['worker', 'sleep', '1'], trace: (line) => lines.push(line) });
  t.match(lines.join('\n'), /poll_oneoff\(.*\) = 0 \(1\)\n(.|\n)*fd_write\(1, /);
});

t.test('a module that is not valid rejects with the compile error', async (t) => {
  await t.rejects(runInWorker({ module: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) }), { name: 'CompileError' });
});

t.test('without Atomics.waitAsync the worker wakes this thread by message', async (t) => {
  const io = outputFiles(t);
  const waitAsync = Atomics.waitAsync;
  Reflect.deleteProperty(Atomics, 'waitAsync');
  try {
    t.equal(await runInWorker({ module, host: nodeHost(io), args: ['worker', 'sleep', '20'] }), 0);
  } finally {
    Atomics.waitAsync = waitAsync;
  }
  t.equal(io.read().stdout, 'slept 1 event(s), userdata 77, enough\n');
});

t.test('the default host gets the preopens', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'empty'), '');
  const probe = readFileSync(join(root, 'test', 'fixtures', 'probe.wasm'));
  // The default host's stdout is this process's: only an empty file prints nothing.
  t.equal(await runInWorker({ module: probe, args: ['probe', 'cat', 'empty'], preopens: { '/': dir } }), 0);
});

/** An output stream as an object literal: its methods are its own properties. */
function literalStream(written: string[], dropped: () => void) {
  return {
    checkWrite: () => 65536n,
    write(bytes: Uint8Array) {
      written.push(Buffer.from(bytes).toString());
    },
    blockingWriteAndFlush(bytes: Uint8Array) {
      written.push(Buffer.from(bytes).toString());
    },
    flush() {},
    blockingFlush() {},
    [Symbol.dispose]: dropped,
  };
}

class BaseStream {
  constructor(readonly written: string[], readonly dropped: () => void) {}
  checkWrite(): bigint {
    return 65536n;
  }
  write(bytes: Uint8Array): void {
    this.written.push(Buffer.from(bytes).toString());
  }
  flush(): void {}
}

/** Methods over two levels of classes, and a getter that must not be read to find them. */
class DerivedStream extends BaseStream {
  get broken(): never {
    throw new Error('a getter was read');
  }
  blockingWriteAndFlush(bytes: Uint8Array): void {
    this.write(bytes);
  }
  blockingFlush(): void {}
  [Symbol.dispose](): void {
    this.dropped();
  }
}

t.test('resources of any shape, and the same object always the same proxy', async (t) => {
  const io = outputFiles(t);
  for (const kind of ['literal', 'subclass'] as const) {
    for (const oneForAll of [true, false]) {
      const written: string[] = [];
      let drops = 0;
      const make = () => (kind === 'literal' ? literalStream(written, () => drops++) : new DerivedStream(written, () => drops++));
      const one = make();
      const host = { ...nodeHost(io), 'wasi:cli/stdout': { getStdout: () => (oneForAll ? one : make()) as never } };
      t.equal(await runInWorker({ module, host, args: ['worker', 'sleep', '1'] }), 0);
      t.equal(written.join(''), 'slept 1 event(s), userdata 77, enough\n', `${kind} stream`);
      // WASIBase asks for stdout twice: one stream for all is the host's to keep; two are the run's, both dropped.
      t.equal(drops, oneForAll ? 0 : 2, `${kind}, ${oneForAll ? 'one stream for all' : 'a stream per call'}: ${drops} drops`);
    }
  }
});

t.test('a host by name is made on this thread from the options', async (t) => {
  const probe = readFileSync(join(root, 'test', 'fixtures', 'probe.wasm'));
  t.equal(await runInWorker({ module: probe, host: 'preview2-shim', args: ['probe', 'exit', '3'] }), 3);
  await t.rejects(runInWorker({ module: probe, host: 'no-such-host' }), { code: 'ERR_INVALID_ARG_VALUE' });
});

t.test('a worker script that cannot be loaded rejects the run', async (t) => {
  await t.rejects(runInWorker({ module, args: ['worker', 'cat'], workerURL: new URL('file:///nonexistent/worker.js') }));
  await t.rejects(runInWorker({ module, args: ['worker', 'cat'], workerURL: 'not a url or a path' }));
});

const LOOPBACK_ONLY: NetworkPolicy = { connect: ['127.0.0.1:*', '[::1]:*'], listen: ['127.0.0.1:*', '[::1]:*'], lookup: true };

/** A TCP echo server in a process of its own (a synchronous host blocks this thread in its waits); it ends with the test. */
async function echoServer(t: Test): Promise<number> {
  const source = `import { createServer } from 'node:net';
    const s = createServer((c) => c.pipe(c)).listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  const child = spawn(process.execPath, moduleEvalArgs(source), { env: childEnv, timeout: 60_000 });
  t.teardown(() => { child.kill(); });
  return new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (d: string) => resolve(Number(d.trim())));
    child.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
  });
}

for (const name of ['node', 'preview2-shim'] as const) {
  t.test(`sockets through the worker over the ${name} host: lookup, blocking and non-blocking connect, echo, refusal`, async (t) => {
    const port = await echoServer(t);
    const io = outputFiles(t);
    const host = createHost(name, { preopens: {}, stdin: -1, stdout: io.stdout, stderr: io.stderr, network: LOOPBACK_ONLY });
    const tcpClient = readFileSync(join(root, 'test', 'fixtures', 'net', 'tcp-client.wasm'));
    // Port 1: below the range the system hands out, so nothing listens there (test/wasmedge-sockets.test.ts checks it).
    const code = await runInWorker({ module: tcpClient, host, args: ['tcp-client', String(port), '1'], network: LOOPBACK_ONLY });
    t.equal(code, 0);
    t.equal(io.read().stderr, 'tcp-client: ok\n');
  });
}

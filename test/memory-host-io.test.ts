// The memory host's streams, clocks and the rest of its interfaces, and the
// host under WASI: stdin from text, bytes or a ReadableStream (the host's own
// promises; through the adapter under JSPI is the browser tests' part),
// stdout to a function or a WritableStream, timers that really sleep in
// Node, two WASI instances on one host, and the entries that make one by name.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { code, drop, engineHasJspi } from './support.js';
import { synchronousHost, type Host, type Pollable } from '../adapter/host.js';
import { AsyncHostError, WASI, createHost } from '../src/index.js';
import * as browser from '../src/browser.js';
import { MemoryHostExit } from '../src/hosts/memory/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const probe = new WebAssembly.Module(readFileSync(join(root, 'test', 'fixtures', 'probe.wasm')));
const conformance = (name: string) => new WebAssembly.Module(readFileSync(join(root, 'conformance', 'wasm', `${name}.wasm`)));
const enc = new TextEncoder();
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A ReadableStream fed by hand. */
function feed(): { stream: ReadableStream<Uint8Array>; push(s: string): void; end(): void; fail(e: unknown): void } {
  let c!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start(controller) { c = controller; } });
  return { stream, push: (s) => c.enqueue(enc.encode(s)), end: () => c.close(), fail: (e) => c.error(e) };
}

function run(wasi: { getImportObject(): object; start(i: WebAssembly.Instance): number }, module = probe): number {
  return wasi.start(new WebAssembly.Instance(module, wasi.getImportObject() as WebAssembly.Imports));
}

t.test('stdin from text and from bytes: all there at once, then the end', async (t) => {
  const fromText = createHost('memory', { stdin: 'héllo' })['wasi:cli/stdin'].getStdin();
  t.equal(text(fromText.read(3n)), 'hé');
  t.equal(text(fromText.blockingRead(100n) as Uint8Array), 'llo');
  t.same(code(() => fromText.read(1n)), { tag: 'closed' });
  t.equal(fromText.read(0n).length, 0, 'a read of nothing is not the end');
  const bytes = new Uint8Array([1, 2, 3]);
  const host = createHost('memory', { stdin: bytes });
  bytes[0] = 9;
  t.same(Array.from(host['wasi:cli/stdin'].getStdin().read(10n)), [1, 2, 3], 'the bytes were copied');
  t.same(code(() => createHost('memory', {})['wasi:cli/stdin'].getStdin().read(1n)), { tag: 'closed' }, 'no stdin: the end at once');
  t.equal(host['wasi:cli/stdin'].getStdin(), host['wasi:cli/stdin'].getStdin(), 'one stdin, handed to every caller');
});

t.test('stdin from a ReadableStream: reads and waits answer with promises until bytes are held', async (t) => {
  const input = feed();
  const host = createHost('memory', { stdin: input.stream });
  t.equal(host[synchronousHost], false, 'such a host may answer with promises');
  const stdin = host['wasi:cli/stdin'].getStdin();
  t.equal(stdin.read(10n).length, 0, 'nothing yet: an empty non-blocking read');
  const pollable = stdin.subscribe();
  t.equal(pollable.ready(), false);
  const waiting = pollable.block() as unknown;
  t.type(waiting, Promise, 'block() answers with a promise');
  input.push('hello');
  await waiting;
  t.equal(pollable.ready(), true);
  t.equal(text(stdin.read(3n)), 'hel');
  t.equal(text(stdin.blockingRead(10n) as Uint8Array), 'lo', 'held bytes come at once, without a promise');
  const later = stdin.blockingRead(10n) as unknown as Promise<Uint8Array>;
  t.type(later, Promise);
  input.push('world');
  t.equal(text(await later), 'world', 'the promise settles with the bytes, taken');
  const timer = host['wasi:clocks/monotonic-clock'].subscribeDuration(10_000_000_000n);
  const polled = host['wasi:io/poll'].poll([timer, stdin.subscribe()]) as unknown;
  t.type(polled, Promise, 'poll with nothing ready answers with a promise');
  input.end();
  t.same(Array.from(await (polled as Promise<Uint32Array>)), [1], 'the end makes stdin ready, long before the timer');
  t.same(code(() => stdin.read(1n)), { tag: 'closed' });
  t.same(code(() => stdin.blockingRead(1n)), { tag: 'closed' }, 'at the end a blocking read answers at once too');
  t.same(Array.from(host['wasi:io/poll'].poll([timer, stdin.subscribe()]) as Uint32Array), [1], 'ready now: answered at once');
  host.close();
  drop(pollable, timer);
});

t.test('a ReadableStream that fails fails the read; close() lets go of the stream', async (t) => {
  const input = feed();
  const host = createHost('memory', { stdin: input.stream });
  const stdin = host['wasi:cli/stdin'].getStdin();
  const read = stdin.blockingRead(4n) as unknown as Promise<Uint8Array>;
  input.fail(new Error('the network went away'));
  const err = await read.catch((e: unknown) => e) as { tag: string; val: { toDebugString(): string } };
  t.equal(err.tag, 'last-operation-failed');
  t.match(err.val.toDebugString(), /the network went away/);
  t.equal(host['wasi:filesystem/types'].filesystemErrorCode(err.val as never), undefined, 'not a file error: the adapter says EIO');

  const other = feed();
  const host2 = createHost('memory', { stdin: other.stream });
  const pending = host2['wasi:cli/stdin'].getStdin().blockingRead(1n) as unknown as Promise<Uint8Array>;
  t.equal(other.stream.locked, true, 'read from');
  host2.close();
  host2.close();
  t.equal(other.stream.locked, false, 'released by close(), which may be called again');
  t.same(await pending.catch((e: unknown) => e), { tag: 'closed' }, 'a read in flight then sees the end');
});

t.test('a module reading a ReadableStream stdin under start() gets the AsyncHostError, not a wrong answer', async (t) => {
  const module = conformance('stdio_stdin_read');
  const reader = () => {
    const input = feed();
    input.push('bytes are there, but not yet held');
    const host = createHost('memory', { stdin: input.stream });
    t.teardown(() => host.close());
    return new WASI({ host, args: ['stdio_stdin_read.wasm'] });
  };
  const plain = reader();
  const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: plain.wasiImport } as WebAssembly.Imports);
  t.throws(() => plain.start(instance), AsyncHostError, 'the plain imports, on every engine');
  if (engineHasJspi) {
    t.throws(() => run(reader(), module), { code: 'ERR_WASI_ASYNC_HOST', message: /startAsync/ },
      'getImportObject() gave JSPI imports, which start() refuses, saying what runs them');
  } else {
    t.throws(() => run(reader(), module), AsyncHostError, 'getImportObject() gave the plain imports');
  }
});

t.test('where the engine has JSPI, startAsync reads a ReadableStream stdin as it comes', { skip: !engineHasJspi && 'this engine has no JSPI' }, async (t) => {
  const spec = JSON.parse(readFileSync(join(root, 'conformance', 'c', 'stdio_stdin_read.json'), 'utf8')) as { stdin: string; stdout: string };
  const input = feed();
  const out: Uint8Array[] = [];
  const host = createHost('memory', { stdin: input.stream, stdout: (b) => out.push(b) });
  t.teardown(() => host.close());
  const wasi = new WASI({ host, args: ['stdio_stdin_read.wasm'] });
  const instance = new WebAssembly.Instance(conformance('stdio_stdin_read'), wasi.getImportObject() as WebAssembly.Imports);
  const half = spec.stdin.length >> 1;
  input.push(spec.stdin.slice(0, half));
  const running = wasi.startAsync(instance);
  // The rest only once the module waits for it: only a suspended module leaves the event loop free to send it.
  setTimeout(() => {
    input.push(spec.stdin.slice(half));
    input.end();
  }, 20);
  t.equal(await running, 0);
  t.equal(text(Buffer.concat(out)), spec.stdout);
});

t.test('stdout and stderr to functions: each gets its own copy of what was written', async (t) => {
  const out: Uint8Array[] = [];
  const err: string[] = [];
  const host = createHost('memory', { stdout: (b) => out.push(b), stderr: (b) => err.push(text(b)) });
  t.equal(run(new WASI({ host, args: ['probe', 'print', 'to stdout'] })), 0);
  t.equal(run(new WASI({ host, args: ['probe', 'write', '2', 'to stderr'] })), 0);
  t.equal(out.map(text).join(''), 'to stdout');
  t.same(err, ['to stderr']);
  const buf = enc.encode('abc');
  host['wasi:cli/stdout'].getStdout().blockingWriteAndFlush(buf);
  buf[0] = 120;
  t.equal(text(out[out.length - 1]!), 'abc', 'a copy, not the guest\'s memory');
  t.same(createHost('memory', {})['wasi:cli/stdout'].getStdout().blockingWriteAndFlush(buf), undefined, 'unset: discarded');
});

t.test('stdout to a WritableStream: queued in order; a failed stream fails the next write', async (t) => {
  const chunks: string[] = [];
  const sink = new WritableStream<Uint8Array>({ write(chunk) { chunks.push(text(chunk)); } });
  const host = createHost('memory', { stdout: sink });
  t.equal(host[synchronousHost], true, 'a WritableStream stdout needs no promises');
  t.equal(run(new WASI({ host, args: ['probe', 'print', 'one'] })), 0);
  t.equal(run(new WASI({ host, args: ['probe', 'print', 'two'] })), 0);
  await new Promise((r) => setTimeout(r, 0));
  t.equal(chunks.join(''), 'onetwo');
  host.close();
  t.equal(sink.locked, false, 'close() lets go of the stream');

  const broken = createHost('memory', { stdout: new WritableStream({ write() { throw new Error('full'); } }) });
  const stdout = broken['wasi:cli/stdout'].getStdout();
  stdout.blockingWriteAndFlush(enc.encode('first'));
  await new Promise((r) => setTimeout(r, 0));
  const e = code(() => stdout.blockingWriteAndFlush(enc.encode('second'))) as { tag: string };
  t.equal(e.tag, 'last-operation-failed');
  t.equal(run(new WASI({ host: broken, args: ['probe', 'print', 'x'] })), 0, 'the guest is answered with an errno, the embedder goes on');
});

t.test('timers sleep for real in Node: block() and poll() answer synchronously', async (t) => {
  const host = createHost('memory', {});
  t.equal(host[synchronousHost], true, 'Node may block: every call answers at once');
  const clock = host['wasi:clocks/monotonic-clock'];
  const start = clock.now();
  const timer = clock.subscribeDuration(30_000_000n);
  t.equal(timer.ready(), false);
  t.equal(timer.block(), undefined, 'no promise');
  t.ok(clock.now() - start >= 30_000_000n, 'the clock has passed the deadline');
  t.equal(timer.ready(), true);
  const deadline = clock.now() + 20_000_000n;
  const later = clock.subscribeInstant(deadline);
  const never = clock.subscribeInstant((1n << 64n) - 1n);
  const ready = host['wasi:io/poll'].poll([never, later]);
  t.same(Array.from(ready as Uint32Array), [1], 'poll() slept until the earlier deadline');
  t.ok(clock.now() >= deadline);
  t.throws(() => host['wasi:io/poll'].poll([]));
  drop(timer, later, never);
});

t.test('the rest of the interfaces: random, environment, exit, terminals, wall clock', async (t) => {
  const host = createHost('memory', { env: { A: '1' }, args: ['prog', 'x'] }) as Host;
  const big = host['wasi:random/random'].getRandomBytes(100_000n);
  t.equal(big.length, 100_000, 'more than Web Crypto gives at once');
  t.ok(big.subarray(65_536).some((b) => b !== 0), 'filled past the first 64 KiB');
  t.type(host['wasi:random/random'].getRandomU64(), 'bigint');
  t.equal(host['wasi:random/insecure']!.getInsecureRandomBytes(8n).length, 8);
  t.equal(host['wasi:random/insecure-seed']!.insecureSeed().length, 2);
  t.same(host['wasi:cli/environment']!.getEnvironment(), [['A', '1']]);
  t.same(host['wasi:cli/environment']!.getArguments(), ['prog', 'x']);
  t.equal(host['wasi:cli/environment']!.initialCwd(), undefined);
  t.throws(() => host['wasi:cli/exit']!.exit({ tag: 'err', val: undefined }), new MemoryHostExit(1));
  t.equal(host['wasi:cli/terminal-stdin']!.getTerminalStdin(), undefined, 'not a terminal');
  t.equal(host['wasi:cli/terminal-stdout']!.getTerminalStdout(), undefined);
  const wall = host['wasi:clocks/wall-clock'].now();
  t.ok(Math.abs(Number(wall.seconds) * 1000 - Date.now()) < 5000, 'the wall clock is the epoch\'s');
  t.equal(host['wasi:sockets/tcp'], undefined, 'no sockets: the adapter answers ENOTSUP');
});

t.test('two WASI instances share one memory host: files, stdout and all', async (t) => {
  let out = '';
  const host = createHost('memory', { preopens: { '/sandbox': '/box' }, stdout: (b) => { out += text(b); } });
  // Both exist before either runs.
  const writer = new WASI({ host, args: ['file_read_write.wasm'] });
  const reader = new WASI({ host, args: ['probe', 'cat', '/sandbox/new.txt'] });
  t.equal(run(writer, conformance('file_read_write')), 0, 'the first writes /sandbox/new.txt');
  t.equal(run(reader), 0, 'the second reads it');
  t.equal(out, 'Jello world\n');
  t.equal(text(host.readFile('box/new.txt')), 'Jello world\n', 'and the embedder sees it');
  t.equal(run(new WASI({ host, args: ['probe', 'print', 'third'] })), 0);
  t.equal(out, 'Jello world\nthird', 'stdout outlives each instance');
});

t.test('the Node entry makes one by name: an empty tree, stdout and stderr on host fds', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'memory-host-io-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const fd = openSync(join(dir, 'out'), 'w');
  const wasi = new WASI({ host: 'memory', preopens: { '/tmp': '/tmp' }, args: ['probe', 'cat', '/tmp/x'], stdout: fd });
  t.equal(run(wasi), 1);
  closeSync(fd);
  t.equal(readFileSync(join(dir, 'out'), 'utf8'), 'cat /tmp/x: errno 44\n', 'the preopen is the tree\'s (made empty), not the host\'s /tmp');
  t.same((wasi.host as ReturnType<typeof createHost<'memory'>>).files(), { 'tmp/': {} });
});

t.test('the browser entry: no host means a memory host, stdout to the console line by line', async (t) => {
  const logged: string[] = [];
  const errors: string[] = [];
  const { log, error } = console;
  console.log = (line: string) => { logged.push(line); };
  console.error = (line: string) => { errors.push(line); };
  try {
    const wasi = new browser.WASI({ args: ['probe', 'print', 'line one\nline two\npartial'], preopens: { '/data': '/data' } });
    t.equal(run(wasi), 0);
    t.same(logged, ['line one', 'line two'], 'complete lines at once');
    await new Promise((r) => setTimeout(r, 0));
    t.same(logged, ['line one', 'line two', 'partial'], 'an unfinished line at the next turn');
    t.equal(run(new browser.WASI({ args: ['probe', 'write', '2', 'oops\n'] })), 0);
    t.same(errors, ['oops'], 'stderr to console.error');
    t.same((wasi.host as browser.MemoryHost).files(), { 'data/': {} }, 'preopens are tree paths');
  } finally {
    console.log = log;
    console.error = error;
  }
  t.same(browser.hostNames, ['memory']);
  t.same(browser.createHost('memory', { files: { a: 'x' } }).files(), { a: enc.encode('x') });
  t.throws(() => browser.createHost('node' as 'memory'), /the one made by name is "memory"/);
  t.throws(() => new browser.WASI({ host: 'node' }), { code: 'ERR_INVALID_ARG_VALUE' });
});

t.test('a pollable made for a stream of a file or an output is ready at once', async (t) => {
  const host = createHost('memory', { files: { f: 'x' } });
  const pollables: Pollable[] = [
    host['wasi:cli/stdout'].getStdout().subscribe(),
    host['wasi:cli/stdin'].getStdin().subscribe(),
  ];
  for (const p of pollables) {
    t.equal(p.ready(), true);
    t.equal(p.block(), undefined);
  }
  t.same(Array.from(host['wasi:io/poll'].poll(pollables)), [0, 1]);
  drop(...pollables);
});

// The drop-in WASI class as an embedder uses it: node:wasi's start/initialize
// contract, per-instance sandboxes, and a resource table shared with the embedder.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t, { type Test } from 'tap';
import { openingModule } from './lifetime-support.js';
import { childEnv, moduleEvalArgs } from './support.js';
import type { OutputStream } from '../adapter/host.js';
import { ResourceTable, WASI, hostNames, systemHostNames, type WASIOptions } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const probe = new WebAssembly.Module(readFileSync(join(root, 'test', 'fixtures', 'probe.wasm')));

type Imports = WebAssembly.Imports;
const instantiate = (wasi: WASI, module = probe) =>
  new WebAssembly.Instance(module, wasi.getImportObject() as unknown as Imports);

function tempDir(t: Test, prefix = 'p1-api-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the probe with its stdout in a host file (so nothing reaches tap's stdout); returns code and output. */
function runProbe(t: Test, args: string[], options: WASIOptions = {}) {
  const out = join(tempDir(t, 'p1-out-'), 'stdout');
  const fd = openSync(out, 'w');
  try {
    const wasi = new WASI({ version: 'preview1', args: ['probe.wasm', ...args], stdout: fd, ...options });
    const code = wasi.start(instantiate(wasi));
    return { code, stdout: readFileSync(out, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

// ---- tiny hand-assembled modules, for what a C program cannot be ----
const u8 = (...b: number[]) => b;
const str = (s: string) => [s.length, ...Buffer.from(s)];
const section = (id: number, body: number[]) => [id, body.length, ...body];
function wasm(...sections: number[][]): WebAssembly.Module {
  return new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...sections.flat()]));
}
const typeVoid = section(1, u8(1, 0x60, 0, 0));
const oneFunc = section(3, u8(1, 0));
const oneMemory = section(5, u8(1, 0, 1));
/** `_start` (an empty function) and no memory. */
const noMemory = wasm(typeVoid, oneFunc, section(7, u8(1, ...str('_start'), 0, 0)), section(10, u8(1, 2, 0, 0x0b)));
/** A reactor: memory, and `_initialize` storing 42 at address 0. */
const reactor = wasm(typeVoid, oneFunc, oneMemory,
  section(7, u8(2, ...str('memory'), 2, 0, ...str('_initialize'), 0, 0)),
  section(10, u8(1, 9, 0, 0x41, 0, 0x41, 42, 0x36, 2, 0, 0x0b)));

// ---- an output-stream an embedder might write in JS ----
class CaptureStream {
  chunks: Uint8Array[] = [];
  disposed = 0;
  checkWrite(): bigint { return 65536n; }
  write(contents: Uint8Array): void { this.chunks.push(contents.slice()); }
  blockingWriteAndFlush(contents: Uint8Array): void { this.chunks.push(contents.slice()); }
  flush(): void {}
  blockingFlush(): void {}
  subscribe() {
    return { ready: () => true, block: () => {}, [Symbol.dispose]: () => {} };
  }
  [Symbol.dispose](): void { this.disposed++; }
  get text(): string { return Buffer.concat(this.chunks).toString(); }
  get stream(): OutputStream { return this as unknown as OutputStream; }
}

/** The hosts start() runs on: preview3-shim's every call is a promise, which only the worker (or JSPI) can wait for. */
const startHosts = hostNames.filter((h) => h !== 'preview3-shim');

t.test('start() returns the exit code and the process goes on', async (t) => {
  for (const host of startHosts) {
    t.equal(runProbe(t, ['exit', '42'], { host }).code, 42, `${host}: exit(42)`);
    t.equal(runProbe(t, ['exit', '0'], { host }).code, 0, `${host}: exit(0)`);
    t.equal(runProbe(t, ['exit', '255'], { host }).code, 255, `${host}: exit(255)`);
    const r = runProbe(t, ['print', 'still here'], { host, returnOnExit: true });
    t.equal(r.code, 0, `${host}: main returning 0`);
    t.equal(r.stdout, 'still here', `${host}: stdout went to the host fd given as stdout`);
  }
  t.pass('this line runs after the modules exited');
});

t.test('returnOnExit: false ends the process with the module\'s code', async (t) => {
  const script = `
    import { readFileSync } from 'node:fs';
    import { WASI } from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'index.js')).href)};
    const module = new WebAssembly.Module(readFileSync(${JSON.stringify(join(root, 'test', 'fixtures', 'probe.wasm'))}));
    const wasi = new WASI({ version: 'preview1', args: ['probe.wasm', 'exit', '7'], returnOnExit: false });
    wasi.start(new WebAssembly.Instance(module, wasi.getImportObject()));
    console.log('not reached');
  `;
  const r = spawnSync(process.execPath, moduleEvalArgs(script), { encoding: 'utf8', env: childEnv, timeout: 30_000 });
  t.equal(r.status, 7, r.stderr);
  t.equal(r.stdout, '');
});

t.test('modules run one after another on the process\'s own stdout, which outlives them', async (t) => {
  const script = `
    import { readFileSync } from 'node:fs';
    import { WASI } from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'index.js')).href)};
    const module = new WebAssembly.Module(readFileSync(${JSON.stringify(join(root, 'test', 'fixtures', 'probe.wasm'))}));
    for (const host of ${JSON.stringify(startHosts)}) for (const i of [1, 2]) {
      const wasi = new WASI({ version: 'preview1', args: ['probe.wasm', 'print', host + ' ' + i + '\\n'], host });
      const code = wasi.start(new WebAssembly.Instance(module, wasi.getImportObject()));
      if (code !== 0) console.log('exit code', code);
    }
    console.log('JS stdout still open');
  `;
  const r = spawnSync(process.execPath, moduleEvalArgs(script), { encoding: 'utf8', env: childEnv, timeout: 30_000 });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout, startHosts.map((h) => `${h} 1\n${h} 2\n`).join('') + 'JS stdout still open\n');
});

t.test('start() without an exported memory throws', async (t) => {
  const wasi = new WASI({ version: 'preview1' });
  t.throws(() => wasi.start(instantiate(wasi, noMemory)), { code: 'ERR_INVALID_ARG_TYPE', message: /memory/ });
});

t.test('a second start() throws ERR_WASI_ALREADY_STARTED', async (t) => {
  const out = join(tempDir(t), 'stdout');
  const fd = openSync(out, 'w');
  t.teardown(() => closeSync(fd));
  const wasi = new WASI({ version: 'preview1', args: ['probe.wasm', 'exit', '5'], stdout: fd });
  const instance = instantiate(wasi);
  t.equal(wasi.start(instance), 5);
  t.throws(() => wasi.start(instance), { code: 'ERR_WASI_ALREADY_STARTED' });
  t.throws(() => wasi.start(instantiate(wasi)), { code: 'ERR_WASI_ALREADY_STARTED' }, 'also with a new instance');
  t.throws(() => wasi.initialize(instance), { code: 'ERR_WASI_ALREADY_STARTED' }, 'initialize after start');
});

t.test('initialize() refuses a command and runs a reactor\'s _initialize', async (t) => {
  const command = new WASI({ version: 'preview1' });
  t.throws(() => command.initialize(instantiate(command)), { code: 'ERR_INVALID_ARG_TYPE', message: /_start/ });

  const wasi = new WASI({ version: 'preview1' });
  const instance = instantiate(wasi, reactor);
  wasi.initialize(instance);
  t.equal(new Uint8Array((instance.exports.memory as WebAssembly.Memory).buffer)[0], 42, '_initialize ran');
  t.throws(() => wasi.initialize(instance), { code: 'ERR_WASI_ALREADY_STARTED' });

  const noMem = new WASI({ version: 'preview1' });
  t.throws(() => noMem.start(instantiate(noMem, reactor)), { code: 'ERR_INVALID_ARG_TYPE', message: /_start/ },
    'start() on a reactor throws too');
});

t.test('finalizeBindings() binds to the given memory and runs nothing, as node:wasi\'s does', async (t) => {
  const dir = tempDir(t);
  // Its one function opens the preopen "." from the path at 16 and writes the fd at 32: the embedder calls it.
  const module = openingModule('_initialize', false);
  const wasi = new WASI({ version: 'preview1', preopens: { '/d': dir }, returnOnExit: true });
  const instance = instantiate(wasi, module);
  const other = new WebAssembly.Memory({ initial: 1 });
  new Uint8Array(other.buffer)[16] = 46;
  t.throws(() => wasi.finalizeBindings(instance, { memory: {} as WebAssembly.Memory }), { code: 'ERR_INVALID_ARG_TYPE', message: /memory/ });
  wasi.finalizeBindings(instance, { memory: other });
  t.equal(new DataView(other.buffer).getUint32(32, true), 0, 'nothing ran');
  (instance.exports._initialize as () => void)();
  t.equal(new DataView(other.buffer).getUint32(32, true), 4, 'the call wrote its fd into the given memory');
  t.equal(new DataView((instance.exports.memory as WebAssembly.Memory).buffer).getUint32(32, true), 0, 'not into the exported one');
  (instance.exports._initialize as () => void)();
  t.equal(new DataView(other.buffer).getUint32(32, true), 5, 'the table lives on: the first fd is still open');
  t.throws(() => wasi.finalizeBindings(instance), { code: 'ERR_WASI_ALREADY_STARTED' });
  t.throws(() => wasi.start(instance), { code: 'ERR_WASI_ALREADY_STARTED' });

  const own = new WASI({ version: 'preview1', preopens: { '/d': dir } });
  const second = instantiate(own, module);
  own.finalizeBindings(second);
  (second.exports._initialize as () => void)();
  t.equal(new DataView((second.exports.memory as WebAssembly.Memory).buffer).getUint32(32, true), 4, 'by default, the exported memory');
});

t.test('two WASI instances in one process each see only their own preopens', async (t) => {
  // Host directories as preopens: the memory host has its own tree (test/memory-host.test.ts).
  for (const host of systemHostNames) {
    const dir = tempDir(t);
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'a.txt'), 'content of A\n');
    writeFileSync(join(b, 'b.txt'), 'content of B\n');
    // Both instances exist before either runs: the host state must not be process-wide.
    const outA = openSync(join(dir, 'outA'), 'w');
    const outB = openSync(join(dir, 'outB'), 'w');
    const wasiA = new WASI({ version: 'preview1', args: ['probe', 'cat', '/data/a.txt'], preopens: { '/data': a }, stdout: outA, host });
    const wasiB = new WASI({ version: 'preview1', args: ['probe', 'cat', '/data/a.txt'], preopens: { '/data': b }, stdout: outB, host });
    t.equal(wasiA.start(instantiate(wasiA)), 0, `${host}: A reads its a.txt`);
    t.equal(wasiB.start(instantiate(wasiB)), 1, `${host}: B has no a.txt`);
    closeSync(outA);
    closeSync(outB);
    t.equal(readFileSync(join(dir, 'outA'), 'utf8'), 'content of A\n');
    t.equal(readFileSync(join(dir, 'outB'), 'utf8'), 'cat /data/a.txt: errno 44\n');

    t.same(runProbe(t, ['cat', '/data/b.txt'], { preopens: { '/data': b }, host }), { code: 0, stdout: 'content of B\n' },
      `${host}: B reads its b.txt`);
    t.same(runProbe(t, ['cat', '/data/b.txt'], { preopens: { '/data': a }, host }), { code: 1, stdout: 'cat /data/b.txt: errno 44\n' },
      `${host}: A has no b.txt`);
    t.same(runProbe(t, ['cat', `${b}/b.txt`], { preopens: { '/data': a }, host }), { code: 1, stdout: `cat ${b}/b.txt: errno 76\n` },
      `${host}: B's host path is not reachable from A (ENOTCAPABLE: no preopen holds it)`);
  }
});

t.test('an embedder\'s output stream in a shared table receives the module\'s bytes', async (t) => {
  const table = new ResourceTable();
  const wasi = new WASI({ version: 'preview1', args: ['probe', 'write', '3', 'bytes for the embedder'], table });
  t.same(table.fds(), [0, 1, 2], 'an empty table is filled with the host\'s stdio');
  const capture = new CaptureStream();
  const fd = table.insertStreams(undefined, capture.stream);
  t.equal(fd, 3, 'the lowest free fd');
  const resource = table.resource(fd);
  t.equal(resource?.kind, 'streams');
  t.equal(resource?.kind === 'streams' && resource.output, capture.stream, 'resource(fd) hands back the very stream');
  t.equal(resource?.kind === 'streams' && resource.input, undefined);

  t.equal(wasi.start(instantiate(wasi)), 0);
  t.equal(capture.text, 'bytes for the embedder');
  t.equal(capture.disposed, 0, 'a shared table outlives the module: the stream is not dropped at exit');
  t.same(table.fds(), [0, 1, 2, 3]);

  // A second module on the same table closes the fd: dropped once, and only once.
  const closer = new WASI({ version: 'preview1', args: ['probe', 'close', '3'], table });
  t.same(table.fds(), [0, 1, 2, 3], 'a non-empty table gets nothing added');
  t.equal(closer.start(instantiate(closer)), 0);
  t.equal(capture.disposed, 1, 'fd_close dropped the stream');
  t.equal(table.resource(3), undefined);
  t.equal(table.close(3), false, 'closing again is a no-op');

  const third = new WASI({ version: 'preview1', args: ['probe', 'write', '3', 'late'], table });
  t.equal(third.start(instantiate(third)), 1, 'fd 3 is gone for every sharer (EBADF)');
  table.closeAll();
  t.equal(capture.disposed, 1, 'still dropped exactly once');
  t.same(table.fds(), []);
});

t.test('an embedder-filled table is the module\'s whole fd space', async (t) => {
  const table = new ResourceTable();
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  t.equal(table.insertStreams(undefined, undefined), 0);
  t.equal(table.insertStreams(undefined, stdout.stream), 1);
  t.equal(table.insertStreams(undefined, stderr.stream), 2);
  const dir = tempDir(t);
  writeFileSync(join(dir, 'x.txt'), 'x');
  const wasi = new WASI({ version: 'preview1', args: ['probe', 'print', 'to the JS stdout'], table, preopens: { '/data': dir } });
  t.same(table.fds(), [0, 1, 2], 'no host stdio and no preopens added to a non-empty table');
  t.equal(wasi.start(instantiate(wasi)), 0);
  t.equal(stdout.text, 'to the JS stdout');
  t.equal(stderr.text, '');

  const cat = new WASI({ version: 'preview1', args: ['probe', 'cat', '/data/x.txt'], table });
  t.equal(cat.start(instantiate(cat)), 1, 'no preopen, so no /data');
  t.equal(stdout.text, 'to the JS stdout' + 'cat /data/x.txt: errno 76\n', 'wasi-libc finds no preopen: ENOTCAPABLE');

  const err = new WASI({ version: 'preview1', args: ['probe', 'write', '2', 'oops'], table });
  t.equal(err.start(instantiate(err)), 0);
  t.equal(stderr.text, 'oops');
  t.equal(stdout.disposed + stderr.disposed, 0);
  table.closeAll();
  t.equal(stdout.disposed, 1);
  t.equal(stderr.disposed, 1);
});

t.test('renumber and close drop each resource exactly once', async (t) => {
  const table = new ResourceTable();
  const a = new CaptureStream();
  const b = new CaptureStream();
  const fa = table.insertStreams(undefined, a.stream);
  const fb = table.insertStreams(undefined, b.stream);
  t.equal(table.renumber(fa, fb), true);
  t.equal(b.disposed, 1, 'the target\'s stream is dropped');
  t.equal(a.disposed, 0, 'the moved stream is not');
  t.same(table.fds(), [fb]);
  const moved = table.resource(fb);
  t.equal(moved?.kind === 'streams' && moved.output, a.stream);
  t.equal(table.renumber(fb, fb), true);
  t.equal(a.disposed, 0, 'renumbering onto itself drops nothing');
  t.equal(table.renumber(fa, fb), false, 'from a closed fd');
  const entry = table.remove(fb);
  t.equal(entry?.kind, 'stream', 'remove() hands the entry over');
  t.equal(a.disposed, 0, 'remove() does not drop');
  t.equal(table.close(fb), false);
  t.equal(a.disposed, 0);
});

t.test('the guest\'s fd_close and fd_renumber drop an embedder\'s stream exactly once', async (t) => {
  const table = new ResourceTable();
  const out = new CaptureStream();
  table.insertStreams(undefined, undefined);
  table.insertStreams(undefined, out.stream);
  const wasi = new WASI({ version: 'preview1', args: ['probe', 'close', '1'], table });
  t.equal(wasi.start(instantiate(wasi)), 0);
  t.equal(out.disposed, 1, 'fd_close');
  table.closeAll();
  t.equal(out.disposed, 1, 'not again when the table is emptied');

  const shared = new ResourceTable();
  const first = new CaptureStream();
  const second = new CaptureStream();
  shared.insertStreams(undefined, undefined);
  shared.insertStreams(undefined, first.stream);
  shared.insertStreams(undefined, undefined);
  t.equal(shared.insertStreams(undefined, second.stream), 3);
  const renumber = new WASI({ version: 'preview1', args: ['probe', 'renumber', '3', '1', 'after renumber'], table: shared });
  t.equal(renumber.start(instantiate(renumber)), 0);
  t.equal(first.disposed, 1, 'the stream renumbered over is dropped');
  t.equal(second.disposed, 0, 'the moved one is not');
  t.equal(second.text, 'after renumber', 'fd 1 now writes to the moved stream');
  t.equal(first.text, '');
  t.same(shared.fds(), [0, 1, 2]);
  const again = new WASI({ version: 'preview1', args: ['probe', 'renumber', '3', '1'], table: shared });
  t.equal(again.start(instantiate(again)), 8, 'a second sharer sees fd 3 gone (EBADF)');
  shared.closeAll();
  t.equal(first.disposed, 1);
  t.equal(second.disposed, 1);
});

t.test('a NUL byte in an argument or a value, or = or NUL in a name, is a TypeError naming it', async (t) => {
  const bad = (options: WASIOptions, message: string) =>
    t.throws(() => new WASI({ version: 'preview1', ...options }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message }, message);
  bad({ args: ['prog', 'a\0b'] }, 'The argument \'args[1]\' must be a string without null bytes. Received "a\\u0000b"');
  bad({ env: { A: 'x\0y' } }, 'The argument \'env.A\' must be a string without null bytes. Received "x\\u0000y"');
  bad({ env: { 'A=B': 'c' } }, 'The argument \'env\' must be made of names without "=" or null bytes. Received "A=B"');
  bad({ env: { 'A\0': 'c' } }, 'The argument \'env\' must be made of names without "=" or null bytes. Received "A\\u0000"');
  t.throws(() => new WASI({ args: ['prog', 7 as unknown as string] }), { code: 'ERR_INVALID_ARG_TYPE', message: /args\[1\]/ });
  // What stays allowed: = in a value, and an unset variable.
  const r = runProbe(t, ['env', 'A'], { env: { A: 'B=C', U: undefined } });
  t.equal(r.stdout, 'A=B=C\n', 'a value may hold "="');
});

// The WASI 0.3 host (preview3-shim under src/hosts/preview3/) through the
// conformance runner's adapter/preview3-shim column, which runs each program
// through runInWorker in a child process (preview3-shim's stdio is the
// process's own). A broad set, one or more of each family that needs no
// sockets; `npm run conformance` runs them all.
import t from 'tap';
import { defaultWasmDir } from '../conformance/build.js';
import { listPrograms, runOne } from '../conformance/run.js';
import { readFileSync } from 'node:fs';
import * as clocks from '@bytecodealliance/preview3-shim/clocks';
import * as filesystem from '@bytecodealliance/preview3-shim/filesystem';
import * as random from '@bytecodealliance/preview3-shim/random';
import { createHost, runInWorker } from '../src/index.js';
import { isPreview3Host } from '../src/hosts/preview3/index.js';
import { Pollable, poll } from '../src/hosts/preview3/poll.js';
import { InputStream, OutputStream, readerOf } from '../src/hosts/preview3/streams.js';

// Each run starts a process, a worker and preview3-shim's own workers: about a second alone, several when the machine is busy.
t.setTimeout(240_000);

const COLUMN = 'adapter/preview3-shim';

/** What a call threw or its promise rejected with: 0.2 stream errors are plain values, not Errors. */
async function thrown(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (err) {
    return err;
  }
  return undefined;
}

// poll_clock_absolute is left to the runner: its 3 s limit is too tight for a loaded machine here.
const PROGRAMS = [
  'args_many', 'clock_monotonic', 'random_sizes',
  'stdio_iovecs', 'stdio_much_output', 'stdio_stdin_read',
  'file_read_write', 'file_pread', 'file_two_fds', 'file_large', 'file_append',
  'dir_create', 'dir_readdir_many', 'link_symlink_readlink', 'path_unlink',
  'poll_clock_relative', 'poll_fd_read_file', 'poll_mixed', 'poll_stdin', 'poll_fd_write',
];

t.test('conformance programs pass over preview3-shim through the worker', async (t) => {
  const programs = listPrograms(defaultWasmDir).filter((p) => PROGRAMS.includes(p.name));
  t.equal(programs.length, PROGRAMS.length, 'every listed program is built');
  let passed = 0;
  // One at a time: some programs time their waits, and a loaded machine must not fail them.
  for (const program of programs) {
    const r = await runOne(program, COLUMN);
    t.same(r.reasons, [], program.name);
    if (r.ok) passed++;
  }
  t.equal(passed, programs.length, `${passed}/${programs.length} passed`);
});

t.test('a program the shim cannot serve is a limit, not a pass', async (t) => {
  const [program] = listPrograms(defaultWasmDir, 'sandbox_symlink_out');
  const r = await runOne(program!, COLUMN);
  t.equal(r.ok, false);
  t.match(r.limit, /preview3-shim/);
});

t.test('pollables are ready once their promise settles; poll waits for the first', async (t) => {
  let resolve!: () => void;
  const later = new Pollable(new Promise<void>((r) => (resolve = r)));
  const failed = new Pollable(Promise.reject(new Error('x')));
  t.equal(later.ready(), false);
  t.ok(later.block() instanceof Promise);
  t.same([...(await poll([later, failed]))], [1], 'a rejected promise is settled too');
  resolve();
  await later.block();
  t.equal(later.ready(), true);
  t.equal(later.block(), undefined);
  t.same([...(poll([later, new Pollable(undefined)]) as Uint32Array)], [0, 1]);
});

t.test('input streams answer at once with what arrived, with a promise otherwise, and closed at the end', async (t) => {
  const input = new InputStream(readerOf([new Uint8Array([1, 2, 3])]), Promise.resolve({ tag: 'ok' }));
  t.same(input.read(2n), new Uint8Array(0), 'nothing has arrived yet');
  t.same(await input.blockingRead(2n), new Uint8Array([1, 2]));
  t.same(input.read(10n), new Uint8Array([3]));
  await input.subscribe().block();
  t.same(await thrown(() => input.read(1n)), { tag: 'closed' });
  const failing = new InputStream(readerOf([]), Promise.resolve({ tag: 'err', val: 'io' }));
  t.match(await thrown(() => failing.blockingRead(1n)), { tag: 'last-operation-failed', val: { code: 'io' } });
});

t.test('output streams hand what was written to the 0.3 call in order; a pipe error is closed', async (t) => {
  const got: number[] = [];
  const output = new OutputStream(async (reader) => {
    for (let c = await reader.read(); c !== null; c = await reader.read()) got.push(...(c as Uint8Array));
    return got.length > 4 ? { tag: 'err', val: 'pipe' } : { tag: 'ok' };
  });
  output.write(new Uint8Array([1, 2]));
  const first = output.flush();
  t.equal(output.checkWrite(), 0n, 'no room while a send is under way');
  await output.blockingWriteAndFlush(new Uint8Array([3]));
  await first;
  t.same(got, [1, 2, 3]);
  t.same(await thrown(() => output.blockingWriteAndFlush(new Uint8Array([4, 5]))), { tag: 'closed' });
  t.same(await thrown(() => output.checkWrite()), { tag: 'closed' }, 'and stays so');
});

t.test('a 0.3 import object is told by its versions; the named host refuses stdio it cannot serve', async (t) => {
  t.equal(isPreview3Host({ 'wasi:cli/stdout@0.3.0-rc-2025-09-16': {} }), true);
  t.equal(isPreview3Host({ 'wasi:cli/stdout': {} }), false);
  t.throws(() => createHost('preview3-shim', { preopens: {}, stdout: 5 }), /fds 0, 1 and 2/);
});

t.test('a raw WASI 0.3 import object is taken as host by its versions: stdio of the embedder\'s own streams', async (t) => {
  const [program] = listPrograms(defaultWasmDir, 'stdio_stdin_read');
  const spec = program!.spec as Exclude<typeof program.spec, Error>;
  const out: Buffer[] = [];
  const v = '@0.3.0-rc-2025-09-16';
  const stdio = (sink: Buffer[]) => ({
    async writeViaStream(reader: { read(): Promise<unknown> }) {
      for (let c = await reader.read(); c !== null; c = await reader.read()) sink.push(Buffer.from(c as Uint8Array));
      return { tag: 'ok' };
    },
  });
  filesystem._setPreopens({});
  const host = {
    [`wasi:cli/stdin${v}`]: { readViaStream: () => [readerOf([Buffer.from(spec.stdin!)]), Promise.resolve({ tag: 'ok' })] },
    [`wasi:cli/stdout${v}`]: stdio(out),
    [`wasi:cli/stderr${v}`]: stdio([]),
    [`wasi:clocks/monotonic-clock${v}`]: clocks.monotonicClock,
    [`wasi:clocks/system-clock${v}`]: clocks.systemClock,
    [`wasi:random/random${v}`]: random.random,
    [`wasi:filesystem/types${v}`]: filesystem.types,
    [`wasi:filesystem/preopens${v}`]: filesystem.preopens,
  };
  const code = await runInWorker({ module: readFileSync(program!.wasm), host, args: ['stdio_stdin_read'] });
  t.equal(code, 0);
  t.equal(Buffer.concat(out).toString(), spec.stdout);
});

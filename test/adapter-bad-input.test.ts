import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Errno, functionNames, signatures, type FunctionName } from '../adapter/abi.js';
import { Context, type ProcExit, createImports } from '../adapter/index.js';
import { createHost } from '../src/hosts/index.js';
import { DirectoryEntry, StreamEntry } from '../adapter/entries.js';
import { ResourceTable } from '../adapter/table.js';

/** A context over a real host and one preopened temp dir, with one page of guest memory. */
function setup(trace?: (line: string) => void): { ctx: Context; imports: ReturnType<typeof createImports>; mem: WebAssembly.Memory; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'p1-bad-input-'));
  writeFileSync(join(dir, 'file.txt'), 'hello');
  const host = createHost('preview2-shim', { preopens: { '/sandbox': dir } });
  const table = new ResourceTable();
  table.add(new StreamEntry(undefined, undefined));
  table.add(new StreamEntry(undefined, undefined));
  table.add(new StreamEntry(undefined, undefined));
  for (const [d, p] of host['wasi:filesystem/preopens'].getDirectories()) table.add(new DirectoryEntry(d, p));
  const ctx = new Context(host, table, ['prog'], ['A=1']);
  const mem = new WebAssembly.Memory({ initial: 1 });
  ctx.memory.attach(mem);
  return { ctx, imports: createImports(ctx, trace), mem, dir };
}

const call = (imports: ReturnType<typeof createImports>, name: FunctionName, ...args: unknown[]): number =>
  (imports[name] as unknown as (...a: unknown[]) => number)(...args);

/** Deterministic pseudo-random values that favour the edges: 0, -1, huge, just past memory. */
function* values(seed: number): Generator<number> {
  const edges = [0, 1, 3, -1, 0x7fffffff, -0x80000000, 65535, 65536, 65530, 4, 8, 100];
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    yield x % 3 === 0 ? edges[x % edges.length]! : x % 70000;
  }
}

for (const traced of [false, true]) t.test(`no argument a guest can pass makes any preview1 function throw${traced ? ', traced' : ''}`, async (t) => {
  let lines = 0;
  const { imports, dir } = setup(traced ? () => { lines++; } : undefined);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const gen = values(42);
  let calls = 0;
  for (const name of functionNames) {
    if (name === 'proc_exit' || name === 'poll_oneoff' || name === 'sched_yield') continue;
    for (let round = 0; round < 300; round++) {
      const args = signatures[name].flatMap(([, kind]) =>
        kind === 'path' ? [gen.next().value, gen.next().value % 300]
          : kind === 'u64' || kind === 'i64' || kind === 'rights' ? [BigInt(gen.next().value) * 7919n]
            : [gen.next().value]);
      let result: number;
      try {
        result = call(imports, name, ...args);
      } catch (err) {
        t.fail(`${name}(${args.join(', ')}) threw ${String(err)}`);
        continue;
      }
      calls++;
      if (!(Number.isInteger(result) && result >= 0 && result <= Errno.NOTCAPABLE)) {
        t.fail(`${name}(${args.join(', ')}) returned ${result}`);
      }
    }
  }
  t.ok(calls > 10000, `${calls} calls answered with an errno`);
  if (traced) t.equal(lines, calls, 'each call made its trace line');
});

t.test('out-of-bounds pointers are EFAULT and nothing is consumed', async (t) => {
  const { imports, mem, dir } = setup();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const view = new DataView(mem.buffer);
  const end = mem.buffer.byteLength;
  t.equal(call(imports, 'args_sizes_get', end - 2, 0), Errno.FAULT);
  t.equal(call(imports, 'clock_time_get', 1, 0n, end), Errno.FAULT);
  // An iovec whose buffer runs past the end of memory.
  view.setUint32(0, end - 4, true);
  view.setUint32(4, 16, true);
  t.equal(call(imports, 'fd_write', 1, 0, 1, 64), Errno.FAULT);
  t.equal(call(imports, 'random_get', end - 10, 11), Errno.FAULT);
  t.equal(call(imports, 'random_get', -8, 4), Errno.FAULT);
  // path_open with the path past the end, and with the result pointer past the end.
  t.equal(call(imports, 'path_open', 3, 0, end - 3, 8, 0, 0n, 0n, 0, 64), Errno.FAULT);
  new Uint8Array(mem.buffer).set(new TextEncoder().encode('file.txt'), 100);
  t.equal(call(imports, 'path_open', 3, 0, 100, 8, 0, 2n, 0n, 0, end), Errno.FAULT);
  // fd_read whose nread pointer is bad fails before reading, so the file offset stays put.
  t.equal(call(imports, 'path_open', 3, 0, 100, 8, 0, 2n | 32n, 0n, 0, 200), 0);
  const fd = view.getUint32(200, true);
  view.setUint32(0, 300, true);
  view.setUint32(4, 2, true);
  t.equal(call(imports, 'fd_read', fd, 0, 1, end), Errno.FAULT);
  t.equal(call(imports, 'fd_tell', fd, 208), 0);
  t.equal(view.getBigUint64(208, true), 0n, 'no byte was consumed by the failed read');
});

t.test('wrong fds and wrong kinds give the errno wasmtime gives', async (t) => {
  const { imports, mem, dir } = setup();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.equal(call(imports, 'fd_close', 99), Errno.BADF);
  t.equal(call(imports, 'fd_renumber', 3, 99), Errno.BADF);
  t.equal(call(imports, 'fd_seek', 1, 0n, 0, 64), Errno.SPIPE);
  t.equal(call(imports, 'sock_accept', 3, 0, 64), Errno.NOTSOCK);
  t.equal(call(imports, 'sock_shutdown', 77, 3), Errno.BADF);
  // Invalid UTF-8 in a path.
  new Uint8Array(mem.buffer).set([0x66, 0xff, 0x66], 100);
  t.equal(call(imports, 'path_create_directory', 3, 100, 3), Errno.ILSEQ);
  // Out of the sandbox by spelling alone.
  new Uint8Array(mem.buffer).set(new TextEncoder().encode('../x'), 100);
  t.equal(call(imports, 'path_create_directory', 3, 100, 4), Errno.PERM);
  new Uint8Array(mem.buffer).set(new TextEncoder().encode('/etc'), 100);
  t.equal(call(imports, 'path_filestat_get', 3, 1, 100, 4, 200), Errno.PERM);
});

t.test('proc_exit unwinds with its exact code', async (t) => {
  const { imports, dir } = setup();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.throws(() => call(imports, 'proc_exit', 255), { code: 255 });
  try {
    call(imports, 'proc_exit', 300);
  } catch (err) {
    t.equal((err as ProcExit).code, 300);
  }
});

t.test('a host exception that is not a WASI error becomes EIO, kept for tracing', async (t) => {
  const { ctx, imports, dir } = setup();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const broken = new Error('disk on fire');
  (ctx.host as { 'wasi:random/random': unknown })['wasi:random/random'] = { getRandomBytes: () => { throw broken; } };
  t.equal(call(imports, 'random_get', 0, 8), Errno.IO);
  t.equal(ctx.lastError, broken);
});

/**
 * The Node host's native part (native/wasi_host.c): built at install time on
 * Linux, and then what lists directories and reads and writes files. It must
 * answer as Node's fs does, keep lookups inside the directory it is given,
 * and turn bad arguments into errnos.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t from 'tap';
import { yieldThread, type DescriptorType, type Descriptor as HostDescriptor } from '../adapter/host.js';
import type { Descriptor } from '../src/hosts/node/filesystem.js';
import { createNodeHost } from '../src/hosts/node/index.js';
import { DT, native, Record, StatField } from '../src/hosts/node/native.js';
import { WASI } from '../src/index.js';
import { runtime } from '../src/runtime.js';
import { moduleEvalArgs } from './support.js';

const built = existsSync(new URL('../../build/Release/wasi_host.node', import.meta.url));

// Whether it was built depends on the machine (.ci/run makes sure it is);
// once built, the host must find and load it, unless told not to.
t.test('the native part is loaded wherever it was built, unless WASI_PREVIEW1_NATIVE=0', async (t) => {
  t.equal(native !== undefined, built && process.platform === 'linux' && process.env.WASI_PREVIEW1_NATIVE !== '0');
});

t.test('an addon that will not load is warned about once, and the host goes on without it', async (t) => {
  // native.js looks for the addon relative to dist/ (dist-dir.js): give a copy of the two a broken one.
  const root = scratch(t);
  const module = join(root, 'dist/src/hosts/node/native.js');
  mkdirSync(join(root, 'dist/src/hosts/node'), { recursive: true });
  mkdirSync(join(root, 'build/Release'), { recursive: true });
  copyFileSync(fileURLToPath(new URL('../src/hosts/node/native.js', import.meta.url)), module);
  copyFileSync(fileURLToPath(new URL('../src/dist-dir.js', import.meta.url)), join(root, 'dist/src/dist-dir.js'));
  writeFileSync(join(root, 'build/Release/wasi_host.node'), 'not an ELF file');
  const run = spawnSync(process.execPath, moduleEvalArgs(`const m = await import(${JSON.stringify(pathToFileURL(module).href)}); console.log(m.native === undefined);`), {
    encoding: 'utf8', env: { ...process.env, WASI_PREVIEW1_NATIVE: '1' },
  });
  t.equal(run.status, 0, run.status === 0 ? 'the import succeeded' : `the import failed: ${run.stderr}`);
  t.equal(run.stdout.trim(), 'true', 'the host has no native part');
  if (process.platform === 'linux') t.match(run.stderr, /WASI_PREVIEW1_NATIVE.*native part did not load, running without it/);
});

function scratch(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'node-host-native-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A directory with one of each kind of entry, odd names, and enough entries for several getdents64 batches. */
function populated(t: { teardown(fn: () => void): void }): string {
  const dir = join(scratch(t), 'd');
  mkdirSync(dir);
  for (let i = 0; i < 3000; i++) writeFileSync(join(dir, `n${(i * 7919) % 3000}-${'x'.repeat(i % 40)}`), '');
  writeFileSync(join(dir, 'é-ünïcode'), '');
  writeFileSync(join(dir, 'L'.repeat(255)), '');
  mkdirSync(join(dir, 'sub'));
  symlinkSync('/etc/passwd', join(dir, 'link-out'));
  symlinkSync('missing', join(dir, 'dangling'));
  if (spawnSync('mkfifo', [join(dir, 'fifo')]).status !== 0) writeFileSync(join(dir, 'fifo'), '');
  return dir;
}

interface Listed { name: string; type: number; ino: bigint }

function decode(records: Buffer): Listed[] {
  const out: Listed[] = [];
  for (let at = 0; at < records.length;) {
    const end = at + Record.name + records.readUInt16LE(at + Record.namlen);
    out.push({ name: records.toString('utf8', at + Record.name, end), type: records[at + Record.type]!, ino: records.readBigUInt64LE(at + Record.ino) });
    at = end;
  }
  return out;
}

function dtOf(path: string): number {
  const st = lstatSync(path);
  if (st.isFile()) return DT.REG;
  if (st.isDirectory()) return DT.DIR;
  if (st.isSymbolicLink()) return DT.LNK;
  if (st.isFIFO()) return DT.FIFO;
  return -1;
}

t.test('listDirectory gives every entry, in name (byte) order, with lstat inodes and types', { skip: !native }, async (t) => {
  const dir = populated(t);
  const fd = openSync(dir, 'r');
  t.teardown(() => closeSync(fd));
  const records = native!.listDirectory(fd);
  if (typeof records === 'number') throw new Error(`listDirectory: errno ${-records}`);
  const listed = decode(records);
  // Node's readdirSync sorts so too; Bun's does not sort.
  t.same(listed.map((e) => e.name), readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare).map(String));
  t.equal(listed.length, 3006);
  const wrong = listed.filter((e) => e.ino !== lstatSync(join(dir, e.name), { bigint: true }).ino || e.type !== dtOf(join(dir, e.name)));
  t.same(wrong, [], 'inode and type match lstat for every entry');
  t.same(decode(native!.listDirectory(fd) as Buffer), listed, 'a second listing of the same fd starts from the beginning');
});

t.test('listDirectory reads through the descriptor, not the path it was opened by', { skip: !native }, async (t) => {
  const base = scratch(t);
  const inside = join(base, 'inside');
  const outside = join(base, 'outside');
  mkdirSync(inside);
  mkdirSync(outside);
  writeFileSync(join(inside, 'mine'), '');
  writeFileSync(join(outside, 'secret'), '');
  const fd = openSync(inside, 'r');
  t.teardown(() => closeSync(fd));
  renameSync(inside, join(base, 'moved'));
  symlinkSync(outside, inside);
  t.same(decode(native!.listDirectory(fd) as Buffer).map((e) => e.name), ['mine']);
});

t.test('bad arguments to the native part are negative errnos', { skip: !native }, async (t) => {
  const dir = scratch(t);
  const file = join(dir, 'f');
  writeFileSync(file, 'abcdef');
  const fd = openSync(file, 'r+');
  t.teardown(() => closeSync(fd));
  const { EBADF, ENOTDIR, EFAULT, EINVAL } = constants.errno;
  t.equal(native!.listDirectory(fd), -ENOTDIR, 'a file is not a directory');
  t.equal(native!.listDirectory(1 << 30), -EBADF);
  // Deno's N-API lets a string through where napi_typeof should say string (listDirectory('3') answers ENOTDIR there).
  if (runtime !== 'deno') t.equal(native!.listDirectory('3' as unknown as number), -EINVAL);
  const bytes = new Uint8Array(8);
  t.equal(native!.pread(fd, bytes, 2, 6, 0), 6);
  t.same([...bytes], [0, 0, 97, 98, 99, 100, 101, 102]);
  t.equal(native!.pread(fd, bytes, 0, 8, 6), 0, 'at the end of the file');
  t.equal(native!.pwrite(fd, bytes, 2, 2, 6), 2);
  t.equal(readFileSync(file, 'latin1'), 'abcdefab');
  for (const [start, length] of [[0, 9], [9, 0], [4, 5], [-1, 1], [0, -1]]) {
    t.equal(native!.pread(fd, bytes, start, length, 0), -EFAULT, `pread of [${start}, +${length}) in 8 bytes`);
    t.equal(native!.pwrite(fd, bytes, start, length, 0), -EFAULT, `pwrite of [${start}, +${length}) in 8 bytes`);
  }
  t.equal(native!.pread(fd, new Uint16Array(4) as unknown as Uint8Array, 0, 2, 0), -EFAULT, 'only a Uint8Array');
  t.equal(native!.pread(fd, bytes, 0, 1, -1), -EINVAL, 'a negative position');
  t.equal(native!.pwrite(1 << 30, bytes, 0, 1, 0), -EBADF);
  t.equal(readFileSync(file, 'latin1'), 'abcdefab', 'no failed call wrote anything');
});

t.test('a host with and without its native part lists and reads alike', async (t) => {
  const dir = populated(t);
  const entries = (useNative: boolean) => {
    const host = createNodeHost({ preopens: { '/s': dir }, native: useNative });
    const [[root]] = host['wasi:filesystem/preopens'].getDirectories() as [HostDescriptor, string][];
    const stream = (root as unknown as Descriptor).readDirectory();
    const out: Array<{ name: string; type: DescriptorType; ino: bigint }> = [];
    const e = { name: '', type: 'unknown' as DescriptorType, ino: 0n };
    while (stream.readDirectoryEntryInto(e)) out.push({ ...e });
    const plain = (root as unknown as Descriptor).readDirectory();
    let n = 0;
    while (plain.readDirectoryEntry() !== undefined) n++;
    t.equal(n, out.length, `readDirectoryEntry gives as many (native: ${useNative})`);
    return out;
  };
  const withNative = entries(true);
  t.equal(withNative.length, 3006);
  t.same(entries(false), withNative);
});

/** Runs conformance/wasm/file_set_times_ns.wasm on a node host; returns its exit code and what it printed. */
function timesProgram(t: Parameters<typeof scratch>[0], useNative: boolean): { code: number; stdout: string } {
  const dir = scratch(t);
  writeFileSync(join(dir, 'f.txt'), 'f');
  writeFileSync(join(dir, 'g.txt'), 'g');
  writeFileSync(join(dir, 'target.txt'), 't');
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, 'sub2'));
  symlinkSync('target.txt', join(dir, 'link'));
  const out = join(scratch(t), 'stdout');
  const fd = openSync(out, 'w');
  try {
    const host = createNodeHost({ preopens: { '/sandbox': dir }, native: useNative, stdout: fd });
    const wasi = new WASI({ version: 'preview1', args: ['file_set_times_ns.wasm'], host });
    const module = new WebAssembly.Module(readFileSync(fileURLToPath(new URL('../../conformance/wasm/file_set_times_ns.wasm', import.meta.url))));
    const code = wasi.start(new WebAssembly.Instance(module, wasi.getImportObject() as WebAssembly.Imports));
    host.close();
    return { code, stdout: readFileSync(out, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

t.test('timestamps are set to the nanosecond with the native part, to the microsecond without', { skip: native === undefined && 'not built here' }, async (t) => {
  t.same(timesProgram(t, true), { code: 0, stdout: 'nanoseconds\n' }, 'utimensat and futimens: every digit of 1795819831488186070 ns');
  // Without the native part the host stats through node:fs, which under Deno keeps only milliseconds.
  if (runtime !== 'deno') t.same(timesProgram(t, false), { code: 0, stdout: 'microseconds\n' }, 'Node\'s utimes functions: seconds as a double');
});

t.test('stat through the native part gives what fs.statSync gives, times to the nanosecond', { skip: native === undefined && 'not built here' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'p1-stat-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'f');
  writeFileSync(file, 'twelve bytes');
  symlinkSync('f', join(dir, 'l'));
  const out = new BigInt64Array(StatField.count);
  const fields = (st: { dev: bigint; ino: bigint; mode: bigint; nlink: bigint; size: bigint; mtimeNs: bigint }) =>
    [st.dev, st.ino, st.mode, st.nlink, st.size, st.mtimeNs];
  const fromNative = () => [out[StatField.dev], out[StatField.ino], out[StatField.mode], out[StatField.nlink], out[StatField.size], out[StatField.mtimeNs]];
  utimesSync(file, 1795819831.5, 1795819831.25);
  t.equal(native!.stat(-100, file, out), 0);
  if (runtime === 'deno') t.equal(out[StatField.mtimeNs], 1795819831250000000n, 'the time that was set, where fs.statSync keeps milliseconds');
  else t.same(fromNative(), fields(statSync(file, { bigint: true })), 'by path');
  t.equal(native!.stat(-100, join(dir, 'l'), out), 0);
  t.equal(out[StatField.mode] & 0o170000n, 0o120000n, 'a final symlink is not followed');
  const fd = openSync(file, 'r');
  try {
    t.equal(native!.stat(fd, null, out), 0);
    t.equal(out[StatField.size], 12n, 'by fd');
  } finally {
    closeSync(fd);
  }
  t.equal(native!.stat(-100, join(dir, 'missing'), out), -constants.errno.ENOENT);
  t.equal(native!.stat(-1, null, out), -constants.errno.EBADF);
  t.equal(native!.stat(-100, file, new BigInt64Array(2)), -constants.errno.EINVAL, 'an answer array too short');
  t.equal(native!.stat(-100, file, new Float64Array(8) as unknown as BigInt64Array), -constants.errno.EINVAL, 'an answer array of the wrong type');
  t.equal(native!.stat(-100, 'x'.repeat(5000), out), -constants.errno.ENAMETOOLONG);
});

t.test('the native setTimes turns bad arguments into errnos', { skip: native === undefined && 'not built here' }, async (t) => {
  const n = native!;
  t.equal(n.setTimes(-1, null, 0n, 0n), -constants.errno.EBADF);
  t.equal(n.setTimes(-100, '/nonexistent/x', 0n, 0n), -constants.errno.ENOENT);
  t.equal(n.setTimes(-100, '/tmp', -3n, 0n), -constants.errno.EINVAL, 'a time before "unchanged" is no time');
  t.equal(n.setTimes(-100, '/tmp', 1 as unknown as bigint, 0n), -constants.errno.EINVAL, 'a number where a BigInt belongs');
  t.equal(n.setTimes(-100, 'x'.repeat(5000), 0n, 0n), -constants.errno.ENAMETOOLONG);
});

t.test('sched_yield gives the CPU up through the native part, and returns at once without it', async (t) => {
  if (native !== undefined) t.equal(native.schedYield(), 0, 'sched_yield(2) succeeds');
  for (const useNative of [undefined, false] as const) {
    const host = createNodeHost({ preopens: {}, native: useNative });
    const own = host[yieldThread];
    t.equal(own !== undefined, useNative !== false && native !== undefined, `native: ${useNative}: the host can yield where the native part is loaded`);
    let yields = 0;
    if (own !== undefined) (host as { [yieldThread]?: () => void })[yieldThread] = () => { yields++; own(); };
    const wasi = new WASI({ version: 'preview1', host });
    const call = (wasi.wasiImport as unknown as { sched_yield(): number }).sched_yield;
    t.equal(call(), 0);
    t.equal(call(), 0);
    t.equal(yields, own === undefined ? 0 : 2, 'each call yields once where the host can');
    host.close();
  }
});

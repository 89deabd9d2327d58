import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { code, drop, moduleEvalArgs } from './support.js';
import type { Descriptor, Host } from '../adapter/host.js';
import { createNodeHost } from '../src/hosts/node/index.js';

const enc = new TextEncoder();
const text = (b: Uint8Array) => Buffer.from(b).toString();

function setup(t: { teardown(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'node-host-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'root');
  const outside = join(dir, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret'), 'SECRET');
  const host = createNodeHost({ preopens: { '/sandbox': root } });
  const [[pre, guestPath]] = host['wasi:filesystem/preopens'].getDirectories() as [Descriptor, string][];
  return { dir, root, outside, host, pre: pre!, guestPath: guestPath! };
}

t.test('preopen descriptors behave like any opened directory', async (t) => {
  const { pre, guestPath, root } = setup(t);
  t.equal(guestPath, '/sandbox');
  t.equal(pre.getType(), 'directory');
  t.same(pre.getFlags(), { read: true, mutateDirectory: true });
  const st = pre.stat();
  t.equal(st.type, 'directory');
  t.ok(st.linkCount >= 2n);
  const hash = pre.metadataHash();
  t.equal(hash.lower, statSync(root, { bigint: true }).ino);
  writeFileSync(join(root, 'x'), '');
  const entries = pre.readDirectory();
  t.same(entries.readDirectoryEntry(), { type: 'regular-file', name: 'x' });
  t.equal(entries.readDirectoryEntry(), undefined);
});

t.test('files: open, write, read at offsets, stat, set-size, times, sync', async (t) => {
  const { pre, root } = setup(t);
  const f = pre.openAt({}, 'a.txt', { create: true, exclusive: true }, { read: true, write: true });
  t.equal(code(() => pre.openAt({}, 'a.txt', { create: true, exclusive: true }, { write: true })), 'exist');
  t.equal(f.write(enc.encode('hello world'), 0n), 11n);
  t.equal(f.write(enc.encode('W'), 6n), 1n);
  const [bytes, eof] = f.read(100n, 0n);
  t.equal(text(bytes), 'hello World');
  t.equal(eof, true);
  t.same(f.read(5n, 0n)[1], false);
  t.equal(readFileSync(join(root, 'a.txt'), 'utf8'), 'hello World');
  const st = f.stat();
  t.equal(st.type, 'regular-file');
  t.equal(st.size, 11n);
  t.equal(st.linkCount, 1n);
  f.setSize(5n);
  t.equal(f.stat().size, 5n);
  f.setTimes({ tag: 'timestamp', val: { seconds: 1_000_000_000n, nanoseconds: 500_000_000 } }, { tag: 'no-change' });
  const after = f.stat();
  t.equal(after.dataAccessTimestamp!.seconds, 1_000_000_000n);
  t.ok(Math.abs(after.dataAccessTimestamp!.nanoseconds - 500_000_000) < 1000);
  t.equal(after.dataModificationTimestamp!.seconds, st.dataModificationTimestamp!.seconds);
  pre.setTimesAt({}, 'a.txt', { tag: 'no-change' }, { tag: 'timestamp', val: { seconds: 42n, nanoseconds: 0 } });
  t.equal(pre.statAt({}, 'a.txt').dataModificationTimestamp!.seconds, 42n);
  f.sync();
  f.syncData();
  f.advise(0n, 0n, 'sequential');
  t.equal(f.getType(), 'regular-file');
  t.same(f.getFlags().write, true);
  t.equal(code(() => pre.read(1n, 0n)), 'bad-descriptor');
  t.equal(code(() => pre.readViaStream(0n)), 'bad-descriptor');
  t.equal(code(() => f.readDirectory()), 'not-directory');
  drop(f);
  t.equal(code(() => pre.openAt({}, 'missing', {}, { read: true })), 'no-entry');
  t.equal(code(() => pre.openAt({}, 'a.txt', { directory: true }, { read: true })), 'not-directory');
});

t.test('streams read and write at their own offsets; append goes to the end', async (t) => {
  const { pre, root } = setup(t);
  writeFileSync(join(root, 's'), '0123456789');
  const f = pre.openAt({}, 's', {}, { read: true, write: true });
  const i = f.readViaStream(3n);
  t.equal(text(i.read(4n)), '3456');
  t.equal(text(i.blockingRead(100n)), '789');
  t.same(code(() => i.read(1n)), { tag: 'closed' });
  const o = f.writeViaStream(2n);
  t.equal(o.checkWrite() > 0n, true);
  o.write(enc.encode('ab'));
  o.blockingWriteAndFlush(enc.encode('cd'));
  o.writeZeroes(1n);
  t.equal(readFileSync(join(root, 's'), 'latin1'), '01abcd\u000078' + '9');
  const a = f.appendViaStream();
  a.blockingWriteAndFlush(enc.encode('END'));
  o.write(enc.encode('Z'));
  t.equal(readFileSync(join(root, 's'), 'latin1'), '01abcd\u0000Z89END');
  const i2 = f.readViaStream(0n);
  t.equal(i2.skip(2n), 2n);
  t.equal(text(i2.read(2n)), 'ab');
  const o2 = f.writeViaStream(0n);
  t.equal(o2.splice(f.readViaStream(10n), 3n), 3n);
  t.equal(readFileSync(join(root, 's'), 'latin1').slice(0, 3), 'END');
  const p = i2.subscribe();
  t.equal(p.ready(), true);
  p.block();
  drop(i, o, a, i2, o2, p, f);
});

t.test('filesystemErrorCode maps a failed stream operation back to its code', async (t) => {
  const { host, pre, root } = setup(t);
  writeFileSync(join(root, 'r'), 'x');
  const f = pre.openAt({}, 'r', {}, { read: true });
  const o = f.writeViaStream(0n);
  const err = code(() => o.write(enc.encode('nope'))) as { tag: string; val: unknown };
  t.equal(err.tag, 'last-operation-failed');
  t.equal(host['wasi:filesystem/types'].filesystemErrorCode(err.val as never), 'bad-descriptor');
  t.type((err.val as { toDebugString(): string }).toDebugString(), 'string');
});

t.test('directories: create, readdir with types, rename, link, symlink, readlink, unlink, remove', async (t) => {
  const { pre, root } = setup(t);
  pre.createDirectoryAt('d');
  t.equal(code(() => pre.createDirectoryAt('d')), 'exist');
  const d = pre.openAt({}, 'd', { directory: true }, { read: true, mutateDirectory: true });
  const f = d.openAt({}, 'f', { create: true }, { write: true });
  f.write(enc.encode('data'), 0n);
  d.symlinkAt('f', 'link');
  t.equal(d.readlinkAt('link'), 'f');
  t.equal(code(() => d.readlinkAt('f')), 'invalid');
  t.equal(d.statAt({}, 'link').type, 'symbolic-link');
  t.equal(d.statAt({ symlinkFollow: true }, 'link').type, 'regular-file');
  pre.linkAt({}, 'd/f', d, 'hard');
  t.equal(d.statAt({}, 'f').linkCount, 2n);
  t.same(d.metadataHashAt({}, 'hard'), pre.metadataHashAt({}, 'd/f'));
  t.same(d.metadataHashAt({ symlinkFollow: true }, 'link'), f.metadataHash());
  t.not(d.metadataHashAt({}, 'link').lower, f.metadataHash().lower);
  const f2 = pre.openAt({}, 'd/hard', {}, { read: true });
  t.equal(f.isSameObject(f2), true);
  t.equal(f.isSameObject(d), false);
  d.renameAt('hard', pre, 'moved');
  t.equal(readFileSync(join(root, 'moved'), 'utf8'), 'data');
  const names: string[] = [];
  const types: Record<string, string> = {};
  const s = d.readDirectory();
  for (let e = s.readDirectoryEntry(); e; e = s.readDirectoryEntry()) { names.push(e.name); types[e.name] = e.type; }
  t.same(names.sort(), ['f', 'link']);
  t.same(types, { f: 'regular-file', link: 'symbolic-link' });
  t.equal(code(() => pre.removeDirectoryAt('d')), 'not-empty');
  t.equal(code(() => pre.unlinkFileAt('d')), 'is-directory');
  t.equal(code(() => pre.unlinkFileAt('moved/')), 'not-directory');
  d.unlinkFileAt('f');
  d.unlinkFileAt('link');
  t.equal(code(() => d.unlinkFileAt('link')), 'no-entry');
  drop(f, f2, d);
  pre.removeDirectoryAt('d/');
  t.equal(code(() => pre.statAt({}, 'd')), 'no-entry');
  const tsStat = pre.statAt({}, 'moved');
  t.type(tsStat.statusChangeTimestamp!.nanoseconds, 'number');
});

t.test('sandbox: .., absolute paths and symlinks cannot leave the preopen', async (t) => {
  const { pre, root, outside } = setup(t);
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(root, 'sub', 'in'), 'inside');
  symlinkSync('../outside', join(root, 'rel-out'));
  symlinkSync(outside, join(root, 'abs-out'));
  symlinkSync(join(outside, 'secret'), join(root, 'abs-secret'));
  symlinkSync('sub/../sub/in', join(root, 'ok-link'));
  symlinkSync('loop2', join(root, 'loop1'));
  symlinkSync('loop1', join(root, 'loop2'));
  const r = { read: true };
  t.equal(code(() => pre.openAt({}, '../outside/secret', {}, r)), 'not-permitted');
  t.equal(code(() => pre.openAt({}, 'sub/../../outside/secret', {}, r)), 'not-permitted');
  t.equal(code(() => pre.openAt({}, '..', {}, r)), 'not-permitted');
  t.equal(code(() => pre.openAt({}, outside + '/secret', {}, r)), 'not-permitted');
  t.equal(code(() => pre.openAt({}, '/etc/passwd', {}, r)), 'not-permitted');
  t.equal(code(() => pre.openAt({}, 'rel-out/secret', {}, r)), 'not-permitted');
  t.equal(code(() => pre.openAt({}, 'abs-out/secret', {}, r)), 'not-permitted');
  t.equal(code(() => pre.openAt({ symlinkFollow: true }, 'abs-secret', {}, r)), 'not-permitted');
  t.equal(code(() => pre.openAt({}, 'abs-secret', {}, r)), 'loop', 'not following the final link refuses to open it');
  t.equal(code(() => pre.statAt({ symlinkFollow: true }, 'rel-out')), 'not-permitted');
  t.equal(code(() => pre.statAt({}, 'rel-out/secret')), 'not-permitted');
  t.equal(code(() => pre.createDirectoryAt('rel-out/new')), 'not-permitted');
  t.equal(code(() => pre.unlinkFileAt('abs-out/secret')), 'not-permitted');
  t.equal(code(() => pre.renameAt('sub/in', pre, '../stolen')), 'not-permitted');
  t.equal(code(() => pre.linkAt({ symlinkFollow: true }, 'abs-secret', pre, 'copy')), 'not-permitted');
  t.equal(code(() => pre.symlinkAt('/etc/passwd', 'evil')), 'not-permitted');
  t.equal(code(() => pre.openAt({ symlinkFollow: true }, 'loop1', {}, r)), 'loop');
  const ok = pre.openAt({ symlinkFollow: true }, 'ok-link', {}, r);
  t.equal(text(ok.read(100n, 0n)[0]), 'inside');
  drop(ok);
  t.equal(pre.statAt({}, 'sub/../sub/./in').size, 6n);
  // a descriptor for a subdirectory is its own root: .. from it is refused
  const sub = pre.openAt({}, 'sub', { directory: true }, r);
  t.equal(code(() => sub.openAt({}, '../sub/in', {}, r)), 'not-permitted');
  t.equal(code(() => sub.statAt({}, '..')), 'not-permitted');
  // moving the directory out from under its descriptor does not widen the sandbox
  renameSync(join(root, 'sub'), join(outside, 'sub'));
  t.equal(code(() => sub.openAt({}, '../secret', {}, r)), 'not-permitted');
  drop(sub);
  t.equal(readFileSync(join(outside, 'secret'), 'utf8'), 'SECRET');
});

t.test('sandbox: a symlink swapped in between check and use never leads out', async (t) => {
  const { pre, root, outside } = setup(t);
  mkdirSync(join(root, 'real'));
  writeFileSync(join(root, 'real', 'secret'), 'inside-file');
  writeFileSync(join(root, 'file'), 'inside-file');
  symlinkSync(outside, join(root, 'dirlink'));
  symlinkSync(join(outside, 'secret'), join(root, 'filelink'));
  // Another process swaps `d` between a real directory and a symlink out of
  // the sandbox, and `f` between a file and a symlink to an outside file.
  const swapper = spawn(process.execPath, ['-e', `
    const fs = require('fs'), p = require('path'), root = ${JSON.stringify(root)};
    const end = Date.now() + 3000;
    for (let i = 0; Date.now() < end; i++) {
      fs.renameSync(p.join(root, i % 2 ? 'real' : 'dirlink'), p.join(root, 'd'));
      fs.renameSync(p.join(root, i % 2 ? 'file' : 'filelink'), p.join(root, 'f'));
      fs.renameSync(p.join(root, 'd'), p.join(root, i % 2 ? 'real' : 'dirlink'));
      fs.renameSync(p.join(root, 'f'), p.join(root, i % 2 ? 'file' : 'filelink'));
    }`], { stdio: 'ignore' });
  const exited = new Promise((resolve) => swapper.on('exit', resolve));
  const seen = new Set<string>();
  let opened = 0;
  for (let i = 0; i < 20000 && swapper.exitCode === null; i++) {
    for (const [follow, path] of [[false, 'd/secret'], [true, 'd/secret'], [false, 'f']] as const) {
      try {
        const fd = pre.openAt({ symlinkFollow: follow }, path, {}, { read: true });
        seen.add(text(fd.read(100n, 0n)[0]));
        drop(fd);
        opened++;
      } catch (e) {
        seen.add(String(e));
      }
    }
    try {
      seen.add(String(pre.statAt({}, 'd/secret').size));
    } catch (e) {
      seen.add(String(e));
    }
  }
  swapper.kill();
  await exited;
  t.notOk(seen.has('SECRET'), `never read the outside file (${opened} opens, outcomes: ${[...seen].join(', ')})`);
  t.notOk(seen.has('6'), 'never stat the outside file');
});

t.test('clocks and poll', async (t) => {
  const { host } = setup(t);
  const mono = host['wasi:clocks/monotonic-clock'];
  const wall = host['wasi:clocks/wall-clock'];
  const { poll } = host['wasi:io/poll'];
  const a = mono.now();
  t.ok(mono.now() >= a);
  t.equal(mono.resolution(), 1n);
  const w = wall.now();
  t.ok(Math.abs(Number(w.seconds) * 1000 + w.nanoseconds / 1e6 - Date.now()) < 1000);
  t.ok(w.nanoseconds >= 0 && w.nanoseconds < 1e9);
  // The nanosecond extension is the same clock. Date.now() is whole milliseconds, floored, and an NTP slew
  // since start moves it by up to 0.5 ms a second against any monotonic-based clock: a millisecond of slack.
  const fast = (wall as typeof wall & { nowNanoseconds(): bigint }).nowNanoseconds;
  const before = BigInt(Date.now()) * 1_000_000n;
  const ns = fast();
  const after = BigInt(Date.now() + 1) * 1_000_000n;
  t.ok(ns >= before - 1_000_000n && ns <= after + 1_000_000n, `${ns} within a millisecond of [${before}, ${after}]`);
  const record = wall.now();
  const fromRecord = record.seconds * 1_000_000_000n + BigInt(record.nanoseconds);
  t.ok(fromRecord >= ns && fromRecord - ns < 1_000_000_000n, 'now() reads the same clock, later');
  t.ok(fast() >= fromRecord, 'never steps back');
  const past = mono.subscribeInstant(0n);
  t.equal(past.ready(), true);
  const soon = mono.subscribeDuration(2_000_000n);
  const later = mono.subscribeDuration(60_000_000_000n);
  t.equal(soon.ready(), false);
  t.same([...poll([later, soon])], [1], 'returns the index that became ready first');
  t.ok(mono.now() - a >= 2_000_000n, 'slept at least until the earliest deadline');
  t.same([...poll([past, later, soon])], [0, 2], 'reports every ready pollable');
  const p = mono.subscribeDuration(1_000_000n);
  p.block();
  t.equal(p.ready(), true);
  const { pre } = setup(t);
  const file = pre.openAt({}, 'f', { create: true }, { read: true, write: true });
  const fp = file.readViaStream(0n).subscribe();
  t.same([...poll([later, fp])], [1], 'files are always ready');
  drop(past, soon, later, p, fp, file);
});

t.test('random', async (t) => {
  const { host } = setup(t);
  const r = host['wasi:random/random'];
  t.equal(r.getRandomBytes(32n).byteLength, 32);
  t.not(r.getRandomU64(), r.getRandomU64());
  t.equal(host['wasi:random/insecure']!.getInsecureRandomBytes(5n).byteLength, 5);
  t.equal(host['wasi:random/insecure-seed']!.insecureSeed().length, 2);
});

t.test('stdio goes to the fds the config gives; env and args are per instance', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'node-host-stdio-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'in'), 'line one\nline two\n');
  const outFd = openSync(join(dir, 'out'), 'w');
  const errFd = openSync(join(dir, 'err'), 'w');
  const inFd = openSync(join(dir, 'in'), 'r');
  const a: Host = createNodeHost({ preopens: { '/a': dir }, stdin: inFd, stdout: outFd, stderr: errFd, env: { A: '1' }, args: ['a', 'x'] });
  const b: Host = createNodeHost({ preopens: {}, env: { B: '2' }, args: ['b'] });
  a['wasi:cli/stdout'].getStdout().blockingWriteAndFlush(enc.encode('to out\n'));
  a['wasi:cli/stderr'].getStderr().write(enc.encode('to err\n'));
  const stdin = a['wasi:cli/stdin'].getStdin();
  t.equal(a['wasi:cli/stdin'].getStdin(), stdin, 'one stdin stream per host');
  t.equal(text(stdin.blockingRead(9n)), 'line one\n');
  t.equal(text(stdin.read(100n)), 'line two\n');
  t.same(code(() => stdin.read(1n)), { tag: 'closed' });
  t.equal(stdin.subscribe().ready(), true);
  closeSync(outFd);
  closeSync(errFd);
  closeSync(inFd);
  t.equal(readFileSync(join(dir, 'out'), 'utf8'), 'to out\n');
  t.equal(readFileSync(join(dir, 'err'), 'utf8'), 'to err\n');
  t.same(a['wasi:cli/environment']!.getEnvironment(), [['A', '1']]);
  t.same(b['wasi:cli/environment']!.getEnvironment(), [['B', '2']]);
  t.same(a['wasi:cli/environment']!.getArguments(), ['a', 'x']);
  t.same(b['wasi:cli/environment']!.getArguments(), ['b']);
  t.equal(a['wasi:filesystem/preopens'].getDirectories()[0]![1], '/a');
  t.same(b['wasi:filesystem/preopens'].getDirectories(), []);
  t.equal(a['wasi:cli/terminal-stdout']!.getTerminalStdout(), undefined, 'a file is not a terminal');
});

t.test('stdin from a pipe: blocking reads, non-blocking reads and polling through the worker', async (t) => {
  // Run in a child so that its fd 0 is a pipe we control; it says on stderr
  // when it waits, so each write lands in the step it is meant for however
  // slowly the child starts.
  const child = spawn(process.execPath, moduleEvalArgs(`
    const { createNodeHost } = await import(${JSON.stringify(new URL('../src/hosts/node/index.js', import.meta.url).href)});
    const h = createNodeHost({ preopens: {} });
    const s = h['wasi:cli/stdin'].getStdin();
    const out = [];
    out.push(Buffer.from(s.read(100n)).toString() || '(nothing yet)');
    const p = s.subscribe();
    process.stderr.write('polling\\n');
    p.block();
    out.push(Buffer.from(s.read(100n)).toString());
    process.stderr.write('read first\\n');
    out.push(Buffer.from(s.blockingRead(100n)).toString());
    try { s.blockingRead(1n); } catch (e) { out.push(e.tag); }
    console.log(JSON.stringify(out));
  `), { stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  let stderr = '';
  const said = (line: string) => new Promise<void>((resolve) => {
    const check = () => { if (stderr.includes(`${line}\n`)) resolve(); else child.stderr.once('data', (d) => { stderr += d; check(); }); };
    check();
  });
  await said('polling');
  child.stdin.write('first');
  await said('read first');
  child.stdin.end('second');
  await new Promise((r) => child.on('exit', r));
  t.same(JSON.parse(stdout), ['(nothing yet)', 'first', 'second', 'closed'], stderr);
});

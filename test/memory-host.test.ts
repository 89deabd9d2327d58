// The memory host's tree and filesystem: the `files` shape in and out, and
// the semantics the conformance suite does not reach (hard links, rename
// cases, timestamps to the nanosecond, sparse writes, the sandbox). Where
// Linux has an answer, each case runs on the node host over a real directory
// too, and both must give it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { code, drop } from './support.js';
import type { Descriptor, Host, RawStat } from '../adapter/host.js';
import { populateTree } from '../conformance/tree.js';
import { createHost, type MemoryHost } from '../src/hosts/index.js';

const enc = new TextEncoder();
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const R = { read: true };
const RW = { read: true, write: true };
const follow = { symlinkFollow: true };

/** The single preopen of a host. */
function preopen(host: Host): Descriptor {
  const dirs = host['wasi:filesystem/preopens'].getDirectories();
  return dirs[0]![0];
}

/** Text files, directories ('d/': {}) and symlinks: the shape both hosts can be given. */
type Tree = Record<string, string | { symlink: string } | Record<string, never>>;

function memoryPreopen(tree: Tree): { host: MemoryHost; pre: Descriptor } {
  const host = createHost('memory', { files: tree });
  return { host, pre: preopen(host) };
}

function nodePreopen(t: Test, tree: Tree): Descriptor {
  const dir = mkdtempSync(join(tmpdir(), 'memory-host-ref-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  populateTree(dir, tree);
  return preopen(createHost('node', { preopens: { '/': dir } }));
}

/** What an operation gave: its error code, its result, or 'ok' when it returns nothing. */
function outcome(op: () => unknown): unknown {
  try {
    return op() ?? 'ok';
  } catch (e) {
    return e;
  }
}

/**
 * Runs `cases` on a fresh tree in each host: every case must give `expected`
 * on the node host (Linux) and on the memory host alike.
 */
function likeLinux(t: Test, tree: Tree, cases: [string, (pre: Descriptor) => unknown, unknown][]): void {
  for (const [name, op, expected] of cases) {
    const mem = memoryPreopen(tree).pre;
    const real = nodePreopen(t, tree);
    t.same(outcome(() => op(real)), expected, `${name}: Linux (node host)`);
    t.same(outcome(() => op(mem)), expected, `${name}: memory host`);
  }
}

const statType = (pre: Descriptor, path: string) => pre.statAt({}, path).type;

t.test('files in and out: text, bytes, empty directories, symlinks, implied parents', async (t) => {
  const bytes = new Uint8Array([0, 1, 2, 255]);
  const host = createHost('memory', {
    files: { 'a.txt': 'text ü', '/bin/x': bytes, 'empty/': {}, link: { symlink: 'a.txt' }, 'deep/er/f': '' },
  });
  bytes[0] = 9;
  t.same(host.files(), {
    'a.txt': enc.encode('text ü'),
    'bin/': {},
    'bin/x': new Uint8Array([0, 1, 2, 255]),
    'deep/': {},
    'deep/er/': {},
    'deep/er/f': new Uint8Array(0),
    'empty/': {},
    link: { symlink: 'a.txt' },
  }, 'every directory listed, files as bytes (copied in), symlinks as they are, in name order');
  t.equal(text(host.readFile('a.txt')), 'text ü');
  t.equal(text(host.readFile('/link')), 'text ü', 'readFile follows symlinks');
  t.same(host.readFile('bin/x'), new Uint8Array([0, 1, 2, 255]));
  host.readFile('bin/x')[0] = 7;
  t.equal(host.readFile('bin/x')[0], 0, 'readFile gives a copy');
  t.throws(() => host.readFile('nope'), /no file at "nope"/);
  t.throws(() => host.readFile('empty'), /is a directory/);
  const again = createHost('memory', { files: host.files() });
  t.same(again.files(), host.files(), 'files() is what files takes');

  t.throws(() => createHost('memory', { files: { 'a/../b': 'x' } }), TypeError, '.. in a tree path');
  t.throws(() => createHost('memory', { files: { a: 'x', 'a/b': 'y' } }), /"a" is a file/);
  t.throws(() => createHost('memory', { files: { 'd/': { x: 'y' } as never } }), /must be \{\}/);
  t.throws(() => createHost('memory', { files: { n: 42 as never } }), /expected text/);
});

t.test('preopens map guest paths to tree directories; missing ones are made, files refused', async (t) => {
  const host = createHost('memory', { files: { 'www/index.html': 'hi', f: '' }, preopens: { '/site': 'www', '/tmp': '/scratch/tmp' } });
  const dirs = host['wasi:filesystem/preopens'].getDirectories();
  t.same(dirs.map(([, guest]) => guest), ['/site', '/tmp']);
  t.equal(text(dirs[0]![0].openAt({}, 'index.html', {}, R).read(10n, 0n)[0]), 'hi');
  t.same(host.files()['scratch/tmp/'], {}, 'the missing directory is made');
  t.not(host['wasi:filesystem/preopens'].getDirectories()[0]![0], dirs[0]![0], 'each call hands out descriptors of its own');
  const byDefault = createHost('memory', { files: { f: 'x' } });
  t.same(byDefault['wasi:filesystem/preopens'].getDirectories().map(([, g]) => g), ['/'], 'default: the root as /');
  t.throws(() => createHost('memory', { files: { f: '' }, preopens: { '/x': 'f' } }), /"f" is a file/);
  t.throws(() => createHost('memory', { preopens: { '/x': 'a/../b' } }), /'\.\.' component/);
});

t.test('hard links: one inode, link counts, writes seen through every name', async (t) => {
  likeLinux(t, { 'a.txt': 'data', 'sub/': {} }, [
    ['link, then both names', (pre) => {
      pre.linkAt({}, 'a.txt', pre, 'sub/b.txt');
      return [pre.statAt({}, 'a.txt').linkCount, pre.statAt({}, 'sub/b.txt').linkCount];
    }, [2n, 2n]],
    ['unlink one name', (pre) => {
      pre.linkAt({}, 'a.txt', pre, 'b');
      pre.unlinkFileAt('a.txt');
      return [pre.statAt({}, 'b').linkCount, code(() => pre.statAt({}, 'a.txt'))];
    }, [1n, 'no-entry']],
    ['onto an existing name', (pre) => pre.linkAt({}, 'a.txt', pre, 'sub'), 'exist'],
    ['of a directory', (pre) => pre.linkAt({}, 'sub', pre, 'sub2'), 'not-permitted'],
    ['of a missing file', (pre) => pre.linkAt({}, 'nope', pre, 'x'), 'no-entry'],
  ]);
  const { pre } = memoryPreopen({ 'a.txt': 'data' });
  pre.linkAt({}, 'a.txt', pre, 'b.txt');
  t.same(pre.metadataHashAt({}, 'a.txt'), pre.metadataHashAt({}, 'b.txt'), 'one inode');
  const f = pre.openAt({}, 'b.txt', {}, RW);
  f.write(enc.encode('DATA+'), 0n);
  t.equal(text(pre.openAt({}, 'a.txt', {}, R).read(100n, 0n)[0]), 'DATA+');
  pre.unlinkFileAt('a.txt');
  pre.unlinkFileAt('b.txt');
  t.equal(f.stat().linkCount, 0n, 'an open file outlives its last name');
  t.equal(text(f.read(100n, 0n)[0]), 'DATA+');
  drop(f);
});

t.test('rename as POSIX: onto empty directories, never into its own subtree, kinds must match', async (t) => {
  const tree: Tree = { 'f': 'file', 'g': 'other', 'd/': {}, 'd/inner/': {}, 'e/': {}, 'full/x': 'x' };
  likeLinux(t, tree, [
    ['file onto file replaces it', (pre) => { pre.renameAt('f', pre, 'g'); return [code(() => pre.statAt({}, 'f')), pre.statAt({}, 'g').size]; }, ['no-entry', 4n]],
    ['directory onto an empty directory', (pre) => { pre.renameAt('d', pre, 'e'); return statType(pre, 'e/inner'); }, 'directory'],
    ['directory onto a non-empty one', (pre) => pre.renameAt('e', pre, 'full'), 'not-empty'],
    ['directory into its own subtree', (pre) => pre.renameAt('d', pre, 'd/inner/d'), 'invalid'],
    ['directory onto itself', (pre) => pre.renameAt('d', pre, 'd'), 'ok'],
    ['file onto a directory', (pre) => pre.renameAt('f', pre, 'e'), 'is-directory'],
    ['directory onto a file', (pre) => pre.renameAt('e', pre, 'f'), 'not-directory'],
    ['a missing source', (pre) => pre.renameAt('nope', pre, 'x'), 'no-entry'],
    ['into a missing directory', (pre) => pre.renameAt('f', pre, 'nope/f'), 'no-entry'],
    ['a file with a trailing slash', (pre) => pre.renameAt('f/', pre, 'h'), 'not-directory'],
  ]);
  const { pre } = memoryPreopen(tree);
  // rename(2) says EBUSY for a final '.'; the node host drops the '.' and renames d itself.
  t.equal(code(() => pre.renameAt('d/.', pre, 'x')), 'busy', '. as the source');
  t.equal(code(() => pre.renameAt('f', pre, '.')), 'busy', '. as the target');
  const ino = pre.metadataHashAt({}, 'd').lower;
  const d = pre.openAt({}, 'd', { directory: true }, R);
  pre.renameAt('d', pre, 'e/moved');
  t.equal(pre.metadataHashAt({}, 'e/moved').lower, ino, 'the inode number goes with the file');
  t.equal(d.statAt({}, 'inner').type, 'directory', 'an open descriptor follows its directory');
  t.equal(pre.statAt({}, 'e').linkCount, 3n, 'the new parent counts the subdirectory');
  pre.linkAt({}, 'f', pre, 'f2');
  pre.renameAt('f', pre, 'f2');
  t.same([pre.statAt({}, 'f').linkCount, pre.statAt({}, 'f2').linkCount], [2n, 2n], 'two names of one file both stay');
  drop(d);
});

t.test('unlink, rmdir and mkdir answer as Linux', async (t) => {
  likeLinux(t, { 'f': 'x', 'd/': {}, 'full/x': '', link: { symlink: 'd' } }, [
    ['unlink of a directory', (pre) => pre.unlinkFileAt('d'), 'is-directory'],
    ['unlink of .', (pre) => pre.unlinkFileAt('.'), 'is-directory'],
    ['unlink of a file with a trailing slash', (pre) => pre.unlinkFileAt('f/'), 'not-directory'],
    ['unlink of a symlink to a directory', (pre) => { pre.unlinkFileAt('link'); return statType(pre, 'd'); }, 'directory'],
    ['rmdir of a non-empty directory', (pre) => pre.removeDirectoryAt('full'), 'not-empty'],
    ['rmdir of .', (pre) => pre.removeDirectoryAt('.'), 'invalid'],
    ['rmdir of a file', (pre) => pre.removeDirectoryAt('f'), 'not-directory'],
    ['rmdir of a symlink to a directory', (pre) => pre.removeDirectoryAt('link'), 'not-directory'],
    ['rmdir, then the name is free', (pre) => { pre.removeDirectoryAt('d/'); return code(() => pre.statAt({}, 'd')); }, 'no-entry'],
    ['mkdir over a file', (pre) => pre.createDirectoryAt('f'), 'exist'],
    ['mkdir over a dangling symlink', (pre) => { pre.symlinkAt('gone', 'dl'); return code(() => pre.createDirectoryAt('dl')); }, 'exist'],
    ['mkdir in a missing directory', (pre) => pre.createDirectoryAt('nope/x'), 'no-entry'],
    ['a 256-byte name', (pre) => pre.createDirectoryAt('n'.repeat(256)), 'name-too-long'],
    ['a 255-byte name', (pre) => pre.createDirectoryAt('n'.repeat(255)), 'ok'],
  ]);
  const { pre } = memoryPreopen({ 'd/': {} });
  const d = pre.openAt({}, 'd', { directory: true }, R);
  pre.removeDirectoryAt('d');
  t.equal(code(() => d.openAt({}, 'new', { create: true }, RW)), 'no-entry', 'nothing is made in a removed directory');
  t.equal(d.stat().linkCount, 0n);
  drop(d);
});

t.test('open flags and descriptor flags', async (t) => {
  likeLinux(t, { 'f': 'content', 'd/': {}, link: { symlink: 'f' } }, [
    ['create exclusive over a file', (pre) => pre.openAt({}, 'f', { create: true, exclusive: true }, RW), 'exist'],
    ['create exclusive over a symlink', (pre) => pre.openAt(follow, 'link', { create: true, exclusive: true }, RW), 'exist'],
    ['create with directory', (pre) => pre.openAt({}, 'new', { create: true, directory: true }, R), 'invalid'],
    ['directory on a file', (pre) => pre.openAt({}, 'f', { directory: true }, R), 'not-directory'],
    ['a file with a trailing slash', (pre) => pre.openAt({}, 'f/', {}, R), 'not-directory'],
    ['a directory for writing', (pre) => pre.openAt({}, 'd', {}, RW), 'is-directory'],
    ['a symlink, not followed', (pre) => pre.openAt({}, 'link', {}, R), 'loop'],
    ['a symlink, not followed, as a directory', (pre) => pre.openAt({}, 'link', { directory: true }, R), 'not-directory'],
    ['truncate', (pre) => pre.openAt({}, 'f', { truncate: true }, RW).stat().size, 0n],
    ['read on a write-only descriptor', (pre) => pre.openAt({}, 'f', {}, { write: true }).read(1n, 0n), 'bad-descriptor'],
    ['write on a read-only descriptor', (pre) => pre.openAt({}, 'f', {}, R).write(enc.encode('x'), 0n), 'bad-descriptor'],
    ['set-size on a read-only descriptor', (pre) => pre.openAt({}, 'f', {}, R).setSize(1n), 'invalid'],
    ['read on a directory', (pre) => pre.read(1n, 0n), 'bad-descriptor'],
    ['readdir on a file', (pre) => pre.openAt({}, 'f', {}, R).readDirectory(), 'not-directory'],
    ['a path operation on a file', (pre) => pre.openAt({}, 'f', {}, R).statAt({}, 'x'), 'not-directory'],
  ]);
});

t.test('timestamps to the nanosecond, marked as POSIX says', async (t) => {
  const { pre } = memoryPreopen({ 'f': 'x', 'd/': {} });
  const exact = { seconds: 1795819831n, nanoseconds: 488186070 };
  /** Long before any clock this runs under: a timestamp marked since cannot equal it. */
  const old = { seconds: 1_000_000_000n, nanoseconds: 123_456_789 };
  const f = pre.openAt({}, 'f', {}, RW);
  f.setTimes({ tag: 'timestamp', val: exact }, { tag: 'timestamp', val: { seconds: 1n, nanoseconds: 999_999_999 } });
  let st = f.stat();
  t.same(st.dataAccessTimestamp, exact);
  t.same(st.dataModificationTimestamp, { seconds: 1n, nanoseconds: 999_999_999 });
  const raw = {} as RawStat;
  (f as unknown as { statInto(out: RawStat): void }).statInto(raw);
  t.equal(raw.atim, 1795819831488186070n, 'the adapter\'s stat extension in nanoseconds');
  t.equal(raw.mtim, 1_999_999_999n);
  const ctime = raw.ctim;

  f.setTimes({ tag: 'no-change' }, { tag: 'no-change' });
  t.same(f.stat().statusChangeTimestamp, st.statusChangeTimestamp, 'changing nothing marks nothing');
  f.write(enc.encode('y'), 5n);
  st = f.stat();
  t.same(st.dataAccessTimestamp, exact, 'a write leaves atime');
  t.ok(st.dataModificationTimestamp!.seconds > 1n, 'and marks mtime');
  (f as unknown as { statInto(out: RawStat): void }).statInto(raw);
  t.ok(raw.ctim >= ctime && raw.ctim === raw.mtim, 'and ctime with it');
  f.setTimes({ tag: 'timestamp', val: old }, { tag: 'timestamp', val: old });
  f.read(1n, 0n);
  t.not(f.stat().dataAccessTimestamp!.seconds, old.seconds, 'a read marks atime');
  t.same(f.stat().dataModificationTimestamp, old, 'and nothing else');

  f.setTimes({ tag: 'timestamp', val: old }, { tag: 'timestamp', val: old });
  f.setSize(0n);
  t.not(f.stat().dataModificationTimestamp!.seconds, old.seconds, 'set-size marks mtime');
  pre.setTimesAt({}, 'd', { tag: 'timestamp', val: old }, { tag: 'timestamp', val: old });
  pre.linkAt({}, 'f', pre, 'd/f');
  t.not(pre.statAt({}, 'd').dataModificationTimestamp!.seconds, old.seconds, 'a link marks its directory');
  f.setTimes({ tag: 'timestamp', val: old }, { tag: 'timestamp', val: old });
  const before = f.stat().statusChangeTimestamp!;
  pre.unlinkFileAt('d/f');
  t.ok(f.stat().statusChangeTimestamp!.seconds >= before.seconds, 'an unlink marks the file\'s ctime');
  t.same(f.stat().dataModificationTimestamp, old, 'but not its mtime');
  pre.symlinkAt('f', 'l');
  pre.setTimesAt({}, 'l', { tag: 'timestamp', val: old }, { tag: 'no-change' });
  t.same(pre.statAt({}, 'l').dataAccessTimestamp, old, 'set-times without follow sets the symlink\'s own');
  t.not(pre.statAt(follow, 'l').dataAccessTimestamp, old);
  drop(f);
});

t.test('sizes and sparse writes: past the end zero-fills, set-size grows with zeros and shrinks', async (t) => {
  likeLinux(t, { 'f': 'abc' }, [
    ['a write past the end', (pre) => {
      const f = pre.openAt({}, 'f', {}, RW);
      f.write(enc.encode('Z'), 6n);
      return [f.stat().size, Array.from(f.read(10n, 0n)[0])];
    }, [7n, [97, 98, 99, 0, 0, 0, 90]]],
    ['shrink, then grow', (pre) => {
      const f = pre.openAt({}, 'f', {}, RW);
      f.setSize(1n);
      f.setSize(4n);
      return Array.from(f.read(10n, 0n)[0]);
    }, [97, 0, 0, 0]],
    ['a read past the end', (pre) => {
      const [data, end] = pre.openAt({}, 'f', {}, R).read(5n, 10n);
      return [data.length, end];
    }, [0, true]],
  ]);
  const { pre } = memoryPreopen({ f: '' });
  const f = pre.openAt({}, 'f', {}, RW);
  f.setSize(1n << 40n);
  t.equal(f.stat().size, 1n << 40n, 'a terabyte costs nothing until written');
  const [tail] = f.read(4n, (1n << 40n) - 2n);
  t.same(Array.from(tail), [0, 0]);
  f.setSize(0n);
  for (let i = 0; i < 1000; i++) f.write(enc.encode('0123456789'), BigInt(i * 10));
  t.equal(f.stat().size, 10000n);
  t.equal(text(f.read(10n, 9990n)[0]), '0123456789');
  t.equal(code(() => f.write(enc.encode('x'), 1n << 60n)), 'file-too-large');
  t.equal(code(() => f.setSize(1n << 63n)), 'invalid');
  drop(f);
});

t.test('streams on files: read-via-stream, write-via-stream, append-via-stream', async (t) => {
  const { host, pre } = memoryPreopen({ s: '0123456789' });
  const f = pre.openAt({}, 's', {}, RW);
  const i = f.readViaStream(3n);
  t.equal(text(i.read(4n)), '3456');
  t.equal(text(i.blockingRead(100n) as Uint8Array), '789');
  t.same(code(() => i.read(1n)), { tag: 'closed' });
  const o = f.writeViaStream(2n);
  o.write(enc.encode('ab'));
  o.blockingWriteAndFlush(enc.encode('cd'));
  o.writeZeroes(1n);
  t.equal(text(host.readFile('s')), '01abcd\u000078' + '9');
  const a = f.appendViaStream();
  a.blockingWriteAndFlush(enc.encode('END'));
  t.equal(text(host.readFile('s')), '01abcd\u0000789END');
  const o2 = f.writeViaStream(0n);
  t.equal(o2.splice(f.readViaStream(10n), 3n), 3n);
  t.equal(text(host.readFile('s')).slice(0, 3), 'END');
  t.equal(i.subscribe().ready(), true);
  t.equal(code(() => pre.openAt({}, 's', {}, R).writeViaStream(0n)), 'bad-descriptor');
  t.equal(code(() => pre.readViaStream(0n)), 'bad-descriptor');
  drop(i, o, a, o2, f);
});

t.test('readdir: names in order without . and .., inodes, entries removed meanwhile skipped', async (t) => {
  const { pre } = memoryPreopen({ 'b/': {}, a: '', c: { symlink: 'a' }, 'b/inner': '' });
  const list = pre.readDirectory();
  t.same(list.readDirectoryEntry(), { type: 'regular-file', name: 'a' });
  pre.unlinkFileAt('c');
  pre.createDirectoryAt('aa');
  const out = { name: '', type: 'unknown' as const, ino: 0n } as { name: string; type: string; ino: bigint };
  t.equal((list as unknown as { readDirectoryEntryInto(o: typeof out): boolean }).readDirectoryEntryInto(out), true);
  t.same(out, { name: 'b', type: 'directory', ino: pre.metadataHashAt({}, 'b').lower }, 'the extension gives the inode');
  t.equal(list.readDirectoryEntry(), undefined, 'c was removed, aa came after the listing began');
  const again = pre.readDirectory();
  const names: string[] = [];
  for (let e = again.readDirectoryEntry(); e; e = again.readDirectoryEntry()) names.push(e.name);
  t.same(names, ['a', 'aa', 'b']);
  drop(list, again);
});

t.test('the sandbox: .., absolute paths and symlinks stay within the descriptor\'s directory', async (t) => {
  const tree: Tree = {
    'sub/in': 'inside', 'abs': { symlink: '/etc/passwd' }, 'rel-out': { symlink: '../x' }, 'ok-link': { symlink: 'sub/../sub/in' },
    loop1: { symlink: 'loop2' }, loop2: { symlink: 'loop1' }, self: { symlink: 'self' }, 'sub/up': { symlink: '../sub/in' },
    'dir-link': { symlink: 'sub' },
  };
  likeLinux(t, tree, [
    ['.. above the root', (pre) => pre.openAt({}, '..', {}, R), 'not-permitted'],
    ['.. above the root, later in the path', (pre) => pre.statAt({}, 'sub/../../x'), 'not-permitted'],
    ['an absolute path', (pre) => pre.statAt({}, '/etc/passwd'), 'not-permitted'],
    ['an absolute symlink, followed', (pre) => pre.openAt(follow, 'abs', {}, R), 'not-permitted'],
    ['an absolute symlink, met on the way', (pre) => pre.statAt({}, 'abs/x'), 'not-permitted'],
    ['an absolute symlink read, not followed', (pre) => pre.readlinkAt('abs'), '/etc/passwd'],
    ['a relative symlink out', (pre) => pre.statAt(follow, 'rel-out'), 'not-permitted'],
    ['a symlink inside', (pre) => text(pre.openAt(follow, 'ok-link', {}, R).read(10n, 0n)[0]), 'inside'],
    ['a symlink loop', (pre) => pre.openAt(follow, 'loop1', {}, R), 'loop'],
    ['a symlink to itself', (pre) => pre.statAt(follow, 'self'), 'loop'],
    ['making an absolute symlink', (pre) => pre.symlinkAt('/etc/passwd', 'evil'), 'not-permitted'],
    ['follow applies to the final component only', (pre) => [statType(pre, 'ok-link'), pre.statAt({}, 'sub/up').type], ['symbolic-link', 'symbolic-link']],
    ['a symlink met on the way is followed whatever the flags', (pre) => pre.statAt({}, 'dir-link/in').size, 6n],
    ['and must lead to a directory', (pre) => pre.statAt({}, 'ok-link/x'), 'not-directory'],
    ['.. from a subdirectory\'s descriptor', (pre) => pre.openAt({}, 'sub', { directory: true }, R).statAt({}, '../sub'), 'not-permitted'],
    ['a symlink up from a subdirectory\'s descriptor', (pre) => pre.openAt({}, 'sub', { directory: true }, R).statAt(follow, 'up'), 'not-permitted'],
    ['a lookup after one that failed midway', (pre) => [code(() => pre.statAt({}, 'abs/x')), pre.statAt(follow, 'ok-link').size], ['not-permitted', 6n]],
  ]);
  // 40 links are followed, the 41st is a loop.
  const chain: Tree = { target: 'end' };
  for (let i = 0; i < 41; i++) chain[`l${i}`] = { symlink: i === 0 ? 'target' : `l${i - 1}` };
  likeLinux(t, chain, [
    ['40 symlinks in a row', (pre) => pre.statAt(follow, 'l39').size, 3n],
    ['41 symlinks in a row', (pre) => pre.statAt(follow, 'l40'), 'loop'],
  ]);
});

t.test('inode numbers are stable, metadata-hash lower is the inode, and each tree has its own upper', async (t) => {
  const a = memoryPreopen({ f: '', 'd/': {} }).pre;
  const b = memoryPreopen({ f: '' }).pre;
  const hash = a.metadataHashAt({}, 'f');
  const raw = {} as RawStat;
  (a as unknown as { statAtInto(f: object, p: string, o: RawStat): void }).statAtInto({}, 'f', raw);
  t.equal(raw.ino, hash.lower);
  a.renameAt('f', a, 'd/g');
  t.same(a.metadataHashAt({}, 'd/g'), hash);
  t.not(b.metadataHashAt({}, 'f').upper, hash.upper);
  t.equal(a.openAt({}, 'd/g', {}, R).isSameObject(a.openAt({}, 'd/./g', {}, R)), true);
  t.equal(code(() => a.renameAt('d/g', b, 'x')), 'cross-device', 'another tree\'s descriptor');
});

t.test('a dropped descriptor answers bad-descriptor', async (t) => {
  const { pre } = memoryPreopen({ f: 'x' });
  const f = pre.openAt({}, 'f', {}, RW);
  drop(f);
  t.equal(code(() => f.stat()), 'bad-descriptor');
  t.equal(code(() => f.read(1n, 0n)), 'bad-descriptor');
  drop(pre);
  t.equal(code(() => pre.openAt({}, 'f', {}, R)), 'bad-descriptor');
});

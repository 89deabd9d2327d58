/**
 * The Node host's extensions to wasi:filesystem (readInto, statInto,
 * statAtInto, readDirectoryEntryInto) are shortcuts the adapter takes when a
 * descriptor has them. Each must give exactly what the standard 0.2 calls
 * give, and the adapter must give the guest the same bytes with them and,
 * on a host without them, through its fallback; and the same again when the
 * host runs without its native part.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Errno, Lookupflags, Oflags, Rights } from '../adapter/abi.js';
import type { DescriptorType, Descriptor as HostDescriptor } from '../adapter/host.js';
import type { RawStat } from '../adapter/host.js';
import { Descriptor } from '../src/hosts/node/filesystem.js';
import { DirectoryEntryStream } from '../src/hosts/node/listing.js';
import { createNodeHost } from '../src/hosts/node/index.js';
import { WASI } from '../src/index.js';

const enc = new TextEncoder();

function fixture(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'node-host-ext-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const data = Buffer.alloc(200_000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  writeFileSync(join(dir, 'data.bin'), data);
  mkdirSync(join(dir, 'd'));
  for (let i = 0; i < 40; i++) writeFileSync(join(dir, 'd', `entry-${String(i).padStart(2, '0')}.txt`), String(i));
  writeFileSync(join(dir, 'd', 'é-ünïcode.txt'), 'u');
  writeFileSync(join(dir, 'd', 'x'.repeat(200)), 'long');
  mkdirSync(join(dir, 'd', 'sub'));
  symlinkSync('entry-00.txt', join(dir, 'd', 'link'));
  symlinkSync('data.bin', join(dir, 'link'));
  return dir;
}

/** Where each extension lives, so a run can take them away and see the fallback. */
const extensions: Array<[object, string]> = [
  [Descriptor.prototype, 'readInto'],
  [Descriptor.prototype, 'statInto'],
  [Descriptor.prototype, 'statAtInto'],
  [DirectoryEntryStream.prototype, 'readDirectoryEntryInto'],
];

/** Counts calls of each prototype method named, for the duration of `fn`. */
function counting<T>(names: Array<[object, string]>, fn: () => T): [T, Record<string, number>] {
  const counts: Record<string, number> = {};
  const saved = names.map(([proto, name]) => {
    const original = Object.getOwnPropertyDescriptor(proto, name);
    if (original === undefined) return undefined;
    const f = original.value as (...args: unknown[]) => unknown;
    counts[name] = 0;
    Object.defineProperty(proto, name, {
      ...original,
      value(this: unknown, ...args: unknown[]) {
        counts[name]!++;
        return f.apply(this, args);
      },
    });
    return [proto, name, original] as const;
  });
  try {
    return [fn(), counts];
  } finally {
    for (const s of saved) if (s) Object.defineProperty(s[0], s[1], s[2]);
  }
}

/** Runs `fn` on a host that lacks the extensions, as preview2-shim and other hosts do. */
function withoutExtensions<T>(fn: () => T): T {
  const saved = extensions.map(([proto, name]) => [proto, name, Object.getOwnPropertyDescriptor(proto, name)!] as const);
  for (const [proto, name] of saved) delete (proto as Record<string, unknown>)[name];
  try {
    return fn();
  } finally {
    for (const [proto, name, d] of saved) Object.defineProperty(proto, name, d);
  }
}

type Imports = Record<string, (...args: unknown[]) => number>;

/**
 * A fixed series of preview1 calls on the adapter over the Node host; the
 * record of every errno and every byte the guest got back. Access times are
 * blanked: the first run's reads move them.
 */
function transcript(dir: string, native = true): Array<number | number[]> {
  const host = createNodeHost({ preopens: { '/s': dir }, native });
  const wasi = new WASI({ version: 'preview1', host, returnOnExit: true });
  const memory = new WebAssembly.Memory({ initial: 4 });
  wasi.initialize({ exports: { memory } } as unknown as WebAssembly.Instance);
  const imp = wasi.wasiImport as unknown as Imports;
  const u8 = new Uint8Array(memory.buffer);
  const view = new DataView(memory.buffer);
  const out: Array<number | number[]> = [];
  const PATH = 100;
  const RESULT = 200;
  const IOVS = 300;
  const BUF = 4096;
  const bytes = (at: number, len: number) => out.push([...u8.subarray(at, at + len)]);
  const path = (p: string) => { const b = enc.encode(p); u8.set(b, PATH); return b.length; };
  const open = (p: string, oflags: number, rights: bigint) => {
    out.push(imp.path_open!(3, Lookupflags.SYMLINK_FOLLOW, PATH, path(p), oflags, rights, 0n, 0, RESULT)!);
    return view.getUint32(RESULT, true);
  };
  const iovecs = (...lens: number[]) => {
    let at = BUF;
    lens.forEach((len, i) => {
      view.setUint32(IOVS + i * 8, at, true);
      view.setUint32(IOVS + i * 8 + 4, len, true);
      at += len + 7;
    });
    u8.fill(0xee, BUF, at);
    return at - BUF;
  };
  const filestat = () => {
    out.push([...u8.subarray(RESULT, RESULT + 40)], [...u8.subarray(RESULT + 48, RESULT + 64)]);
  };

  const file = open('data.bin', 0, Rights.FD_READ | Rights.FD_SEEK | Rights.FD_TELL | Rights.FD_FILESTAT_GET);
  for (const lens of [[64], [65536], [10, 0, 20], [0, 30, 0], [0], [], [1, 2, 3, 4, 5, 6, 7, 8]]) {
    const span = iovecs(...lens);
    out.push(imp.fd_read!(file, IOVS, lens.length, RESULT)!, view.getUint32(RESULT, true));
    bytes(BUF, span);
  }
  for (const [lens, offset] of [[[100], 199_950n], [[7, 9], 5n], [[16], 200_000n], [[16], 1n << 40n]] as const) {
    const span = iovecs(...lens);
    out.push(imp.fd_pread!(file, IOVS, lens.length, offset, RESULT)!, view.getUint32(RESULT, true));
    bytes(BUF, span);
  }
  // Read on to the end, and past it.
  for (let i = 0; i < 4; i++) {
    const span = iovecs(65536);
    out.push(imp.fd_read!(file, IOVS, 1, RESULT)!, view.getUint32(RESULT, true));
    bytes(BUF, span);
  }
  out.push(imp.fd_filestat_get!(file, RESULT)!);
  filestat();
  out.push(imp.fd_filestat_get!(3, RESULT)!);
  filestat();
  for (const [flags, p] of [[0, 'link'], [Lookupflags.SYMLINK_FOLLOW, 'link'], [0, 'd/sub/'], [0, 'd/link'], [0, 'missing'], [0, 'data.bin/'], [0, '../x']] as const) {
    u8.fill(0xee, RESULT, RESULT + 64);
    out.push(imp.path_filestat_get!(3, flags, PATH, path(p), RESULT)!);
    filestat();
  }

  const d = open('d', Oflags.DIRECTORY, Rights.FD_READDIR | Rights.FD_FILESTAT_GET);
  out.push(imp.fd_filestat_get!(d, RESULT)!);
  filestat();
  // The whole listing at once, then in pieces that cut entries short, then from a cookie after a rewind.
  for (let size of [8192, 100, 7]) {
    let cookie = 0n;
    for (;;) {
      u8.fill(0xee, BUF, BUF + size);
      out.push(imp.fd_readdir!(d, BUF, size, cookie, RESULT)!);
      const used = view.getUint32(RESULT, true);
      bytes(BUF, size);
      if (used < size) break;
      // Resume after the last entry that came whole, as wasi-libc does, which
      // grows its buffer when not even one did.
      let at = 0;
      while (at + 24 <= used && at + 24 + view.getUint32(BUF + at + 16, true) <= used) {
        cookie = view.getBigUint64(BUF + at, true);
        at += 24 + view.getUint32(BUF + at + 16, true);
      }
      if (at === 0) size *= 2;
    }
  }
  out.push(imp.fd_readdir!(d, BUF, 8192, 0n, RESULT)!, imp.fd_readdir!(d, BUF, 8192, 17n, RESULT)!);
  bytes(BUF, view.getUint32(RESULT, true));
  return out;
}

t.test('the adapter gives the guest the same bytes with the extensions and without', async (t) => {
  const dir = fixture(t);
  const [withThem, used] = counting(extensions, () => transcript(dir));
  for (const [, name] of extensions) t.ok(used[name]! > 0, `${name} was used when present`);
  const standard: Array<[object, string]> = [
    [Descriptor.prototype, 'read'], [Descriptor.prototype, 'stat'], [Descriptor.prototype, 'statAt'],
    [Descriptor.prototype, 'metadataHashAt'], [DirectoryEntryStream.prototype, 'readDirectoryEntry'],
  ];
  const [without, fellBack] = counting(standard, () => withoutExtensions(() => transcript(dir)));
  for (const [, name] of standard) t.ok(fellBack[name]! > 0, `${name} was used without the extensions`);
  t.equal(without.length, withThem.length);
  t.same(without, withThem);
  t.same(transcript(dir, false), withThem, 'and the same without the native part');

  // And those bytes are the file's, with nothing written past them.
  const data = readFileSync(join(dir, 'data.bin'));
  const gap = new Array<number>(7).fill(0xee);
  t.same(withThem.slice(0, 3), [Errno.SUCCESS, Errno.SUCCESS, 64], 'the first read was whole');
  t.same(withThem[3], [...data.subarray(0, 64), ...gap]);
  t.same(withThem.slice(4, 6), [Errno.SUCCESS, 65536]);
  t.same(withThem[6], [...data.subarray(64, 64 + 65536), ...gap]);
  t.same(withThem.slice(7, 9), [Errno.SUCCESS, 30]);
  t.same(withThem[9], [...data.subarray(65600, 65610), ...gap, ...gap, ...data.subarray(65610, 65630), ...gap]);
});

t.test('each extension answers as the standard calls do', async (t) => {
  const dir = fixture(t);
  const host = createNodeHost({ preopens: { '/s': dir } });
  const [[pre]] = host['wasi:filesystem/preopens'].getDirectories() as [HostDescriptor, string][];
  const root = pre as unknown as Descriptor;
  const file = root.openAt({}, 'data.bin', {}, { read: true });
  const buf = new Uint8Array(70_000).fill(7);
  for (const [offset, len] of [[0n, 64], [1000n, 65536], [199_990n, 100], [200_000n, 10], [300_000n, 10]] as const) {
    const n = file.readInto(buf, 5, len, offset);
    const [expected] = file.read(BigInt(len), offset);
    t.equal(n, expected.length, `readInto at ${offset} reads as much as read`);
    t.same(buf.subarray(5, 5 + n), expected);
    t.equal(buf[4], 7, 'nothing before start is touched');
  }

  const raw: RawStat = { type: 'unknown', ino: 0n, linkCount: 0n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  const ns = (d: { seconds: bigint; nanoseconds: number } | undefined) => d!.seconds * 1_000_000_000n + BigInt(d!.nanoseconds);
  const same = (label: string, st: ReturnType<Descriptor['stat']>, ino: bigint) => {
    t.same(
      { type: raw.type, ino: raw.ino, linkCount: raw.linkCount, size: raw.size, mtim: raw.mtim, ctim: raw.ctim },
      { type: st.type, ino, linkCount: st.linkCount, size: st.size, mtim: ns(st.dataModificationTimestamp), ctim: ns(st.statusChangeTimestamp) },
      label,
    );
  };
  file.statInto(raw);
  same('statInto', file.stat(), file.metadataHash().lower);
  for (const [follow, p] of [[false, 'link'], [true, 'link'], [false, 'd/sub'], [false, 'd/link'], [true, 'd/link']] as const) {
    root.statAtInto({ symlinkFollow: follow }, p, raw);
    same(`statAtInto ${p} follow=${follow}`, root.statAt({ symlinkFollow: follow }, p), root.metadataHashAt({ symlinkFollow: follow }, p).lower);
  }
  t.equal(codeOf(() => root.statAtInto({}, 'missing', raw)), 'no-entry');
  t.equal(codeOf(() => root.statAtInto({}, '../x', raw)), 'not-permitted');

  const d = root.openAt({}, 'd', { directory: true }, { read: true });
  const viaInto = d.readDirectory();
  const viaStandard = d.readDirectory();
  const entry: { name: string; type: DescriptorType; ino: bigint } = { name: '', type: 'unknown', ino: 0n };
  let count = 0;
  while (viaInto.readDirectoryEntryInto(entry)) {
    const e = viaStandard.readDirectoryEntry()!;
    t.same({ ...entry }, { name: e.name, type: e.type, ino: d.metadataHashAt({ symlinkFollow: false }, e.name).lower }, e.name);
    count++;
  }
  t.equal(viaStandard.readDirectoryEntry(), undefined, 'both end together');
  t.equal(count, 44);
  for (const r of [viaInto, viaStandard, d, file]) (r as unknown as Disposable)[Symbol.dispose]();
});

t.test('bad guest pointers on the extension paths are errnos, never exceptions', async (t) => {
  const dir = fixture(t);
  const wasi = new WASI({ version: 'preview1', host: 'node', preopens: { '/s': dir }, returnOnExit: true });
  const memory = new WebAssembly.Memory({ initial: 1 });
  wasi.initialize({ exports: { memory } } as unknown as WebAssembly.Instance);
  const imp = wasi.wasiImport as unknown as Imports;
  const view = new DataView(memory.buffer);
  const end = memory.buffer.byteLength;
  new Uint8Array(memory.buffer).set(enc.encode('data.bin'), 100);
  t.equal(imp.path_open!(3, 0, 100, 8, 0, Rights.FD_READ | Rights.FD_SEEK | Rights.FD_TELL, 0n, 0, 200), Errno.SUCCESS);
  const fd = view.getUint32(200, true);
  // An iovec running past the end of memory, one of several, and a huge one.
  for (const [buf, len] of [[end - 4, 16], [end, 1], [0, 0xffffffff], [-1 >>> 0, 2]]) {
    view.setUint32(0, 300, true);
    view.setUint32(4, 2, true);
    view.setUint32(8, buf, true);
    view.setUint32(12, len, true);
    t.equal(imp.fd_read!(fd, 8, 1, 200), Errno.FAULT, `fd_read into ${buf}+${len}`);
    t.equal(imp.fd_read!(fd, 0, 2, 200), Errno.FAULT, `fd_read with a second iovec at ${buf}+${len}`);
    t.equal(imp.fd_pread!(fd, 8, 1, 0n, 200), Errno.FAULT);
  }
  t.equal(imp.fd_tell!(fd, 208), Errno.SUCCESS);
  t.equal(view.getBigUint64(208, true), 0n, 'no byte was consumed by the failed reads');
  t.equal(imp.path_filestat_get!(3, 0, 100, 8, end - 63), Errno.FAULT);
  t.equal(imp.fd_filestat_get!(fd, end - 1), Errno.FAULT);
  t.equal(imp.fd_readdir!(3, end - 10, 11, 0n, 200), Errno.FAULT);
  t.equal(imp.fd_readdir!(3, 0, 64, 0n, end), Errno.FAULT);
});

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return 'no error';
}

// The wasix_32v1 namespace as a whole: every name answers an errno for any
// argument a guest can pass (never a host exception), only the calls in
// wasixWaitingCalls ever suspend (so only they need be JSPI imports), and
// getImportObject() gives it beside preview1's on one table.
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { Errno } from '../adapter/abi.js';
import { Context, ProcExit, createWasixImports, wasixWaitingCalls, type WasixName } from '../adapter/index.js';
import { DirectoryEntry, FileEntry, StreamEntry, TcpEntry } from '../adapter/entries.js';
import { ResourceTable } from '../adapter/table.js';
import { settled, Suspension } from '../adapter/wait.js';
import { wasixNames, wasixSignatureOf } from '../adapter/wasix.js';
import { unsupported, wasixPreview1Accept, WasixErrno } from '../adapter/wasix-abi.js';
import { networkGrants } from '../src/grants.js';
import { createHost } from '../src/hosts/index.js';
import { openListener } from '../src/listeners.js';
import { WASI } from '../src/index.js';
import { AsyncHost, FedInput, tempDir } from './worker-support.js';

function* values(seed: number): Generator<number> {
  const edges = [0, 1, 3, -1, 0x7fffffff, -0x80000000, 65535, 65536, 65530, 4, 8, 100];
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    yield x % 3 === 0 ? edges[x % edges.length]! : x % 70000;
  }
}

/** Arguments of the right kinds: small fds, pointers into (and past) one page, paths with lengths. */
function argument(kind: string, r: number): unknown[] {
  switch (kind) {
    case 'fd': return [r % 9];
    case 'path': return [r % 70000, r % 40];
    case 'u64': case 'i64': case 'rights': return [BigInt(r) * 7919n];
    case 'bool': case 'family': case 'socktype': case 'sockopt': return [r % 5];
    default: return [r];
  }
}

const ENDS = new Set<WasixName>(['proc_exit', 'thread_exit', 'proc_exec', 'proc_exec2']);

t.test('no argument a guest can pass makes a wasix_32v1 function throw', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'file.txt'), 'hello');
  const sink = openSync('/dev/null', 'w');
  const host = createHost('node', { preopens: { '.': dir }, stdout: sink, stderr: sink, network: { connect: true, listen: true, lookup: true } });
  t.teardown(() => {
    host.close();
    closeSync(sink);
  });
  const table = new ResourceTable();
  const ctx = new Context(host, table, ['prog'], [], {}, networkGrants({ connect: ['127.0.0.1:9'], listen: ['127.0.0.1:0'] }));
  table.add(new StreamEntry(undefined, undefined));
  table.add(new StreamEntry(undefined, host['wasi:cli/stdout'].getStdout()));
  table.add(new StreamEntry(undefined, host['wasi:cli/stderr'].getStderr()));
  const [[root, guest]] = host['wasi:filesystem/preopens'].getDirectories();
  table.add(new DirectoryEntry(root!, guest));
  const mem = new WebAssembly.Memory({ initial: 1 });
  ctx.memory.attach(mem);
  const imports = createWasixImports(ctx, () => {}) as unknown as Record<WasixName, (...a: unknown[]) => number>;
  const gen = values(9);
  let calls = 0;
  for (const name of wasixNames) {
    // Blocking ones would wait for real (a sleep, a poll, stdin): their bad input is the fixtures'.
    if (name === 'poll_oneoff' || name === 'thread_sleep' || name === 'sched_yield' || name === 'fd_read') continue;
    const shapes = [wasixSignatureOf(name, -1), name === 'sock_accept' ? wasixPreview1Accept : undefined]
      .filter((s) => s !== undefined);
    for (const sig of shapes.length > 0 ? shapes : [[['a', 'u32'], ['b', 'u32']] as const]) {
      for (let round = 0; round < 150; round++) {
        const args = sig.flatMap(([, kind]) => argument(kind, gen.next().value));
        try {
          const r = imports[name](...args);
          calls++;
          if (r !== undefined && !(Number.isInteger(r) && r >= 0 && r <= WasixErrno.UNKNOWN)) {
            t.fail(`${name}(${args.join(', ')}) returned ${r}`);
          }
        } catch (err) {
          if (!(err instanceof ProcExit && ENDS.has(name))) t.fail(`${name}(${args.join(', ')}) threw ${String(err)}`);
        }
      }
    }
    // What the guest opened goes, so fd numbers stay small and the table as it was.
    for (const fd of table.fds()) if (fd > 3) table.close(fd);
  }
  t.ok(calls > 10_000, `${calls} calls`);
});

t.test('only the calls in wasixWaitingCalls ever wait', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'file.txt'), 'hello');
  const sink = openSync('/dev/null', 'w');
  const inner = createHost('node', { preopens: { '/s': dir }, stdout: sink, stderr: sink, network: { connect: true, listen: true, lookup: true } });
  t.teardown(() => {
    inner.close();
    closeSync(sink);
  });
  const host = new AsyncHost(inner, { stdin: new FedInput() }).host;
  const table = new ResourceTable();
  const ctx = new Context(host, table, ['prog'], [], {}, networkGrants({ connect: true, listen: true, lookup: true }));
  table.add(new StreamEntry(host['wasi:cli/stdin'].getStdin(), undefined));
  table.add(new StreamEntry(undefined, host['wasi:cli/stdout'].getStdout()));
  table.add(new StreamEntry(undefined, host['wasi:cli/stderr'].getStderr()));
  const [[root, guest]] = host['wasi:filesystem/preopens'].getDirectories();
  table.add(new DirectoryEntry(root!, guest));
  table.add(new FileEntry(root!.openAt({ symlinkFollow: false }, 'file.txt', {}, { read: true, write: true }), 4));
  table.add(new TcpEntry(openListener(ctx, { listen: '127.0.0.1:0' }), undefined, undefined, 'listening'));
  ctx.suspendable = true;
  const mem = new WebAssembly.Memory({ initial: 1 });
  ctx.memory.attach(mem);
  const view = new DataView(mem.buffer);
  for (let at = 0; at < 8192; at += 8) {
    view.setUint32(at, 16384 + at, true);
    view.setUint32(at + 4, 16, true);
  }
  const snapshot = new Uint8Array(mem.buffer).slice();
  const imports = createWasixImports(ctx) as unknown as Record<WasixName, (...a: unknown[]) => number>;
  const gen = values(7);
  const waited = new Set<WasixName>();
  for (const name of wasixNames) {
    if (ENDS.has(name) || name === 'fd_close' || name === 'fd_renumber') continue;
    const sig = wasixSignatureOf(name, -1);
    if (sig === undefined) continue;
    for (let round = 0; round < 200; round++) {
      new Uint8Array(mem.buffer).set(snapshot);
      const args = sig.flatMap(([, kind]) => (kind === 'fd' ? [gen.next().value % 7] : argument(kind, gen.next().value % 1024 * 8)));
      try {
        imports[name](...args);
      } catch (err) {
        if (!(err instanceof Suspension)) {
          t.fail(`${name}(${args.join(', ')}) threw ${String(err)}`);
          continue;
        }
        void settled(err);
        if (!wasixWaitingCalls.has(name)) t.fail(`${name} would suspend (${err.kind}): add it to wasixWaitsOf`);
        waited.add(name);
      }
    }
  }
  t.ok(waited.has('fd_read') && waited.has('thread_sleep'), `these waited: ${[...waited].sort().join(', ')}`);
});

t.test('getImportObject() gives wasix_32v1 beside wasi_snapshot_preview1, on one table', async (t) => {
  const wasi = new WASI({ version: 'preview1', host: 'memory' });
  const imports = wasi.getImportObject();
  t.same(Object.keys(imports).sort(), ['wasi_snapshot_preview1', 'wasix_32v1']);
  t.same(Object.keys(imports.wasix_32v1).sort(), [...wasixNames].sort());
  t.equal(imports.wasix_32v1, wasi.wasixImport);
  // Every name Wasmer's runtime exports in wasix_32v1 that modules of today import is there.
  for (const name of ['fd_dup', 'fd_dup2', 'fd_pipe', 'fd_event', 'fd_fdflags_get', 'fd_fdflags_set', 'path_open2',
    'getcwd', 'chdir', 'tty_get', 'tty_set', 'sock_open', 'sock_bind', 'sock_listen', 'sock_accept_v2', 'sock_connect',
    'sock_recv_from', 'sock_send_to', 'sock_addr_local', 'sock_addr_peer', 'sock_status', 'sock_set_opt_flag',
    'sock_get_opt_size', 'resolve', 'sock_send_file', 'thread_spawn_v2', 'futex_wait', 'proc_id', 'proc_parent',
    'callback_signal', 'epoll_wait', 'proc_fork', 'stack_checkpoint']) {
    t.type(imports.wasix_32v1[name as WasixName], 'function', name);
  }
  t.equal(Errno.NOTCAPABLE + 1, WasixErrno.SHUTDOWN, 'WASIX numbers its errnos on from preview1\'s');
});

t.test('the README lists every name 0.2 cannot serve, with its errno and reason', async (t) => {
  const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');
  for (const [name, [errno, why]] of Object.entries(unsupported)) {
    const row = readme.split('\n').find((line) => line.includes(`\`${name}\``) && line.includes(`| \`E${errno}\` |`));
    t.ok(row?.includes(why), `${name}: E${errno}, ${why}`);
  }
});

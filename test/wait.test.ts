// Only the calls in adapter/index.ts's waitingCalls become JSPI imports, so
// no other call may ever let a suspension out. Over a host whose every wait
// answers with a promise, each call gets arguments of the right kind (fds of
// every kind: stdio, a directory, a file, a TCP listener; pointers to valid
// iovecs; small lengths and flags): the calls outside the list must answer at
// once, and the test proves it can tell by finding that the listed ones wait.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { Errno, functionNames, signatures, type Signature } from '../adapter/abi.js';
import { Context, createImports, waitingCalls, type ImportName } from '../adapter/index.js';
import { DirectoryEntry, FileEntry, StreamEntry, TcpEntry } from '../adapter/entries.js';
import { ResourceTable } from '../adapter/table.js';
import { settled, Suspension } from '../adapter/wait.js';
import { signatureOf, wasmedgeFunctionNames, wasmedgeV1Signatures } from '../adapter/wasmedge-abi.js';
import { networkGrants } from '../src/grants.js';
import { createHost } from '../src/hosts/index.js';
import { openListener } from '../src/listeners.js';
import { AsyncHost, FedInput, tempDir } from './worker-support.js';

/** Deterministic small values of each kind of parameter. */
function* values(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    yield x >>> 12;
  }
}

function argument(kind: string, r: number): unknown[] {
  switch (kind) {
    case 'fd': return [r % 7];
    case 'path': return r % 2 ? [100, 8] : [100, 1];
    case 'ptr': case 'out:fd': case 'out:u32': case 'out:u64': case 'out:size': return [(r % 1024) * 8];
    case 'len': return [r % 4];
    case 'u64': case 'i64': case 'rights': return [BigInt(r % 3)];
    default: return [r % 4];
  }
}

function shapes(name: ImportName): Signature[] {
  const standard = (signatures as Partial<Record<ImportName, Signature>>)[name];
  const v1 = (wasmedgeV1Signatures as Partial<Record<string, Signature>>)[name];
  const current = signatureOf(name, -1, standard);
  return [current, v1].filter((s): s is Signature => s !== undefined);
}

t.test('only the calls in waitingCalls ever wait', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'file.txt'), 'hello');
  // The guest writes memory to stdout and stderr: not into tap's output.
  const sink = openSync('/dev/null', 'w');
  const inner = createHost('node', { preopens: { '/s': dir }, stdout: sink, stderr: sink, network: { connect: true, listen: true, lookup: true } });
  t.teardown(() => {
    inner.close();
    closeSync(sink);
  });
  const async = new AsyncHost(inner, { stdin: new FedInput() });
  const host = async.host;
  const table = new ResourceTable();
  const ctx = new Context(host, table, ['prog'], ['A=1'], {}, networkGrants({ connect: true, listen: true, lookup: true }));
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
  // Every 8-aligned pointer below 8 KiB starts a list of iovecs of 16 bytes each, so reads and writes move data.
  for (let at = 0; at < 8192; at += 8) {
    view.setUint32(at, 16384 + at, true);
    view.setUint32(at + 4, 16, true);
  }
  new Uint8Array(mem.buffer).set(new TextEncoder().encode('file.txt'), 100);
  const snapshot = new Uint8Array(mem.buffer).slice();
  const imports = createImports(ctx) as unknown as Record<ImportName, (...a: unknown[]) => number>;
  const gen = values(7);
  const waited = new Set<ImportName>();
  for (const name of [...functionNames, ...wasmedgeFunctionNames]) {
    if (name === 'proc_exit' || name === 'fd_close' || name === 'fd_renumber') continue;
    for (const sig of shapes(name)) {
      for (let round = 0; round < 300; round++) {
        new Uint8Array(mem.buffer).set(snapshot);
        const args = sig.flatMap(([, kind]) => argument(kind, gen.next().value));
        try {
          const r = imports[name](...args);
          if (!Number.isInteger(r) || r < 0 || (r > Errno.NOTCAPABLE && name !== 'sock_getaddrinfo')) {
            t.fail(`${name}(${args.join(', ')}) returned ${r}`);
          }
        } catch (err) {
          if (!(err instanceof Suspension)) {
            t.fail(`${name}(${args.join(', ')}) threw ${String(err)}`);
            continue;
          }
          // Settled and its pollables dropped, as the JSPI wrapper would; nothing re-runs the call.
          void settled(err);
          if (!waitingCalls.has(name)) t.fail(`${name}(${args.join(', ')}) would suspend (${err.kind}): add it to waitingCalls`);
          waited.add(name);
        }
      }
    }
  }
  t.same([...waited].sort(), ['fd_read', 'fd_write', 'sock_accept'],
    'the listed calls this table can make wait did wait: the test can tell');
});

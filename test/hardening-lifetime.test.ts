// Host fds come back however a module ends: a return, proc_exit, a trap, an
// import throwing, many instances one after another, and instances dropped
// without ending (reactors, threaded modules, never started) once collected.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { childEnv } from './support.js';
import { openFds, openingModule } from './lifetime-support.js';
import { createHost, systemHostNames, ResourceTable, WASI, type HostName } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name: string) => new WebAssembly.Module(readFileSync(join(root, 'test', 'fixtures', name)));
const lifetime = fixture('lifetime.wasm');
const throwing = fixture('throwing.wasm');
const dir = mkdtempSync(join(tmpdir(), 'p1-lifetime-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** Within 2 of the baseline, as the held-out check allows (a worker may come or go). */
const SLACK = 2;

function run(host: HostName, module: WebAssembly.Module, args: string[], imports: WebAssembly.Imports = {}): number {
  const wasi = new WASI({ version: 'preview1', args: ['lifetime.wasm', ...args], preopens: { '/': dir }, host });
  return wasi.start(new WebAssembly.Instance(module, { ...imports, ...wasi.getImportObject() } as WebAssembly.Imports));
}

for (const host of systemHostNames) {
  t.test(`${host}: the fds come back to the baseline however the module ends`, async (t) => {
    run(host, lifetime, ['cycle', '1']); // loads whatever the host keeps for the process (preview2-shim's worker)
    const baseline = openFds();
    const near = (what: string) => t.ok(openFds() <= baseline + SLACK, `${what}: ${openFds()} fds open, baseline ${baseline}`);

    t.equal(run(host, lifetime, ['cycle', '10000']), 0);
    near('10,000 open/close cycles');
    t.equal(run(host, lifetime, ['hold', '10000', 'exit']), 3);
    near('10,000 opens, then proc_exit');
    t.throws(() => run(host, lifetime, ['hold', '10000', 'trap']), WebAssembly.RuntimeError);
    near('10,000 opens, then a trap');
    const fail = () => { throw new Error('the embedder\'s import failed'); };
    t.throws(() => run(host, throwing, ['10000'], { env: { fail } }), { message: 'the embedder\'s import failed' });
    near('10,000 opens, then an import throwing');
    for (let i = 0; i < 200; i++) run(host, lifetime, ['hold', '5', 'return']);
    near('200 instances, each started and finished');
  });

  t.test(`${host}: instances dropped without ending give their fds back when collected`, async (t) => {
    const r = spawnSync(process.execPath, ['--expose-gc', join(root, 'dist', 'test', 'lifetime-child.js'), host],
      { encoding: 'utf8', env: childEnv, timeout: 120_000 });
    t.equal(r.status, 0, r.stderr);
    const { baseline, held, after } = JSON.parse(r.stdout) as Record<string, number>;
    t.ok(held >= baseline + 400, `600 instances held ${held - baseline} fds before collection`);
    t.ok(after <= baseline + SLACK, `after collection: ${after} fds, baseline ${baseline}`);
  });
}

t.test('a threaded module\'s _start returning ends nothing; proc_exit or a trap would', async (t) => {
  const wasi = new WASI({ version: 'preview1', preopens: { '/': dir } });
  t.equal(wasi.start(new WebAssembly.Instance(openingModule('_start', true), wasi.getImportObject() as WebAssembly.Imports)), 0);
  t.same(wasi.table.fds(), [0, 1, 2, 3, 4], 'the fd it opened is still there for its other threads');
  const plain = new WASI({ version: 'preview1', preopens: { '/': dir } });
  plain.start(new WebAssembly.Instance(openingModule('_start', false), plain.getImportObject() as WebAssembly.Imports));
  t.same(plain.table.fds(), [], 'without a shared memory, returning ends the module');
});

t.test('a reactor lives on after initialize()', async (t) => {
  const wasi = new WASI({ version: 'preview1', preopens: { '/': dir } });
  wasi.initialize(new WebAssembly.Instance(openingModule('_initialize', false), wasi.getImportObject() as WebAssembly.Imports));
  t.same(wasi.table.fds(), [0, 1, 2, 3, 4]);
});

t.test('a table or a host the embedder passed is the embedder\'s to release', async (t) => {
  const table = new ResourceTable();
  const host = createHost('node', { preopens: { '/': dir } });
  const wasi = new WASI({ version: 'preview1', table, host });
  t.equal(wasi.start(new WebAssembly.Instance(openingModule('_start', false), wasi.getImportObject() as WebAssembly.Imports)), 0);
  t.same(table.fds(), [0, 1, 2, 3, 4], 'the shared table keeps its fds');
  const before = openFds();
  table.closeAll();
  t.equal(openFds(), before - 2, 'closing the table closes the preopen and the opened directory');
  host.close();
  t.equal(openFds(), before - 3, 'close() closes the directory the host held for its preopen');
  host.close();
  t.pass('a second close() does nothing');
  t.throws(() => host['wasi:filesystem/preopens'].getDirectories(), /closed/, 'a closed host opens nothing more');
});

for (const host of systemHostNames) {
  t.test(`${host}: a preopen that is missing or a file throws at construction, in the same words`, async (t) => {
    const missing = join(dir, 'missing');
    t.throws(() => new WASI({ version: 'preview1', preopens: { '/m': missing }, host }),
      { message: `preopen /m: host directory ${missing} does not exist`, code: 'ENOENT' });
    const file = join(root, 'package.json');
    t.throws(() => new WASI({ version: 'preview1', preopens: { '/f': file }, host }),
      { message: `preopen /f: host directory ${file} is not a directory`, code: 'ENOTDIR' });
    const before = openFds();
    t.throws(() => new WASI({ version: 'preview1', preopens: { '/ok': dir, '/m': missing }, host }), { code: 'ENOENT' });
    t.equal(openFds(), before, 'the preopens opened before the missing one are closed again');
  });
}

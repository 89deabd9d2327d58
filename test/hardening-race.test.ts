// The node host's sandbox holds against a tree that changes during the run:
// while another process flips a directory inside the preopen with a symlink
// to one outside, no open or stat through it reaches the outside file.
// (preview2-shim's host does not hold; the README gives its measured rate.)
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { childEnv } from './support.js';
import { WASI } from '../src/index.js';
import { RACE_NOTICE } from '../src/hosts/preview2-shim.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

t.test('node host: no open or stat escapes through a directory swapped for a symlink', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'p1-race-'));
  t.teardown(() => rmSync(base, { recursive: true, force: true }));
  const pre = join(base, 'pre');
  const outside = join(base, 'outside');
  mkdirSync(join(pre, 'd'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(pre, 'd', 'file'), 'inside');
  writeFileSync(join(outside, 'file'), 'outside');
  symlinkSync(outside, join(pre, 'd.link'));

  const swapper = spawn(process.execPath, [join(root, 'dist', 'test', 'race-swapper.js'), pre], { env: childEnv, stdio: ['pipe', 'pipe', 'inherit'] });
  t.teardown(() => swapper.kill());
  let said = '';
  swapper.stdout.setEncoding('utf8').on('data', (d: string) => { said += d; });
  while (!said.includes('ready\n')) await once(swapper.stdout, 'data');

  const out = join(base, 'stdout');
  const fd = openSync(out, 'w');
  const module = new WebAssembly.Module(readFileSync(join(root, 'test', 'fixtures', 'lifetime.wasm')));
  const wasi = new WASI({ version: 'preview1', args: ['lifetime.wasm', 'race', '5000'], preopens: { '/': pre }, stdout: fd, host: 'node' });
  const code = wasi.start(new WebAssembly.Instance(module, wasi.getImportObject() as WebAssembly.Imports));
  closeSync(fd);
  swapper.stdin.end();
  await once(swapper, 'close');

  t.equal(code, 0);
  t.equal(readFileSync(out, 'utf8'), '0\n', 'none of 10,000 opens and stats saw the outside file');
  const flips = Number(said.split('\n')[1]);
  t.ok(flips > 100, `the directory was swapped ${flips} times meanwhile`);
});

t.test('preview2-shim host: says at construction, under trace, that it is no sandbox against such a race', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'p1-race-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const lines: string[] = [];
  new WASI({ version: 'preview1', preopens: { '/': dir }, host: 'preview2-shim', trace: (line) => lines.push(line) });
  t.same(lines, [RACE_NOTICE]);
  lines.length = 0;
  new WASI({ version: 'preview1', preopens: { '/': dir }, host: 'node', trace: (line) => lines.push(line) });
  t.same(lines, [], 'the node host holds, and says nothing');
});

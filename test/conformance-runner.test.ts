/**
 * The conformance runner itself: a malformed spec is refused, a wrong
 * output is reported with its reason, and the after-tree check notices
 * missing, extra and changed files. Runs a committed module on node:wasi,
 * so it needs neither a C toolchain nor the adapter.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { defaultWasmDir } from '../conformance/build.js';
import { NODE_WASI, runOne, type Program } from '../conformance/run.js';
import { Peer } from '../conformance/peer.js';
import { parseSpec, SpecError } from '../conformance/spec.js';
import { checkTree, populateTree } from '../conformance/tree.js';

t.test('the spec loader fills defaults and refuses malformed specs', async (t) => {
  const spec = parseSpec({ description: 'ok', preopens: { '/s': { 'a.txt': 'x', 'd/': {} } } });
  t.same(spec.args, []);
  t.same(spec.env, {});
  t.equal(spec.exit, 0);
  t.equal(spec.timeoutMs, 10_000);
  t.equal(spec.stdout, undefined);

  const bad: [string, unknown][] = [
    ['not an object', []],
    ['no description', { exit: 0 }],
    ['unknown key (a typo)', { description: 'x', stdot: 'hi' }],
    ['args not strings', { description: 'x', args: [1] }],
    ['exit out of range', { description: 'x', exit: 256 }],
    ['relative guest path', { description: 'x', preopens: { sandbox: {} } }],
    ['directory without trailing slash', { description: 'x', preopens: { '/s': { d: {} } } }],
    ['escaping tree path', { description: 'x', preopens: { '/s': { '../x': 'y' } } }],
    ['null outside after', { description: 'x', preopens: { '/s': { gone: null } } }],
    ['after names no preopen', { description: 'x', preopens: { '/s': {} }, after: { '/t': {} } }],
  ];
  for (const [why, raw] of bad) t.throws(() => parseSpec(raw), SpecError, why);
});

t.test('socket specs: listeners must be loopback port 0, and peer steps name real connections', async (t) => {
  const spec = parseSpec({
    description: 'ok', sockets: [{ listen: '127.0.0.1:0' }, { listen: '[::1]:0' }],
    peer: [{ connect: 1 }, { send: 'hi', conn: 0 }, { expect: 'HI', conn: 0, timeoutMs: 100 }, { end: 0 }, { expectEnd: 0 }, { close: 0 }],
  });
  t.same(spec.sockets, [{ listen: '127.0.0.1:0' }, { listen: '[::1]:0' }]);
  t.same(spec.peer?.map((s) => s.op), ['connect', 'send', 'expect', 'end', 'expectEnd', 'close']);
  const bad: [string, unknown][] = [
    ['a fixed port', { description: 'x', sockets: [{ listen: '127.0.0.1:8080' }] }],
    ['not loopback', { description: 'x', sockets: [{ listen: '0.0.0.0:0' }] }],
    ['a peer with no listeners', { description: 'x', peer: [{ connect: 0 }] }],
    ['a listener that does not exist', { description: 'x', sockets: [{ listen: '127.0.0.1:0' }], peer: [{ connect: 1 }] }],
    ['a connection never made', { description: 'x', sockets: [{ listen: '127.0.0.1:0' }], peer: [{ send: 'a', conn: 0 }] }],
    ['a connection already closed', { description: 'x', sockets: [{ listen: '127.0.0.1:0' }], peer: [{ connect: 0 }, { close: 0 }, { send: 'a', conn: 0 }] }],
    ['two actions in one step', { description: 'x', sockets: [{ listen: '127.0.0.1:0' }], peer: [{ connect: 0, pause: 5 }] }],
    ['an unknown action', { description: 'x', sockets: [{ listen: '127.0.0.1:0' }], peer: [{ shout: 0 }] }],
    ['a pause too long', { description: 'x', sockets: [{ listen: '127.0.0.1:0' }], peer: [{ pause: 60000 }] }],
  ];
  for (const [why, raw] of bad) t.throws(() => parseSpec(raw), SpecError, why);
});

t.test('the peer plays its script against a real server and reports the step that failed, by itself, in time', async (t) => {
  const server = createServer({ allowHalfOpen: true }, (s) => {
    s.on('data', (d: Buffer) => s.write(d.toString().toUpperCase()));
    s.on('end', () => s.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as { port: number }).port}`;
  const good = new Peer(parseSpec({
    description: 'x', sockets: [{ listen: '127.0.0.1:0' }],
    peer: [{ connect: 0 }, { send: 'hi', conn: 0 }, { expect: 'HI', conn: 0 }, { end: 0 }, { expectEnd: 0 }, { close: 0 }],
  }).peer!, [address]);
  t.equal(await good.run(), undefined, 'every step passes');
  const script = (peer: unknown[]) => parseSpec({ description: 'x', sockets: [{ listen: '127.0.0.1:0' }], peer }).peer!;
  const wrong = new Peer(script([{ connect: 0 }, { send: 'hi', conn: 0 }, { expect: 'hi', conn: 0 }]), [address]);
  t.equal(await wrong.run(), 'step 2 (expect "hi" on 0): received "HI", expected "hi"', 'other bytes fail the step at once, and name it');
  wrong.stop();
  const silent = new Peer(script([{ connect: 0 }, { expect: 'x', conn: 0, timeoutMs: 300 }]), [address]);
  t.match(await silent.run(), /^step 1 \(expect "x" on 0\): timed out after 300 ms/, 'a step waits no longer than its timeout');
  silent.stop();
  await new Promise((resolve) => server.close(resolve));
});

t.test('a program whose stdout differs fails with the reason', async (t) => {
  const program: Program = {
    name: 'file_read_write',
    wasm: join(defaultWasmDir, 'file_read_write.wasm'),
    spec: parseSpec({
      description: 'wrong stdout on purpose',
      preopens: { '/sandbox': {} },
      stdout: 'something\n',
    }),
  };
  const result = await runOne(program, NODE_WASI);
  t.equal(result.ok, false);
  t.match(result.reasons.join('\n'), /stdout differs at line 1: got "", expected "something"/);
});

t.test('a program that fails reports its exit code and its FAIL message', async (t) => {
  // Without the /sandbox preopen the program cannot find its directory and exits 1.
  const program: Program = {
    name: 'file_read_write',
    wasm: join(defaultWasmDir, 'file_read_write.wasm'),
    spec: parseSpec({ description: 'missing preopen on purpose' }),
  };
  const result = await runOne(program, NODE_WASI);
  t.equal(result.ok, false);
  t.match(result.reasons[0], /^exit 1, expected exit 0\nstderr: FAIL .*no preopen named \/sandbox/);
});

t.test('a passing program passes, its after tree included', async (t) => {
  const program: Program = {
    name: 'file_read_write',
    wasm: join(defaultWasmDir, 'file_read_write.wasm'),
    spec: parseSpec({
      description: 'as committed',
      preopens: { '/sandbox': {} },
      stdout: '',
      after: { '/sandbox': { 'new.txt': 'Jello world\n' } },
    }),
  };
  const result = await runOne(program, NODE_WASI);
  t.same(result.reasons, []);
  t.equal(result.ok, true);
});

t.test('the after-tree check catches missing, extra and changed entries', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'p1conf-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const tree = { 'a.txt': 'A', 'sub/b.txt': 'B', 'empty/': {}, link: { symlink: 'a.txt' } };
  populateTree(dir, tree);
  t.same(checkTree(dir, tree), []);

  unlinkSync(join(dir, 'sub/b.txt'));
  writeFileSync(join(dir, 'extra.txt'), 'surprise');
  writeFileSync(join(dir, 'a.txt'), 'changed');
  t.same(checkTree(dir, { ...tree, 'gone.txt': null }).sort(), [
    'a.txt: content "changed", expected "A"',
    'extra.txt: unexpected file',
    'sub/b.txt: missing, expected a file',
  ]);
  t.same(checkTree(dir, { 'a.txt': 'changed', 'sub/': {}, 'empty/': {}, link: { symlink: 'b.txt' }, 'extra.txt': null }), [
    'link: symlink to "a.txt", expected to "b.txt"',
    'extra.txt: exists (a file), expected it not to',
  ]);
});

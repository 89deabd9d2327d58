// p1run as a user runs it: a child process, its stdout, stderr and exit code.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { childEnv } from './support.js';
import { systemHostNames } from '../src/index.js';
import { describeFailure, EXCEPTION_EXIT, TRAP_EXIT } from '../src/cli-failure.js';
import { runtime } from '../src/runtime.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const examples = join(root, 'examples');
const hello = join(examples, 'hello.wasm');
const probe = join(root, 'test', 'fixtures', 'probe.wasm');
const lifetime = join(root, 'test', 'fixtures', 'lifetime.wasm');

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs p1run as a child process; independent runs in one test go concurrently. */
function p1run(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: childEnv, timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A usage error: exit code 2 and exactly one line, starting p1run:, on stderr. */
function usageError(t: Test, r: Run, pattern: RegExp) {
  t.equal(r.code, 2, 'exit code 2');
  t.equal(r.stdout, '', 'nothing on stdout');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  t.equal(lines.length, 1, `one line on stderr: ${JSON.stringify(r.stderr)}`);
  t.match(lines[0], /^p1run: /);
  t.match(lines[0], pattern);
}

t.test('hello.wasm with --dir runs and prints its greeting', async (t) => {
  const r = await p1run('--dir', `${examples}::/`, hello, 'x');
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^Hello from a preview1 module running on WASI 0\.2 \(1 argument\)\n/);
  t.match(r.stdout, /\/greeting\.txt says: Greetings, traveller\.\n/);
  t.match(r.stdout, /\/ holds \d+ entries\n/);
});

t.test('the exit code is the module\'s', async (t) => {
  const [e42, e0, e3, ret1] = await Promise.all([
    p1run(probe, 'exit', '42'), p1run(probe, 'exit', '0'), p1run(probe, 'exit', '3'),
    p1run(probe, 'cat', '/nowhere'),
  ]);
  t.equal(e42.code, 42);
  t.equal(e0.code, 0);
  t.equal(e3.code, 3);
  t.equal(ret1.code, 1, 'returning 1 from main is an exit too');
});

t.test('a missing module is a usage error', async (t) => {
  usageError(t, await p1run(join(root, 'test', 'fixtures', 'no-such-module.wasm')), /no-such-module\.wasm/);
});

t.test('bytes that are not WebAssembly are a usage error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'p1-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bad = join(dir, 'bad.wasm');
  writeFileSync(bad, 'this is not wasm\n');
  const truncated = join(dir, 'truncated.wasm');
  writeFileSync(truncated, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1]));
  const [r1, r2] = await Promise.all([p1run(bad), p1run(truncated)]);
  usageError(t, r1, /bad\.wasm/);
  usageError(t, r2, /truncated\.wasm/);
});

t.test('an unknown flag is a usage error', async (t) => {
  const [flag, host, env, none] = await Promise.all([
    p1run('--no-such-flag', probe, 'args'), p1run('--host', 'no-such-host', probe, 'args'),
    p1run('--env', 'NOEQUALS', probe, 'args'), p1run(),
  ]);
  usageError(t, flag, /--no-such-flag/);
  usageError(t, host, /no-such-host/);
  usageError(t, env, /NOEQUALS/);
  usageError(t, none, /module/);
});

t.test('--dir of a missing directory is a usage error', async (t) => {
  const missing = join(tmpdir(), 'p1-cli-missing-dir-that-does-not-exist');
  const [mapped, plain] = await Promise.all([
    p1run('--dir', `${missing}::/data`, probe, 'args'), p1run('--dir', missing, probe, 'args'),
  ]);
  usageError(t, mapped, /p1-cli-missing-dir-that-does-not-exist/);
  usageError(t, plain, /p1-cli-missing-dir-that-does-not-exist/);
});

t.test('--tcplisten with a bad address, or one in use, is a usage error', async (t) => {
  const [noPort, name] = await Promise.all([
    p1run('--tcplisten', '127.0.0.1', hello), p1run('--tcplisten', 'localhost:8080', hello),
  ]);
  usageError(t, noPort, /--tcplisten "127\.0\.0\.1" is not HOST:PORT/);
  usageError(t, name, /numeric IPv4 address/);
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  usageError(t, await p1run('--tcplisten', `127.0.0.1:${port}`, hello), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: address-in-use`));
  await new Promise((resolve) => blocker.close(resolve));
});

t.test('--allow-net: a bad rule is a usage error; bare, it takes no value; --help documents the rules', async (t) => {
  const [host, port, bare, help] = await Promise.all([
    p1run('--allow-net=connect:localhost:80', hello), p1run('--allow-net=127.0.0.1:http', hello),
    p1run('--allow-net', hello), p1run('--help'),
  ]);
  usageError(t, host, /--allow-net "localhost:80": the host must be \*/);
  usageError(t, port, /--allow-net "127\.0\.0\.1:http": the port must be/);
  t.match(bare.stdout, /^Hello from a preview1 module/, 'the word after a bare --allow-net is the module');
  t.match(help.stdout, /--allow-net=RULE,\.\.\./);
  t.match(help.stdout, /connect:HOST:PORT/);
  t.match(help.stdout, /Anything not granted is EACCES/);
});

t.test('--env reaches getenv, and only what was given', async (t) => {
  const [r, empty, equals, path] = await Promise.all([
    p1run('--env', 'GREETING=hi there', '--env', 'EMPTY=', probe, 'env', 'GREETING'),
    p1run('--env', 'EMPTY=', probe, 'env', 'EMPTY'),
    p1run('--env=WITH=equals=signs', probe, 'env', 'WITH'),
    p1run(probe, 'env', 'PATH'),
  ]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'GREETING=hi there\n');
  t.equal(empty.stdout, 'EMPTY=\n');
  t.equal(equals.stdout, 'WITH=equals=signs\n');
  t.equal(path.stdout, 'PATH unset\n', 'the embedding process\'s environment does not leak in');
});

t.test('args reach the module, argv[0] first, on every host', async (t) => {
  const runs = await Promise.all(systemHostNames.map((host) =>
    p1run('--host', host, probe, 'args', 'two words', '--not-a-flag', 'ünïcödé', '')));
  systemHostNames.forEach((host, i) => {
    t.equal(runs[i]!.code, 0, `${host}: ${runs[i]!.stderr}`);
    t.equal(runs[i]!.stdout, '[0]=probe.wasm\n[1]=args\n[2]=two words\n[3]=--not-a-flag\n[4]=ünïcödé\n[5]=\n', `host ${host}`);
  });
});

t.test('--dir HOST::GUEST maps the guest path, on every host', async (t) => {
  const runs = await Promise.all(systemHostNames.map((host) =>
    p1run('--host', host, '--dir', `${examples}::/data`, probe, 'cat', '/data/greeting.txt')));
  systemHostNames.forEach((host, i) => {
    t.equal(runs[i]!.code, 0, `${host}: ${runs[i]!.stderr}`);
    t.equal(runs[i]!.stdout, 'Greetings, traveller.\n', `host ${host}`);
  });
});

t.test('--trace prints each call with decoded arguments, results and errno names', async (t) => {
  const [ok, fail, bad] = await Promise.all([
    p1run('--trace', '--dir', `${examples}::/data`, probe, 'cat', '/data/greeting.txt'),
    p1run('--trace', '--dir', `${examples}::/data`, probe, 'cat', '/data/nope.txt'),
    p1run('--trace', probe, 'write', '9', 'x'),
  ]);
  t.equal(ok.code, 0);
  t.equal(ok.stdout, 'Greetings, traveller.\n', 'the trace stays off stdout');
  t.match(ok.stderr, /^path_open\(3, dirflags=SYMLINK_FOLLOW, "greeting\.txt", oflags=0, rights_base=0x[0-9a-f]+, rights_inheriting=0x[0-9a-f]+, fdflags=0\) = 0 \(fd 4\)$/m);
  t.match(ok.stderr, /^fd_prestat_dir_name\(3, .*\) = 0$/m);
  t.match(ok.stderr, /^fd_prestat_get\(4, .*\) = BADF$/m, 'the end of the preopens is EBADF, by name');
  t.match(ok.stderr, /^fd_read\(4, iovs=0x[0-9a-f]+, \d+\) = 0 \(22\)$/m, 'byte counts come back decoded');

  t.equal(fail.code, 1);
  t.match(fail.stderr, /^path_open\(3, dirflags=SYMLINK_FOLLOW, "nope\.txt", .*\) = NOENT\b/m);
  t.match(fail.stdout, /^cat \/data\/nope\.txt: errno 44$/m, 'the guest saw ENOENT');
  t.match(fail.stderr, /^proc_exit\(1\)/m, 'a non-zero return from main is a proc_exit');

  t.equal(bad.code, 1);
  t.match(bad.stderr, /^fd_write\(9, .*\) = BADF$/m);
});

// ---- hand-assembled modules that trap, for what a stripped C program cannot show ----

/** JavaScriptCore (Bun) tells no byte offsets of wasm frames: p1run shows `?` in their place. */
const offset = (known: string) => (runtime === 'bun' ? '?' : known).padStart(8);
const OFFSET = runtime === 'bun' ? '\\?' : '0x[0-9a-f]+';
const str = (s: string) => [s.length, ...Buffer.from(s)];
const section = (id: number, body: number[]) => [id, body.length, ...body];

/**
 * `_start` (named start_impl) calls sched_yield, then `inner_fn`, which runs
 * `body`: `unreachable`, or a call to itself without end.
 */
function trapping(dir: string, body: 'unreachable' | 'recurse'): string {
  const types = section(1, [2, 0x60, 0, 1, 0x7f, 0x60, 0, 0]);
  const imports = section(2, [1, ...str('wasi_snapshot_preview1'), ...str('sched_yield'), 0, 0]);
  const funcs = section(3, [2, 1, 1]);
  const memory = section(5, [1, 0, 1]);
  const exports = section(7, [2, ...str('memory'), 2, 0, ...str('_start'), 0, 1]);
  const start = [0, 0x10, 0, 0x1a, 0x10, 2, 0x0b];
  const inner = body === 'unreachable' ? [0, 0x00, 0x0b] : [0, 0x10, 2, 0x0b];
  const code = section(10, [2, start.length, ...start, inner.length, ...inner]);
  const names = [2, 1, ...str('start_impl'), 2, ...str('inner_fn')];
  const name = section(0, [...str('name'), 1, names.length, ...names]);
  const file = join(dir, `${body}.wasm`);
  writeFileSync(file, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports, ...funcs, ...memory, ...exports, ...code, ...name]));
  return file;
}

t.test('a trap: one line with the trap\'s message, the wasm backtrace with names, exit 134', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'p1run-trap-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const r = await p1run('--trace', trapping(dir, 'unreachable'));
  t.equal(r.code, TRAP_EXIT);
  t.equal(TRAP_EXIT, 134, 'as wasmtime, above the small codes modules exit with');
  t.equal(r.stdout, '');
  t.equal(r.stderr, [
    'sched_yield() = 0',
    'p1run: wasm trap: unreachable',
    'wasm backtrace:',
    `    0: ${offset('0x66')} - inner_fn`,
    `    1: ${offset('0x61')} - start_impl`,
    '',
  ].join('\n'), 'the trace up to the trap, then the trap; no Node stack, no Node.js banner');

  const deep = await p1run(trapping(dir, 'recurse'));
  t.equal(deep.code, TRAP_EXIT);
  const lines = deep.stderr.split('\n');
  t.equal(lines[0], 'p1run: wasm trap: call stack exhausted');
  t.equal(lines[1], 'wasm backtrace:');
  t.match(lines[2], new RegExp(`^ {4}0: +${OFFSET} - inner_fn$`));
  t.notMatch(deep.stderr, /Node\.js|node:internal|RangeError/);
});

t.test('a trap in a module without a name section numbers its functions', async (t) => {
  const r = await p1run('--dir', `${examples}::/`, lifetime, 'hold', '3', 'trap');
  t.equal(r.code, TRAP_EXIT);
  const lines = r.stderr.split('\n');
  t.equal(lines[0], 'p1run: wasm trap: unreachable');
  t.equal(lines[1], 'wasm backtrace:');
  t.match(lines[2], new RegExp(`^ {4}0: +${OFFSET} - <wasm function \\d+>$`));
  t.notMatch(r.stderr, /Node\.js|node:internal|\.js:\d+/);
});

t.test('an exception that is not a trap has its own line, and exit 70', async (t) => {
  const err = new TypeError('the host broke');
  err.stack = 'TypeError: the host broke\n    at fd_write (file:///x/adapter/fd.js:1:1)\n    at wasm://wasm/0abc:wasm-function[7]:0x1f';
  const { lines, code } = describeFailure(err);
  t.equal(code, EXCEPTION_EXIT);
  t.same(lines, ['p1run: exception: TypeError: the host broke', 'wasm backtrace:', '    0:     0x1f - <wasm function 7>'],
    'only wasm frames: the JS ones are the adapter\'s');
  t.same(describeFailure('a string').lines, ['p1run: exception: string: a string']);
});

/**
 * p1run's stdout into `head -1`, which exits after one line while the module
 * keeps writing. p1run's exit status comes back in a file: Deno's and Bun's
 * spawnSync give a child no fds past stderr.
 */
function intoHead(t: Test, host: string): { status: string; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'p1run-pipe-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const statusFile = join(dir, 'status');
  const cmd = `"$0" "$@" | head -1; echo "\${PIPESTATUS[0]}" > "$P1RUN_STATUS"`;
  const r = spawnSync('bash', ['-c', cmd, process.execPath, cli, '--host', host, '--dir', `${examples}::/`, lifetime, 'flood'],
    { cwd: root, env: { ...childEnv, P1RUN_STATUS: statusFile }, encoding: 'utf8', timeout: 60_000 });
  return { status: existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() : '', stdout: r.stdout, stderr: r.stderr };
}

for (const host of systemHostNames) {
  t.test(`${host}: a write to a closed pipe is EPIPE to the module, which then ends as it chooses`, async (t) => {
    const r = intoHead(t, host);
    t.equal(r.stdout, 'y\n');
    t.equal(r.stderr, 'flood: errno 64\n', 'the module saw EPIPE (64) and said so; nothing else on stderr');
    t.equal(r.status, '3', 'p1run exits with the module\'s code');
  });
}

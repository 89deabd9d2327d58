// The tap subset that runs the test files under Deno and Bun (test/runtimes/):
// on each runtime, a file of assertions that must pass passes, and every
// assertion that must fail fails and is reported, so the runtimes' runs can
// fail. tap's own semantics are the reference: the same file runs under tap.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { testCommand } from './runtimes/launch.js';
import { childEnv } from './support.js';
import { runtime } from '../src/runtime.js';
import { launcher, runtimeNames } from '../tools/runtimes.js';

/** Each line after `//` names the assertion; the fixture keeps them one per line. */
const FIXTURE = `
import t from 'tap';
class Oops extends Error { code = 'E_OOPS'; }
const order = [];
t.test('passing', async (t) => {
  t.equal(1, 1); t.not(1, 2); t.ok(1); t.notOk(0); t.pass();
  t.same({ a: [1, { b: 2n }] }, { a: [1, { b: 2n }] });
  t.same(Buffer.from('ab'), new Uint8Array([97, 98]));
  t.match('hello world', /wor/); t.match({ code: 'X', extra: 1 }, { code: 'X' }); t.notMatch('abc', /z/);
  t.type('s', 'string'); t.type(new Oops(), Error); t.type(3, Number);
  t.throws(() => { throw new Oops('boom'); }, { code: 'E_OOPS', message: /bo/ });
  t.throws(() => { throw new Error('a numeric thing'); }, /numeric/);
  t.throws(() => { throw new Error('x'); }, 'a message only');
  t.doesNotThrow(() => 1);
  await t.rejects(Promise.reject(new Oops('late')), { code: 'E_OOPS', message: /la/ });
  await t.rejects(async () => { throw new Error('a numeric thing'); }, /numeric/);
  await t.rejects(Promise.reject(new Error('x')), 'a message only');
  t.teardown(() => order.push('teardown'));
  await t.test('nested', async (t) => { order.push('nested'); t.equal(order.length, 1); });
  t.test('not awaited', async (t) => { await new Promise((r) => setTimeout(r, 20)); order.push('late'); t.pass(); });
});
t.test('children and teardowns ran in order', async (t) => { t.same(order, ['nested', 'late', 'teardown']); });
t.test('skipped', { skip: 'on purpose' }, async (t) => { t.fail('a skipped test never runs'); });
t.test('failing', async (t) => {
  t.equal(1, '1'); // FAIL-1
  t.equal({}, {}); // FAIL-2
  t.not(1, 1); // FAIL-3
  t.same({ a: 1 }, { a: 2 }); // FAIL-4
  t.match('abc', /z/); // FAIL-5
  t.match({ code: 'X' }, { code: 'Y' }); // FAIL-6
  t.notMatch('abc', /b/); // FAIL-7
  t.ok(0); // FAIL-8
  t.notOk(1); // FAIL-9
  t.type('s', Number); // FAIL-10
  t.throws(() => 1); // FAIL-11
  t.throws(() => { throw new Error('x'); }, { code: 'E_OOPS' }); // FAIL-12
  t.doesNotThrow(() => { throw new Error('x'); }); // FAIL-13
  await t.rejects(Promise.resolve(1)); // FAIL-14
  await t.rejects(Promise.reject(new Error('x')), { code: 'E_OOPS' }); // FAIL-15
  t.fail('FAIL-16');
});
t.test('throwing', async () => { throw new Error('FAIL-17'); });
t.test('timing out', async (t) => { t.setTimeout(50); await new Promise((r) => setTimeout(r, 2000)); });
const hooks = [];
t.test('hooks', async (t) => {
  t.afterEach((child) => hooks.push(\`after \${child.name}\`));
  t.test('first', async () => { hooks.push('first'); });
  t.before(async () => { await new Promise((r) => setTimeout(r, 20)); hooks.push('before'); });
  t.test('second', async (t) => { hooks.push('second'); t.test('inner', async () => { hooks.push('inner'); }); });
});
t.test('hooks ran in order', async (t) => {
  t.same(hooks, ['first', 'after first', 'before', 'second', 'inner', 'after inner', 'after second']);
});
`;
/** The 16 failing assertions, the throw, the timeout, and the three tests that hold them. */
const EXPECTED_FAILURES = 21;
/** Fixtures live under dist/test, where `tap` resolves for the run under tap itself. */
const HERE = fileURLToPath(new URL('.', import.meta.url));

function fixture(t: Test): string {
  const dir = mkdtempSync(join(HERE, 'tap-fixture-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'fixture.test.mjs');
  writeFileSync(file, FIXTURE);
  return file;
}

t.test('the subset passes what passes and reports every failure, on every runtime', async (t) => {
  const file = fixture(t);
  const dir = dirname(file);
  for (const runtime of runtimeNames) {
    const run = launcher(runtime);
    if (run === undefined) { t.fail(`${runtime} is not installed`); continue; }
    const [command, ...args] = testCommand(runtime, run, dir);
    const r = spawnSync(command!, [...args, file], { encoding: 'utf8', env: childEnv, timeout: 60_000 });
    const out = r.stdout + r.stderr;
    t.equal(r.status, 1, `${runtime}: the file fails`);
    t.match(out, /^ok 1 - passing \(\d+ assertions\)$/m, `${runtime}: every passing assertion passes`);
    t.match(out, /^ok 2 - children and teardowns ran in order/m, `${runtime}: subtests in order, teardown last`);
    t.match(out, /^ok 3 - skipped # SKIP on purpose$/m, `${runtime}: a skipped test is reported, not run`);
    t.match(out, /^not ok 4 - failing \(16 assertions\)$/m, `${runtime}: the failing test fails`);
    t.match(out, /^not ok 5 - throwing/m, `${runtime}: a throw fails its test`);
    t.match(out, /timeout after 50 ms/, `${runtime}: setTimeout bounds a test`);
    const failures = out.split('\n').filter((l) => /^\s*not ok/.test(l));
    t.equal(failures.length, EXPECTED_FAILURES, `${runtime}: one report per failure:\n${failures.join('\n')}`);
    t.match(out, /^not ok 6 - timing out/m, `${runtime}: the test that ran out of time fails`);
    t.match(out, /^ok 8 - hooks ran in order/m, `${runtime}: before and afterEach hooks in tap's order`);
    t.match(out, /^# 8 tests, 3 failed$/m, `${runtime}: the summary`);
  }
});

t.test('the same fixture under tap fails the same assertions', { skip: runtime !== 'node' && 'tap itself runs only under Node' }, async (t) => {
  const r = spawnSync(process.execPath, [fixture(t)], { encoding: 'utf8', env: childEnv, timeout: 60_000 });
  // tap's own TAP output: its top-level test results, in the same order.
  t.match(r.stdout, /^ok 1 - passing/m);
  t.match(r.stdout, /^ok 2 - children and teardowns ran in order/m);
  t.match(r.stdout, /^ok 3 - skipped # SKIP/m);
  t.match(r.stdout, /^not ok 4 - failing/m);
  t.match(r.stdout, /^not ok 5 - throwing/m);
  t.match(r.stdout, /^not ok 6 - timing out/m);
  t.match(r.stdout, /^ok 8 - hooks ran in order/m);
  const failing = r.stdout.slice(r.stdout.indexOf('# Subtest: failing'), r.stdout.indexOf('not ok 4 - failing'));
  t.equal((failing.match(/^ {4}not ok \d+ - /gm) ?? []).length, 16, 'tap fails the 16 assertions of "failing"');
  t.equal((failing.match(/^ {4}ok \d+ - /gm) ?? []).length, 0, 'and passes none of them');
});

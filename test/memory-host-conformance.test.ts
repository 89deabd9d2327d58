// The conformance runner's adapter/memory column: a program's preopens go
// into the memory host's tree and come back out onto disk for the `after`
// check, and a program that needs sockets is n/a there, neither a pass nor
// a failure.
import t from 'tap';
import { defaultWasmDir } from '../conformance/build.js';
import { failuresOf, listPrograms, notApplicable, renderTable, runOne, type Program } from '../conformance/run.js';
import { parseSpec } from '../conformance/spec.js';

const MEMORY = 'adapter/memory';

t.test('a program runs over the memory host with its preopens loaded, and its after trees written back', async (t) => {
  // Two preopens, with a rename and a link between them.
  const [program] = listPrograms(defaultWasmDir, 'path_rename_preopens');
  const result = await runOne(program!, MEMORY);
  t.same(result.reasons, []);
  t.equal(result.ok, true);

  const spec = program!.spec as Exclude<Program['spec'], Error>;
  const wrong: Program = { ...program!, spec: { ...spec, after: { '/a': {}, '/b': spec.after!['/b']! } } };
  const failed = await runOne(wrong, MEMORY);
  t.equal(failed.ok, false, 'the tree came back: an after that expects /a empty fails');
  t.match(failed.reasons.join('\n'), /\/a\/dir_in_a: unexpected dir/);
});

t.test('socket programs are n/a on the memory host, and counted apart', async (t) => {
  const socketSpec = parseSpec({ description: 'x', sockets: [{ listen: '127.0.0.1:0' }] });
  const byName: Program = { name: 'sock_something', wasm: 'missing.wasm', spec: parseSpec({ description: 'x' }) };
  const bySpec: Program = { name: 'other', wasm: 'missing.wasm', spec: socketSpec };
  t.match(notApplicable(byName, MEMORY), /sockets/);
  t.match(notApplicable(bySpec, MEMORY), /sockets/);
  t.equal(notApplicable(bySpec, 'adapter/node'), undefined, 'a host with sockets runs them');
  t.equal(notApplicable({ ...byName, name: 'file_read' }, MEMORY), undefined);

  const na = await runOne(byName, MEMORY);
  t.equal(na.ok, false);
  t.same(na.reasons, [], 'nothing failed');
  t.match(na.notApplicable, /sockets/);
  const pass = { program: 'file_read', impl: MEMORY, ok: true, reasons: [], ms: 1 };
  const fail = { program: 'file_write', impl: MEMORY, ok: false, reasons: ['exit 1'], ms: 1 };
  const results = [na, pass, fail];
  t.same(failuresOf(results), [fail], 'n/a is not a failure');
  const table = renderTable(['sock_something', 'file_read', 'file_write'], [MEMORY], results);
  t.match(table, /sock_something +\| n\/a/);
  t.match(table, /file_write +\| FAIL/);
  t.match(table, /total passed +\| 1\/2 \(1 n\/a\)/);
});

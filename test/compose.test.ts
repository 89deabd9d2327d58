/**
 * A legacy module and a jco-transpiled component on one host, sharing
 * resources through one table, on every host the project ships: data both
 * ways as streams and as descriptors, byte for byte; the ownership rules
 * (give, lend, take, borrow) held; every resource dropped exactly once,
 * counted at the host's classes.
 */
import t, { type Test } from 'tap';
import type { Host } from '../adapter/host.js';
import { ResourceTable } from '../adapter/table.js';
import { WASI } from '../src/node.js';
import { drop } from './support.js';
import {
  composeModule, countDrops, firstDifference, instantiateLines, linesText, pattern, runModule, testHosts, text, type Drops, type Lines,
  type TestHost,
} from './compose-support.js';

interface World extends TestHost {
  lines: Lines;
  drops: Drops;
  /** A table with fds 0-3 as a module on the host has them: stdio, then the preopen. */
  table: ResourceTable;
}

/** fds the tests place resources at, above what the host's stdio and preopen take. */
const IN = 10;
const OUT = 11;

async function world(t: Test, make: () => TestHost): Promise<World> {
  const base = make();
  const drops = countDrops(base.host);
  const table = new ResourceTable();
  // The instance fills the empty table with the host's stdio and preopens, and never closes a table it was given.
  new WASI({ host: base.host, table });
  const w: World = { ...base, drops, table, lines: await instantiateLines(base.host) };
  t.teardown(() => {
    table.closeAll();
    drops.restore();
    base.close();
  });
  return w;
}

function run(w: World, ...args: string[]): number {
  return runModule(w.host, w.table, args);
}

for (const [name, make] of testHosts) {
  t.test(`${name} host`, async (t) => {
    t.test('component -> module, stream: what the component wrote, the module reads as stdin', async (t) => {
      const w = await world(t, make);
      const numbers = w.lines.generate(w.root, 'numbers.txt', 3000);
      const input = w.lines.reader(numbers);
      const copy = w.lines.generate(w.root, 'copy.txt', 0);
      w.table.give({ kind: 'streams', input }, { fd: 0 });
      w.table.give({ kind: 'descriptor', descriptor: copy }, { fd: OUT });
      t.equal(run(w, 'copy', '0', String(OUT)), 0);
      t.equal(text(w.read('copy.txt')), linesText(3000));
      w.table.closeAll();
      t.equal(w.drops.of(input), 1, 'the given stream: dropped by the table');
      t.equal(w.drops.of(copy), 1);
      drop(numbers);
      t.equal(w.drops.of(numbers), 1, 'its parent descriptor stayed the caller\'s, dropped after it');
    });

    t.test('component -> module, descriptor: a file the component made is an fd the module reads and closes', async (t) => {
      const w = await world(t, make);
      const numbers = w.lines.generate(w.root, 'numbers.txt', 3000);
      const copy = w.lines.generate(w.root, 'copy.txt', 0);
      w.table.give({ kind: 'descriptor', descriptor: numbers }, { fd: IN });
      w.table.give({ kind: 'descriptor', descriptor: copy }, { fd: OUT });
      t.equal(run(w, 'copy-close', String(IN), String(OUT)), 0);
      t.equal(text(w.read('copy.txt')), linesText(3000));
      t.same([w.drops.of(numbers), w.drops.of(copy)], [1, 1], 'dropped by the module\'s fd_close');
      w.table.closeAll();
      t.same([w.drops.of(numbers), w.drops.of(copy)], [1, 1], 'and never again');
    });

    t.test('module -> component, stream: what the module wrote to a stream fd, the component drains', async (t) => {
      const w = await world(t, make);
      const file = w.lines.generate(w.root, 'written.bin', 0);
      const output = w.lines.writer(file);
      w.table.give({ kind: 'streams', output }, { fd: OUT });
      t.equal(run(w, 'pattern', String(OUT), '100000'), 0);
      const taken = w.table.take(OUT);
      t.same(taken, { kind: 'streams', input: undefined, output, owned: true }, 'taken back, the caller\'s again');
      drop(output);
      const input = w.lines.reader(file);
      t.equal(firstDifference(w.lines.drain(input), pattern(100000)), 'same');
      drop(input, file);
      t.same([output, input, file].map((r) => w.drops.of(r)), [1, 1, 1]);
    });

    t.test('module -> component, descriptor: a file the module opened and left open, taken and consumed', async (t) => {
      const w = await world(t, make);
      const before = w.table.fds();
      t.equal(run(w, 'create', 'made.bin', '70000'), 0);
      const [fd] = w.table.fds().filter((f) => !before.includes(f));
      t.ok(fd !== undefined, 'the module\'s fd outlived it: the table is shared, not the instance\'s');
      const taken = w.table.take(fd!);
      if (taken?.kind !== 'descriptor') throw new Error(`fd ${fd} holds ${taken?.kind}`);
      t.equal(taken.owned, true);
      t.equal(firstDifference(w.lines.consume(taken.descriptor), pattern(70000)), 'same');
      t.equal(w.drops.of(taken.descriptor), 1, 'dropped by the component, which owned it');
      w.table.closeAll();
      t.equal(w.drops.of(taken.descriptor), 1);
    });

    t.test('borrow: the component reads the module\'s fd through resource(), and the fd works on after', async (t) => {
      const w = await world(t, make);
      const numbers = w.lines.generate(w.root, 'numbers.txt', 500);
      const copy = w.lines.generate(w.root, 'copy.txt', 0);
      w.table.give({ kind: 'descriptor', descriptor: numbers }, { fd: IN });
      w.table.give({ kind: 'descriptor', descriptor: copy }, { fd: OUT });
      const behind = w.table.resource(IN);
      if (behind?.kind !== 'descriptor') throw new Error('not a descriptor');
      t.equal(text(w.lines.readAll(behind.descriptor)), linesText(500));
      // The reverse: a handle of the component's own on the same file, dropped by it, takes nothing from the fd.
      t.equal(text(w.lines.consume(w.lines.open(w.root, 'numbers.txt'))), linesText(500));
      t.equal(w.drops.of(numbers), 0, 'a borrow drops nothing');
      t.equal(run(w, 'copy', String(IN), String(OUT)), 0);
      t.equal(text(w.read('copy.txt')), linesText(500));
      w.table.closeAll();
      t.same([w.drops.of(numbers), w.drops.of(copy)], [1, 1]);
    });

    t.test('lend: the module\'s fd_close leaves the component\'s own handles working', async (t) => {
      const w = await world(t, make);
      const numbers = w.lines.generate(w.root, 'numbers.txt', 1000);
      const input = w.lines.reader(numbers);
      w.table.lend({ kind: 'descriptor', descriptor: numbers }, { fd: IN });
      w.table.lend({ kind: 'streams', input }, { fd: 0 });
      t.equal(run(w, 'head-close', String(IN), '10'), 0);
      t.equal(run(w, 'head-close', '0', '100'), 0);
      t.equal(w.table.get(IN), undefined, 'the module closed both fds');
      t.same([w.drops.of(numbers), w.drops.of(input)], [0, 0], 'lent: fd_close dropped nothing');
      t.equal(text(w.lines.readAll(numbers)), linesText(1000));
      t.equal(text(w.lines.drain(input)), linesText(1000).slice(100), 'the stream goes on where the module stopped');
      drop(input, numbers);
      t.same([w.drops.of(numbers), w.drops.of(input)], [1, 1]);
    });

    for (const [how, args, code] of [['traps', ['trap', '0'], undefined], ['exits', ['exit', '0', '7'], 7]] as const) {
      t.test(`a module that ${how} leaves the component's resources usable`, async (t) => {
        const w = await world(t, make);
        const numbers = w.lines.generate(w.root, 'numbers.txt', 1000);
        const input = w.lines.reader(numbers);
        const given = w.lines.generate(w.root, 'given.txt', 1);
        // An instance that owns its table: its end releases the table, given resources and all.
        const wasi = new WASI({ host: w.host, args: ['compose', ...args] });
        wasi.table.lend({ kind: 'streams', input }, { fd: 0 });
        wasi.table.lend({ kind: 'descriptor', descriptor: numbers }, { fd: IN });
        wasi.table.give({ kind: 'descriptor', descriptor: given }, { fd: OUT });
        const instance = new WebAssembly.Instance(composeModule(), { wasi_snapshot_preview1: wasi.wasiImport });
        if (code === undefined) t.throws(() => wasi.start(instance), WebAssembly.RuntimeError);
        else t.equal(wasi.start(instance), code);
        t.equal(wasi.table.size, 0, 'the instance released its table');
        t.equal(w.drops.of(given), 1, 'what was given to it: dropped once');
        t.same([w.drops.of(numbers), w.drops.of(input)], [0, 0], 'what was lent: not at all');
        t.equal(text(w.lines.drain(input)), linesText(1000).slice(1), 'the stream, one byte further on');
        t.equal(text(w.lines.readAll(numbers)), linesText(1000));
        drop(input, numbers);
        t.same([w.drops.of(numbers), w.drops.of(input)], [1, 1]);
      });
    }
  });
}

t.test('memory host: module -> component through a pipe, no file between', async (t) => {
  const [, make] = testHosts.find(([name]) => name === 'memory')!;
  const w = await world(t, make);
  const [input, output] = (w.host as Host & { pipe(): [never, never] }).pipe();
  w.table.give({ kind: 'streams', output }, { fd: OUT });
  t.equal(run(w, 'pattern', String(OUT), '200000'), 0);
  w.table.close(OUT);
  t.equal(w.drops.of(output), 1, 'closing the fd dropped the writing end: the reader sees the end');
  t.equal(firstDifference(w.lines.drain(input), pattern(200000)), 'same');
  drop(input);
  t.equal(w.drops.of(input), 1);
});

/** The memory host's pipe, which the compose tests wire a component to a module with. */
import t from 'tap';
import { asyncWaits, synchronousHost, type Pollable } from '../adapter/host.js';
import { ResourceTable } from '../adapter/table.js';
import { AsyncHostError } from '../adapter/wait.js';
import { createMemoryHost } from '../src/hosts/memory/index.js';
import { WASI } from '../src/node.js';
import { code, drop } from './support.js';
import { runModule, text } from './compose-support.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

t.test('what the output writes, the input reads, in order, then the end', async (t) => {
  const host = createMemoryHost();
  t.teardown(() => host.close());
  const [input, output] = host.pipe();
  output.blockingWriteAndFlush(bytes('hello, '));
  output.write(bytes('world'));
  t.equal(text(input.read(3n)), 'hel', 'a read takes at most what it asks');
  t.equal(text(input.read(100n)), 'lo, ', 'and one write at a time');
  t.equal(text(input.blockingRead(100n) as Uint8Array), 'world');
  t.equal(input.read(10n).length, 0, 'empty, the writer still there: nothing yet');
  drop(output);
  t.same(code(() => input.read(10n)), { tag: 'closed' }, 'the writer dropped: the end');
  drop(input);
});

t.test('an empty pipe answers a blocking read and a poll with promises the next write settles', async (t) => {
  const host = createMemoryHost();
  t.teardown(() => host.close());
  const [input, output] = host.pipe();
  const pollable = input.subscribe() as Pollable;
  t.equal(pollable.ready(), false);
  const polled = host['wasi:io/poll'].poll([pollable]);
  t.ok(polled instanceof Promise);
  output.write(bytes('x'));
  t.same([...(await polled)], [0]);
  t.equal(text(input.read(10n)), 'x');
  const later = input.blockingRead(10n);
  t.ok(later instanceof Promise);
  output.write(bytes('y'));
  t.equal(text(await later), 'y');
  t.equal(pollable.ready(), false, 'read again: empty');
  drop(output);
  t.equal(pollable.ready(), true, 'the end is ready to be read');
  drop(pollable, input);
});

t.test('a write after the reader is gone fails as a closed stream', async (t) => {
  const host = createMemoryHost();
  t.teardown(() => host.close());
  const [input, output] = host.pipe();
  output.write(bytes('unread'));
  drop(input);
  t.same(code(() => output.write(bytes('more'))), { tag: 'closed' });
  drop(output);
});

t.test('a host with a pipe says its reads and polls may answer with promises', async (t) => {
  const host = createMemoryHost();
  t.teardown(() => host.close());
  t.equal(host[synchronousHost], true, "Node's main thread may block: synchronous, until a pipe exists");
  const [input, output] = host.pipe();
  t.equal(host[synchronousHost], false);
  t.same([...host[asyncWaits]!].sort(), ['block', 'poll', 'read']);
  drop(input, output);
});

t.test('a module reads a pipe as stdin: at once when the bytes are there, an AsyncHostError when it would wait', async (t) => {
  const host = createMemoryHost({ files: {} });
  t.teardown(() => host.close());
  const [[root]] = host['wasi:filesystem/preopens'].getDirectories();
  t.teardown(() => drop(root));
  const full = host.pipe();
  full[1].write(bytes('piped bytes\n'));
  drop(full[1]);
  const table = new ResourceTable();
  new WASI({ host, table });
  table.give({ kind: 'streams', input: full[0] }, { fd: 0 });
  table.give({ kind: 'descriptor', descriptor: root!.openAt({}, 'out.txt', { create: true }, { write: true }) }, { fd: 10 });
  t.equal(runModule(host, table, ['copy', '0', '10']), 0);
  t.equal(text(host.readFile('/out.txt')), 'piped bytes\n');

  const empty = host.pipe();
  table.give({ kind: 'streams', input: empty[0] }, { fd: 0 });
  t.throws(() => runModule(host, table, ['copy', '0', '10']), AsyncHostError, 'start() cannot wait: use runInWorker or startAsync');
  table.closeAll();
  drop(empty[1]);
});

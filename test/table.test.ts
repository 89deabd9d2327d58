import t from 'tap';
import { StreamEntry } from '../adapter/entries.js';
import { ResourceTable } from '../adapter/table.js';
import type { InputStream } from '../adapter/host.js';

/** A stream that counts how often it is dropped. */
function countingStream(): { stream: InputStream; drops: () => number } {
  let n = 0;
  const stream = { [Symbol.dispose]: () => { n++; } } as unknown as InputStream;
  return { stream, drops: () => n };
}

t.test('fds are allocated lowest-free, with no fixed limit', async (t) => {
  const table = new ResourceTable();
  for (let i = 0; i < 1000; i++) t.equal(table.add(new StreamEntry(undefined, undefined)), i);
  table.close(5);
  table.close(2);
  t.equal(table.add(new StreamEntry(undefined, undefined)), 2);
  t.equal(table.add(new StreamEntry(undefined, undefined)), 5);
  t.equal(table.add(new StreamEntry(undefined, undefined)), 1000);
});

t.test('resources are dropped exactly once: close, renumber over, closeAll', async (t) => {
  const table = new ResourceTable();
  const a = countingStream();
  const b = countingStream();
  const c = countingStream();
  const fa = table.insertStreams(a.stream);
  const fb = table.insertStreams(b.stream);
  const fc = table.insertStreams(c.stream);
  t.ok(table.renumber(fa, fb), 'renumber onto an open fd');
  t.equal(b.drops(), 1, 'the target was dropped');
  t.equal(a.drops(), 0, 'the moved entry lives on');
  t.equal(table.resource(fb)?.kind, 'streams');
  t.equal(table.get(fa), undefined);
  t.notOk(table.renumber(fa, fb), 'renumber from a closed fd fails');
  t.notOk(table.close(fa), 'closing a closed fd fails');
  table.closeAll();
  t.equal(a.drops(), 1);
  t.equal(c.drops(), 1);
  t.equal(b.drops(), 1);
  t.equal(table.size, 0);
  t.ok(fc > 0);
});

t.test('remove hands the resource to the embedder without dropping it', async (t) => {
  const table = new ResourceTable();
  const a = countingStream();
  const fd = table.insertStreams(a.stream);
  const entry = table.remove(fd);
  t.equal(entry?.kind, 'stream');
  t.equal(a.drops(), 0);
  t.equal(table.resource(fd), undefined);
});

// The memory host keeps access times as Linux does by default (relatime): a
// read marks the file accessed when its access time is not later than its
// last change, and leaves a later access time as it is.
import t from 'tap';
import { createMemoryHost } from '../src/hosts/memory/index.js';

const ns = (d: { seconds: bigint; nanoseconds: number }): bigint => d.seconds * 1_000_000_000n + BigInt(d.nanoseconds);

t.test('a read updates the access time only when it is not later than the last change', async (t) => {
  const host = createMemoryHost({ files: { 'f.txt': 'data' } });
  const root = host['wasi:filesystem/preopens'].getDirectories()[0]![0];
  const file = root.openAt({}, 'f.txt', {}, { read: true, write: true });
  const past = { seconds: 1_000_000_000n, nanoseconds: 5 };
  file.setTimes({ tag: 'timestamp', val: past }, { tag: 'no-change' });
  t.equal(ns(file.stat().dataAccessTimestamp!), ns(past));
  file.read(2n, 0n);
  const afterRead = ns(file.stat().dataAccessTimestamp!);
  t.ok(afterRead > ns(file.stat().dataModificationTimestamp!) - 1n && afterRead > ns(past),
    'an access time before the last change moves to now on a read');

  const future = { seconds: 4_000_000_000n, nanoseconds: 7 };
  file.setTimes({ tag: 'timestamp', val: future }, { tag: 'no-change' });
  file.read(2n, 0n);
  t.equal(ns(file.stat().dataAccessTimestamp!), ns(future), 'an access time later than the last change stays');

  file.write(new TextEncoder().encode('x'), 0n);
  file.setTimes({ tag: 'timestamp', val: past }, { tag: 'no-change' });
  file.read(1n, 0n);
  t.not(ns(file.stat().dataAccessTimestamp!), ns(past), 'after a change, the next read marks it again');
  host.close();
});

/**
 * poll_oneoff in a module waits on a stream a component feeds, and wakes when
 * the component writes. The module runs in a worker (runInWorker), the host
 * and the component on this thread, whose event loop stays free while the
 * module waits: the memory host's pipe answers the module's poll with a
 * promise, which only the component's write settles.
 */
import t from 'tap';
import type { Pollable } from '../adapter/host.js';
import { createMemoryHost } from '../src/hosts/memory/index.js';
import { runInWorker } from '../src/worker/node.js';
import { drop } from './support.js';
import { composeModule, countDrops, instantiateLines, linesText, text } from './compose-support.js';

function isPromise(x: unknown): x is Promise<unknown> {
  return typeof (x as { then?: unknown } | null)?.then === 'function';
}

t.test('a module waiting in poll_oneoff on stdin wakes when a component writes to it', async (t) => {
  const printed: Uint8Array[] = [];
  const host = createMemoryHost({ stdout: (bytes) => printed.push(bytes) });
  const drops = countDrops(host);
  t.teardown(() => {
    drops.restore();
    host.close();
  });
  const [input, output] = host.pipe();
  const lines = await instantiateLines(host);

  let waiting!: (ready: boolean) => void;
  const moduleWaits = new Promise<boolean>((resolve) => { waiting = resolve; });
  const poll = host['wasi:io/poll'].poll;
  const shared = {
    ...host,
    'wasi:cli/stdin': { getStdin: () => input },
    'wasi:io/poll': {
      ...host['wasi:io/poll'],
      poll(list: Pollable[]) {
        const ready = poll(list);
        // An answer still to come: the module is blocked in poll_oneoff, on this pipe and its clock.
        if (isPromise(ready)) waiting(list.some((p) => p.ready()));
        return ready;
      },
    },
  };
  const run = runInWorker({ module: composeModule(), host: shared, args: ['compose', 'poll'], signal: AbortSignal.timeout(60_000) });

  t.equal(await moduleWaits, false, 'the module waits, with nothing ready');
  t.equal(printed.length, 0, 'and has printed nothing');
  t.equal(lines.produce(output, 200), true, 'the component writes while the module waits');
  drop(output);
  t.equal(await run, 0);
  const out = text(Buffer.concat(printed));
  t.match(out, /^woke: stdin has [1-9]\d* bytes\n/, 'poll_oneoff reported stdin readable, not its timeout');
  t.equal(out.slice(out.indexOf('\n') + 1), linesText(200), 'then read every byte the component wrote');
  t.equal(drops.of(input), 0, 'the host\'s stdin is the host\'s: the run dropped nothing of it');
  drop(input);
  t.same([drops.of(input), drops.of(output)], [1, 1]);
});

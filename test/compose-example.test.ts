import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { childEnv } from './support.js';

const example = fileURLToPath(new URL('../../examples/compose/run.mjs', import.meta.url));

t.test('npm run example:compose: the component feeds the module, and reads its result back', async (t) => {
  const r = spawnSync(process.execPath, [example, '250'], { env: childEnv, encoding: 'utf8', timeout: 60_000 });
  t.equal(r.stderr, '');
  t.equal(r.status, 0);
  t.equal(r.stdout, 'tally exited with 0; /result.txt, read back by the component:\ncount 250\nsum 31375\nmax 250\n');
});

import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { createNodeHost } from '../src/hosts/node/index.js';

// dist/test/ -> test/fixtures/: the generated component is committed, not compiled.
const fixture = fileURLToPath(new URL('../../test/fixtures/node-host-component/', import.meta.url));

interface Component {
  run: { run(): void };
}

t.test('a jco-transpiled component runs on the node host', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'node-host-component-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'in.txt'), 'from the host');
  const stdoutFd = openSync(join(dir, 'stdout'), 'w');
  const stderrFd = openSync(join(dir, 'stderr'), 'w');
  const host = createNodeHost({
    preopens: { '/data': dir },
    stdout: stdoutFd,
    stderr: stderrFd,
    env: { WHO: 'node-host' },
    args: ['hello', 'first-arg'],
  });
  const { instantiate } = (await import(join(fixture, 'hello.component.js'))) as {
    instantiate(getCoreModule: (path: string) => Promise<WebAssembly.Module>, imports: object): Promise<Component>;
  };
  const component = await instantiate((path) => WebAssembly.compile(readFileSync(join(fixture, path))), host);
  component.run.run();
  closeSync(stdoutFd);
  closeSync(stderrFd);
  t.equal(readFileSync(join(dir, 'stdout'), 'utf8'), 'hello node-host from a component, argc=2 argv[1]=first-arg\n');
  t.equal(readFileSync(join(dir, 'stderr'), 'utf8'), 'to stderr\n');
  t.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'read 13 bytes: from the host');
});

// The C echo server (examples/echo-server.c) on a preopened listener, on every host:
// many concurrent Node clients, every byte checked, and a clean exit.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { childEnv, moduleEvalArgs } from './support.js';
import { announcedPort, LISTENING, runEchoLoad } from '../bench/echo-load.js';
import { WASI, systemHostNames } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const echoServer = join(root, 'examples', 'echo-server.wasm');
const CLIENTS = 50;
const BYTES = 1 << 20;

/** p1run in a child, so this process is free to be the server's clients; port 0, learnt from p1run's stderr. */
async function p1run(args: string[], timeoutMs: number): Promise<{ port: number; exit: Promise<{ code: number | null; stderr: string }> }> {
  const child = spawn(process.execPath, [cli, ...args], { env: childEnv, timeout: timeoutMs, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { port: await announcedPort(child.stderr, LISTENING, 30_000), exit };
}

for (const host of systemHostNames) {
  t.test(`${host}: ${CLIENTS} concurrent clients × 1 MiB through p1run --tcplisten`, async (t) => {
    const server = await p1run(['--host', host, '--tcplisten', '127.0.0.1:0', echoServer, String(CLIENTS)], 90_000);
    const load = await runEchoLoad({ port: server.port, clients: CLIENTS, bytesPerClient: BYTES, timeoutMs: 80_000 });
    t.same(load.failures, [], 'every client got back exactly its bytes');
    t.equal(load.matched, CLIENTS);
    const { code, stderr } = await server.exit;
    t.equal(code, 0, stderr);
    t.match(stderr, /^p1run: listening on 127\.0\.0\.1:\d+ \(fd 3\)\n/, 'p1run says which port 0 became');
    t.match(stderr, new RegExp(`\\necho-server: ${CLIENTS} connections, ${CLIENTS * BYTES} bytes echoed\\n$`));
  });
}

t.test('WASI sockets option: port 0 gets a free port, reported in wasi.listeners; the fd is a SOCKET_STREAM after the preopens', async (t) => {
  const wasi = new WASI({ version: 'preview1', args: ['echo-server.wasm', '1'], host: 'node', sockets: [{ listen: '127.0.0.1:0' }], stderr: 2 });
  t.equal(wasi.listeners.length, 1);
  const { fd, address } = wasi.listeners[0]!;
  t.equal(fd, 3, 'the first fd after stdio when nothing else is preopened');
  const port = Number(/^127\.0\.0\.1:(\d+)$/.exec(address)?.[1]);
  t.ok(port > 0, `bound to a real port: ${address}`);
  const resource = wasi.table.resource(fd);
  t.equal(resource?.kind, 'tcp-socket');
  // The module blocks this thread while it serves, so the client runs in another process.
  const client = spawn(process.execPath, moduleEvalArgs(`
    import { runEchoLoad } from ${JSON.stringify(join(root, 'dist', 'bench', 'echo-load.js'))};
    const r = await runEchoLoad({ port: ${port}, clients: 1, bytesPerClient: 4096, timeoutMs: 20000 });
    process.stdout.write(JSON.stringify(r.failures));`), { env: childEnv, timeout: 30_000 });
  let out = '';
  client.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const closed = new Promise<number | null>((resolve) => client.on('close', resolve));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(echoServer)), wasi.getImportObject() as WebAssembly.Imports);
  t.equal(wasi.start(instance), 0);
  t.equal(await closed, 0);
  t.equal(out, '[]', 'the client got its bytes back');
});

t.test('invalid listeners fail at construction with the address and the reason', async (t) => {
  t.throws(() => new WASI({ host: 'node', sockets: [{ listen: 'localhost:80' }] }), /numeric/);
  t.throws(() => new WASI({ host: 'node', sockets: [{ listen: '127.0.0.1' }] }), /HOST:PORT/);
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  for (const host of systemHostNames) {
    t.throws(() => new WASI({ host, sockets: [{ listen: `127.0.0.1:${port}` }] }), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: address-in-use`), host);
  }
  await new Promise((resolve) => blocker.close(resolve));
});

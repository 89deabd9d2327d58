// WasmEdge's socket extension, proven with C guests (test/fixtures/net/) on every host, loopback only.
// A module blocks this thread while it runs, so every peer lives in another process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { WASI, hostNames, type NetworkPolicy } from '../src/index.js';
import type { HostName } from '../src/hosts/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'net');
const childEnv = Object.fromEntries(Object.entries(process.env)
  .filter(([k]) => k !== 'NODE_OPTIONS' && !k.startsWith('_TAPJS_') && !k.startsWith('TAP')));

/** Node peers: a TCP echo server, or a UDP socket answering each datagram with `pong:` and the datagram. */
const PEERS = {
  tcp: `import { createServer } from 'node:net';
    const s = createServer((c) => c.pipe(c)).listen(0, '127.0.0.1', () => console.log(s.address().port));`,
  udp: `import { createSocket } from 'node:dgram';
    const s = createSocket('udp4');
    s.on('message', (m, r) => s.send(Buffer.concat([Buffer.from('pong:'), m]), r.port, r.address));
    s.bind(0, '127.0.0.1', () => console.log(s.address().port));`,
} as const;

interface Peer { port: number; child: ChildProcessWithoutNullStreams }

/** Starts a peer in its own process; it ends when the test does, or after 60 s in any case. */
async function peer(t: Test, kind: keyof typeof PEERS): Promise<Peer> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', PEERS[kind]], { env: childEnv, timeout: 60_000 });
  t.teardown(() => { child.kill(); });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (d: string) => resolve(Number(d.trim())));
    child.once('exit', (code) => reject(new Error(`${kind} peer exited with ${code}`)));
  });
  return { port, child };
}

/** A port that was free a moment ago and that nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Runs a fixture in this process; returns its exit code and what it wrote to stderr. */
function run(host: HostName, name: string, args: string[], network?: NetworkPolicy): { code: number; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wasmedge-'));
  const errPath = join(dir, 'stderr');
  const stderr = openSync(errPath, 'w');
  try {
    const wasi = new WASI({ version: 'preview1', args: [name, ...args], host, stderr, ...(network && { network }) });
    const module = new WebAssembly.Module(readFileSync(join(fixtures, `${name}.wasm`)));
    const code = wasi.start(new WebAssembly.Instance(module, wasi.getImportObject() as WebAssembly.Imports));
    return { code, stderr: readFileSync(errPath, 'utf8') };
  } finally {
    closeSync(stderr);
    rmSync(dir, { recursive: true, force: true });
  }
}

const LOOPBACK_ONLY: NetworkPolicy = { connect: ['127.0.0.1:*', '[::1]:*'], listen: ['127.0.0.1:*', '[::1]:*'], lookup: true };

for (const host of hostNames) {
  t.test(`${host}: TCP client resolves localhost, connects blocking and non-blocking, exchanges data`, async (t) => {
    const echo = await peer(t, 'tcp');
    const closed = await closedPort();
    const { code, stderr } = run(host, 'tcp-client', [String(echo.port), String(closed)], LOOPBACK_ONLY);
    t.equal(stderr, 'tcp-client: ok\n');
    t.equal(code, 0);
  });
}

// WasmEdge's socket extension, proven with C guests (test/fixtures/net/) on every host, loopback only.
// A module blocks this thread while it runs, so every peer lives in another process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { childEnv, moduleEvalArgs } from './support.js';
import { runtime } from '../src/runtime.js';
import { WASI, systemHostNames, type NetworkPolicy } from '../src/index.js';
import { wasmedgeFunctionNames } from '../adapter/wasmedge-abi.js';
import type { HostName } from '../src/hosts/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'net');
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
  const child = spawn(process.execPath, moduleEvalArgs(PEERS[kind]), { env: childEnv, timeout: 60_000 });
  t.teardown(() => { child.kill(); });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (d: string) => resolve(Number(d.trim())));
    child.once('exit', (code) => reject(new Error(`${kind} peer exited with ${code}`)));
  });
  return { port, child };
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

/**
 * A port nothing listens on, for ECONNREFUSED: 1, below the range the system
 * hands out for port 0, so no other test's listener can land there (a port
 * freed by another listener could). Checked rather than assumed.
 */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: 1 });
    s.once('connect', () => { s.destroy(); reject(new Error('something listens on 127.0.0.1:1; the refused-connection cases need a closed port')); });
    s.once('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNREFUSED' ? resolve(1) : reject(e)));
  });
}

for (const host of systemHostNames) {
  t.test(`${host}: TCP client resolves localhost, connects blocking and non-blocking, exchanges data`, async (t) => {
    const echo = await peer(t, 'tcp');
    const closed = await closedPort();
    const { code, stderr } = run(host, 'tcp-client', [String(echo.port), String(closed)], LOOPBACK_ONLY);
    t.equal(stderr, 'tcp-client: ok\n');
    t.equal(code, 0);
  });
}

/** preview2-shim's UDP under Deno 2.9: the first send_to answers EIO and the module then waits for ever (not Node's, not Bun's). */
const udpBroken = (host: HostName): string | false => runtime === 'deno' && host === 'preview2-shim' && 'preview2-shim\'s UDP does not work under Deno';

for (const host of systemHostNames) {
  t.test(`${host}: UDP round trip with sock_send_to and sock_recv_from (V1 and V2), then connected`, { skip: udpBroken(host) }, async (t) => {
    const pong = await peer(t, 'udp');
    const { code, stderr } = run(host, 'udp-roundtrip', [String(pong.port)], LOOPBACK_ONLY);
    t.equal(stderr, 'udp-roundtrip: ok\n');
    t.equal(code, 0);
  });
}

for (const host of systemHostNames) {
  t.test(`${host}: bad input gets WasmEdge's errno, nothing throws`, async (t) => {
    const closed = await closedPort();
    const granted = run(host, 'bad-input', ['granted', String(closed)], LOOPBACK_ONLY);
    t.equal(granted.stderr, 'bad-input: ok\n');
    t.equal(granted.code, 0);
    const denied = run(host, 'bad-input', ['denied']);
    t.equal(denied.stderr, 'bad-input denied: ok\n');
    t.equal(denied.code, 0);
  });
}

const cli = join(root, 'dist', 'src', 'cli.js');

/** p1run in a child, so this process is free to be the server's clients. */
function p1run(args: string[]): { child: ChildProcessWithoutNullStreams; exit: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [cli, ...args], { env: childEnv, timeout: 30_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, exit };
}

/** Sends `text`, ends the write half, and returns everything the server sent back. */
function echoOnce(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(text));
    let back = '';
    socket.setEncoding('utf8').on('data', (d: string) => { back += d; });
    socket.on('end', () => resolve(back));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
  });
}

for (const host of systemHostNames) {
  t.test(`${host}: a server opens its own listener with --allow-net and accepts in both shapes`, async (t) => {
    const { child, exit } = p1run(['--host', host, '--allow-net=listen:127.0.0.1:*', join(fixtures, 'server.wasm')]);
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /listening (\d+)/.exec(d.toString());
        if (m) resolve(Number(m[1]));
      });
      child.once('close', () => reject(new Error('the server ended before listening')));
    });
    t.equal(await echoOnce(port, 'first, accepted by V1'), 'first, accepted by V1');
    t.equal(await echoOnce(port, 'second, accepted by V2'), 'second, accepted by V2');
    const { code, stderr } = await exit;
    t.equal(stderr, 'server: ok\n');
    t.equal(code, 0);
  });

  t.test(`${host}: a server granted only outgoing connections gets EACCES from bind`, async (t) => {
    const { exit } = p1run(['--host', host, '--allow-net=connect:127.0.0.1:*', join(fixtures, 'server.wasm')]);
    const { code, stderr } = await exit;
    t.equal(stderr, `bind: errno 2\n`);
    t.equal(code, 3);
  });
}

t.test('every extension function in either shape answers an errno for any argument, and nothing is granted by default', async (t) => {
  const wasi = new WASI({ host: 'node' });
  const memory = new WebAssembly.Memory({ initial: 1 });
  const imports = wasi.wasiImport as unknown as Record<string, (...a: unknown[]) => number>;
  wasi.initialize({ exports: { memory } } as unknown as WebAssembly.Instance);
  const edges = [0, 1, 3, 4, 16, 128, -1, 0x7fffffff, 65535, 65536, 65530];
  let x = 7;
  const next = (): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % 3 === 0 ? edges[x % edges.length]! : x % 70000;
  };
  let calls = 0;
  for (const name of wasmedgeFunctionNames) {
    for (const argc of [2, 3, 4, 5, 6, 7, 8]) {
      for (let round = 0; round < 40; round++) {
        const args = Array.from({ length: argc }, next);
        const result = imports[name]!(...args);
        if (!(Number.isInteger(result) && result >= 0 && result <= 87)) t.fail(`${name}(${args.join(', ')}) = ${result}`);
        calls++;
      }
    }
  }
  t.ok(calls > 3000, `${calls} calls answered with an errno`);
  const sockets = wasi.table.fds().map((fd) => wasi.table.get(fd)!).filter((e) => e.kind === 'tcp' || e.kind === 'udp');
  t.ok(sockets.length > 0, `${sockets.length} sockets opened`);
  t.ok(sockets.every((e) => (e.kind === 'tcp' ? e.state === 'unbound' : !e.bound)), 'none got past unbound');
});

t.test('--trace decodes the extension in the shape each call came in', async (t) => {
  const lines: string[] = [];
  const wasi = new WASI({ host: 'node', trace: (l) => lines.push(l) });
  const memory = new WebAssembly.Memory({ initial: 1 });
  wasi.initialize({ exports: { memory } } as unknown as WebAssembly.Instance);
  const imports = wasi.wasiImport as unknown as Record<string, (...a: unknown[]) => number>;
  imports.sock_open!(1, 2, 100);
  imports.sock_accept!(3, 104);
  imports.sock_getlocaladdr!(3, 0, 108, 112);
  imports.sock_getaddrinfo!(0, 0, 0, 0, 0, 200, 1, 204);
  t.match(lines[0], /^sock_open\(1, 2\) = 0 \(fd 3\)$/);
  t.match(lines[1], /^sock_accept\(3\) = INVAL$/);
  t.match(lines[2], /^sock_getlocaladdr\(3, addr=0x0\) = /);
  t.match(lines[3], /^sock_getaddrinfo\("", "", hints=0x0, res=0xc8, 1\) = AI_NONAME$/);
});

t.test('network grants: bad patterns are refused when the embedder configures them', async (t) => {
  t.throws(() => new WASI({ host: 'node', network: { connect: ['localhost:80'] } }), /network: "localhost:80"/);
  t.throws(() => new WASI({ host: 'node', network: { listen: ['127.0.0.1:99999'] } }), /port/);
  t.doesNotThrow(() => new WASI({ host: 'node', network: { connect: ['*:*', '[::1]:8000-8100', '10.0.0.1:80'] } }));
});

// WASIX (wasix_32v1) proven with C guests declaring its imports by hand
// (test/fixtures/wasix/), one behaviour each, over the node host, preview2-shim's
// and the memory host; the socket fixtures on the two with sockets, over loopback only.
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { WASI, createHost, systemHostNames, type NetworkPolicy } from '../src/index.js';
import type { HostName } from '../src/hosts/index.js';
import { runtime } from '../src/runtime.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'wasix');

/** Two preopens: "." (fd 3) and "/data" (fd 4), with the files the cwd fixture looks for. */
const TREE: Record<string, string> = {
  'dot/top.txt': 'top', 'dot/sub/inner.txt': 'inner', 'data/d.txt': 'd', 'data/dir/x.txt': 'x',
};

interface Run { code: number; stderr: string; trace: string[] }

function instantiate(wasi: WASI, name: string): WebAssembly.Instance {
  const module = new WebAssembly.Module(readFileSync(join(fixtures, `${name}.wasm`)));
  return new WebAssembly.Instance(module, wasi.getImportObject() as unknown as WebAssembly.Imports);
}

/** Runs a fixture on a host over this machine's files, in a fresh directory tree; its stderr goes to a file read back. */
function onSystem(host: HostName, name: string, args: string[], network?: NetworkPolicy): Run {
  const dir = mkdtempSync(join(tmpdir(), 'wasix-'));
  for (const [path, text] of Object.entries(TREE)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const errPath = join(dir, 'stderr');
  const stderr = openSync(errPath, 'w');
  const trace: string[] = [];
  try {
    const wasi = new WASI({
      version: 'preview1', args: [name, ...args], host, stderr, ...(network && { network }),
      preopens: { '.': join(dir, 'dot'), '/data': join(dir, 'data') }, trace: (line) => trace.push(line),
    });
    const code = wasi.start(instantiate(wasi, name));
    return { code, stderr: readFileSync(errPath, 'utf8'), trace };
  } finally {
    closeSync(stderr);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a fixture on the memory host over the same tree. */
function inMemory(name: string, args: string[]): Run {
  const decoder = new TextDecoder();
  let stderr = '';
  const host = createHost('memory', {
    files: TREE, preopens: { '.': '/dot', '/data': '/data' }, stderr: (bytes) => { stderr += decoder.decode(bytes); },
  });
  const trace: string[] = [];
  try {
    const wasi = new WASI({ version: 'preview1', args: [name, ...args], host, trace: (line) => trace.push(line) });
    const code = wasi.start(instantiate(wasi, name));
    return { code, stderr, trace };
  } finally {
    host.close();
  }
}

const onNode = (name: string, args: string[], network?: NetworkPolicy): Run => onSystem('node', name, args, network);

const runs: Record<string, (name: string, args: string[]) => Run> = {
  ...Object.fromEntries(systemHostNames.map((host) => [host, (name: string, args: string[]) => onSystem(host, name, args)])),
  memory: inMemory,
};

for (const [host, run] of Object.entries(runs)) {
  for (const name of ['dup', 'pipe', 'event', 'cwd', 'proc', 'mixed']) {
    t.test(`${host}: ${name}`, async (t) => {
      const { code, stderr } = run(name, []);
      t.equal(stderr, `${name}: ok\n`);
      t.equal(code, 0);
    });
  }
}

const LOOPBACK_ONLY: NetworkPolicy = { connect: ['127.0.0.1:*', '[::1]:*'], listen: ['127.0.0.1:*', '[::1]:*'], lookup: true };

/** A port nothing listens on, for ECONNREFUSED: 1, below the range handed out for port 0; checked, not assumed. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: 1 });
    s.once('connect', () => { s.destroy(); reject(new Error('something listens on 127.0.0.1:1')); });
    s.once('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNREFUSED' ? resolve(1) : reject(e)));
  });
}

for (const host of systemHostNames) {
  t.test(`${host}: a TCP server and client through the WASIX socket ABI`, async (t) => {
    const { code, stderr } = onSystem(host, 'tcp', [String(await closedPort())], LOOPBACK_ONLY);
    t.equal(stderr, 'tcp: ok\n');
    t.equal(code, 0);
  });

  const udpBroken = runtime === 'deno' && host === 'preview2-shim' && 'preview2-shim\'s UDP does not work under Deno';
  t.test(`${host}: a UDP round trip through sock_send_to and sock_recv_from`, { skip: udpBroken }, async (t) => {
    const { code, stderr } = onSystem(host, 'udp', [], LOOPBACK_ONLY);
    t.equal(stderr, 'udp: ok\n');
    t.equal(code, 0);
  });

  t.test(`${host}: resolve finds localhost with the lookup grant, EACCES without`, async (t) => {
    const granted = onSystem(host, 'resolve', ['granted'], LOOPBACK_ONLY);
    t.equal(granted.stderr, 'resolve: ok\n');
    const denied = onSystem(host, 'resolve', ['denied']);
    t.equal(denied.stderr, 'resolve denied: ok\n');
  });

  t.test(`${host}: bad input to the socket calls gets the crate's errnos; nothing granted is EACCES`, async (t) => {
    const granted = onSystem(host, 'sock-bad-input', ['granted'], LOOPBACK_ONLY);
    t.equal(granted.stderr, 'sock-bad-input: ok\n');
    t.equal(granted.code, 0);
    const denied = onSystem(host, 'sock-bad-input', ['denied']);
    t.equal(denied.stderr, 'sock-bad-input denied: ok\n');
    t.equal(denied.code, 0);
  });

  t.test(`${host}: preview1, WasmEdge and WASIX sockets share one table`, async (t) => {
    const { code, stderr } = onSystem(host, 'mixed', ['sockets'], LOOPBACK_ONLY);
    t.equal(stderr, 'mixed sockets: ok\n');
    t.equal(code, 0);
  });
}

t.test('memory: WASIX sockets on a host without sockets are ENOTSUP', async (t) => {
  const { code, stderr } = inMemory('sock-bad-input', ['granted']);
  t.match(stderr, /wx_sock_open\(AF_INET4_WX, SOCK_STREAM_WX, PROTO_TCP_WX, &s\) = 58, want 0/);
  t.equal(code, 1);
});

t.test('--trace shows the wasix_32v1 namespace and decodes its arguments and errnos', async (t) => {
  const { trace } = onNode('dup', []);
  t.ok(trace.some((l) => /^wasix_32v1\.fd_dup\(\d+\) = 0 \(fd \d+\)$/.test(l)), 'fd_dup with the fd it made');
  t.ok(trace.some((l) => /^wasix_32v1\.fd_dup2\(\d+, 40, TRUE\) = 0 \(fd 40\)$/.test(l)), 'the cloexec bool by name');
  t.ok(trace.some((l) => /^wasix_32v1\.fd_fdflags_set\(\d+, flags=CLOEXEC\) = 0$/.test(l)), 'fdflagsext by name');
  t.ok(trace.some((l) => /^wasix_32v1\.fd_dup\(99\) = BADF$/.test(l)), 'an errno by name');
  t.ok(trace.some((l) => /^fd_write\(/.test(l)), 'wasi-libc\'s own preview1 calls unprefixed');
  const socks = onNode('sock-bad-input', ['denied']).trace;
  t.ok(socks.some((l) => /^wasix_32v1\.sock_open\(INET4, STREAM, 6\) = 0 \(fd \d+\)$/.test(l)), 'enums by name');
  const proc = onNode('proc', []).trace;
  t.ok(proc.some((l) => /^wasix_32v1\.thread_spawn_v2\(\d+, \d+\) = NOTSUP$/.test(l)), 'an unsupported call with its raw arguments');
});

t.test('p1run runs a WASIX module, and --trace shows its calls with their namespace', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const { childEnv } = await import('./support.js');
  const r = spawnSync(process.execPath, [join(root, 'dist', 'src', 'cli.js'), '--trace', join(fixtures, 'proc.wasm')],
    { env: childEnv, encoding: 'utf8', timeout: 30_000 });
  t.equal(r.status, 0);
  t.match(r.stderr, /^wasix_32v1\.proc_id\(\) = 0 \(1\)$/m);
  t.match(r.stderr, /^wasix_32v1\.thread_sleep\(20000000\) = 0$/m);
  t.match(r.stderr, /^wasix_32v1\.tty_get\(state=0x[0-9a-f]+\) = 0$/m);
  t.match(r.stderr, /^wasix_32v1\.proc_join\(pid=0x[0-9a-f]+, 0, status=0x[0-9a-f]+\) = CHILD$/m);
  t.match(r.stderr, /^proc: ok$/m);
});

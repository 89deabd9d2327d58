/**
 * Runs the WASIX fixtures (test/fixtures/wasix/) on the peer, @wasmer/sdk in
 * Node (Wasmer and WASIX compiled to WebAssembly, with node:net and node:dns
 * as its network), each in a process of its own with a time limit, and
 * prints what each answered: the lines where the fixture found another
 * errno or value than the adapter gives. Loopback only; nothing is fetched
 * (raw modules need no package registry).
 *
 *   node dist/tools/wasmer-peer.js            every fixture, a markdown table
 *   node dist/tools/wasmer-peer.js NAME ARGS  one fixture, in this process
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'wasix');
const LIMIT_MS = 20_000;

/** Each fixture as test/wasix.test.ts runs it (1 is a port nothing listens on). */
const runs: readonly (readonly string[])[] = [
  ['dup'], ['pipe'], ['event'], ['cwd'], ['proc'], ['mixed'], ['tcp', '1'], ['udp'], ['resolve', 'granted'],
  ['sock-bad-input', 'granted'], ['mixed', 'sockets'],
];

async function runOne(name: string, args: string[]): Promise<void> {
  const { Wasmer } = await import('@wasmer/sdk/node');
  const wasmer = new Wasmer();
  const pkg = await wasmer.packages.create({
    modules: { app: new Uint8Array(readFileSync(join(fixtures, `${name}.wasm`))) },
    commands: { main: { module: 'app' } },
  });
  const sandbox = await wasmer.sandboxes.create({ packages: [pkg], network: { mode: 'host' } });
  const out = await sandbox.command(pkg, args).run({ check: false });
  process.stdout.write(JSON.stringify({ code: out.exitCode, stderr: out.stderr.text() }));
  await sandbox.close();
  await wasmer.close();
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function runAll(): void {
  console.log('| fixture | @wasmer/sdk |');
  console.log('|---|---|');
  for (const [name, ...args] of runs) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name!, ...args], { timeout: LIMIT_MS, encoding: 'utf8' });
    let shown: string;
    if (r.error !== undefined || r.signal !== null) shown = `no answer in ${LIMIT_MS / 1000} s`;
    else {
      try {
        const { code, stderr } = JSON.parse(r.stdout) as { code: number; stderr: string };
        shown = stderr.trim() === `${[name, ...args.filter((a) => a !== '1' && a !== 'granted')].join(' ')}: ok` && code === 0
          ? 'passes' : `exit ${code}: ${stderr.trim()}`;
      } catch {
        shown = `failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`;
      }
    }
    console.log(`| ${[name, ...args].join(' ')} | ${cell(shown)} |`);
  }
}

const [name, ...args] = process.argv.slice(2);
if (name === undefined) runAll();
else await runOne(name, args);

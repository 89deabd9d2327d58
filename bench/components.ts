/**
 * The official route, prepared at bench time: the wasmtime preview1 component
 * adapter that jco ships is applied to a workload module with `jco new
 * --wasi-command`, and the component is transpiled with `jco transpile
 * --instantiation async` in one of jco's import-bindings modes. Results are
 * cached in bench/results/tmp/components/ under a key of the module's hash,
 * jco's version and the mode, since pandoc's 58 MB module takes a while.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot, scratchDir } from './common.js';

export const bindingModes = ['js', 'hybrid', 'optimized', 'direct-optimized'] as const;
export type BindingMode = (typeof bindingModes)[number];

const jcoDir = join(repoRoot, 'node_modules/@bytecodealliance/jco');
export const commandAdapter = join(jcoDir, 'lib/wasi_snapshot_preview1.command.wasm');

function jcoPackage(): { version: string; bin: Record<string, string> } {
  return JSON.parse(readFileSync(join(jcoDir, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
}

export function jcoVersion(): string {
  return jcoPackage().version;
}

export interface PreparedComponent {
  dir: string;
  entry: string;
}

function jco(args: string[]): void {
  const bin = join(jcoDir, jcoPackage().bin['jco']!);
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    const text = r.stderr || r.stdout || r.error?.message || `exit ${r.status}`;
    // jco prints its message first and a JS stack after it: keep the message.
    const why = text.split('\n').filter((l) => l.trim() && !/^\s+at /.test(l)).slice(0, 4).join(' ');
    throw new Error(`jco ${args[0]}: ${why}`);
  }
}

/** The transpiled component for `wasm` in `mode`; throws with jco's own message when it cannot be made. */
export function prepareComponent(wasm: string, mode: BindingMode): PreparedComponent {
  const bytes = readFileSync(wasm);
  const key = createHash('sha256').update(bytes).update(jcoVersion()).update(mode).digest('hex').slice(0, 16);
  const name = basename(wasm, '.wasm').replace(/[^a-zA-Z0-9_-]/g, '_');
  const dir = join(scratchDir, 'components', `${name}-${mode}-${key}`);
  const entry = `${name}.js`;
  const stamp = join(dir, '.done');
  if (existsSync(stamp)) return { dir, entry };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const component = join(dir, `${name}.component.wasm`);
  jco(['new', wasm, '--wasi-command', '--adapt', `wasi_snapshot_preview1=${commandAdapter}`, '-o', component]);
  jco([
    'transpile', component, '--name', name, '--instantiation', 'async', '--import-bindings', mode,
    '--no-typescript', '--quiet', '-o', dir,
  ]);
  // The component itself is not loaded at run time; only the transpiled core modules are.
  rmSync(component);
  if (!readdirSync(dir).includes(entry)) throw new Error(`jco transpile wrote no ${entry}`);
  writeFileSync(stamp, '');
  return { dir, entry };
}

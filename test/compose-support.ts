/** What the compose tests share: the component, the hosts, counted drops and the legacy module. Not a test itself. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Descriptor, Host, InputStream, OutputStream } from '../adapter/host.js';
import type { ResourceTable } from '../adapter/table.js';
import { createMemoryHost, type MemoryHost } from '../src/hosts/memory/index.js';
import { createNodeHost } from '../src/hosts/node/index.js';
import { createPreview2ShimHost } from '../src/hosts/preview2-shim.js';
import { WASI } from '../src/node.js';

// dist/test/ -> the committed component and module: built by build:wasm, not by tsc.
const componentDir = fileURLToPath(new URL('../../examples/compose/component/js/', import.meta.url));
const modulePath = fileURLToPath(new URL('../../test/fixtures/compose.wasm', import.meta.url));

/** examples/compose/component/wit/lines.wit's `lines`, as jco's bindings present it; errors are thrown. */
export interface Lines {
  produce(out: OutputStream, count: number): boolean;
  generate(dir: Descriptor, name: string, count: number): Descriptor;
  open(dir: Descriptor, name: string): Descriptor;
  reader(file: Descriptor): InputStream;
  writer(file: Descriptor): OutputStream;
  drain(input: InputStream): Uint8Array;
  readAll(file: Descriptor): Uint8Array;
  consume(file: Descriptor): Uint8Array;
}

/** A fresh instance of the component over `host`. */
export async function instantiateLines(host: Host): Promise<Lines> {
  const { instantiate } = (await import(join(componentDir, 'lines.js'))) as {
    instantiate(getCoreModule: (path: string) => Promise<WebAssembly.Module>, imports: object): Promise<{ lines: Lines }>;
  };
  return (await instantiate((path) => WebAssembly.compile(readFileSync(join(componentDir, path))), host)).lines;
}

/** What produce writes for `count` lines. */
export function linesText(count: number): string {
  let out = '';
  for (let n = 1; n <= count; n++) out += `${n}\n`;
  return out;
}

/** What the module's `pattern` mode writes. */
export function pattern(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => i & 0xff);
}

/** A host with one preopen, `/`, and the files the guests wrote there. */
export interface TestHost {
  host: Host;
  /** The host's descriptor for `/`: the embedder's own handle, dropped by close(). */
  root: Descriptor;
  read(path: string): Uint8Array;
  close(): void;
}

function onDisk(make: (dir: string) => Host & { close(): void }): () => TestHost {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    const host = make(dir);
    const [[root]] = host['wasi:filesystem/preopens'].getDirectories() as [[Descriptor, string]];
    return {
      host, root,
      read: (path) => readFileSync(join(dir, path)),
      close() {
        host.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

function inMemory(): TestHost {
  const host: MemoryHost = createMemoryHost({ files: {} });
  const [[root]] = host['wasi:filesystem/preopens'].getDirectories() as [[Descriptor, string]];
  return {
    host, root,
    read: (path) => host.readFile(`/${path}`),
    close() {
      (root as unknown as Disposable)[Symbol.dispose]();
      host.close();
    },
  };
}

/** The hosts a component and a module share, by name. */
export const testHosts: [string, () => TestHost][] = [
  ['node', onDisk((dir) => createNodeHost({ preopens: { '/': dir } }))],
  ['preview2-shim', onDisk((dir) => createPreview2ShimHost({ preopens: { '/': dir } }))],
  ['memory', inMemory],
];

/** How often each resource of a host was dropped, by anyone: the adapter, a component, the test. */
export interface Drops {
  of(resource: object): number;
  /** Puts the host's classes back as they were. */
  restore(): void;
}

const dispose: typeof Symbol.dispose = Symbol.dispose;

/** Counts drops of the host's streams and descriptors, by wrapping their classes' dispose. */
export function countDrops(host: Host): Drops {
  const counts = new WeakMap<object, number>();
  const classes = [host['wasi:io/streams'].InputStream, host['wasi:io/streams'].OutputStream, host['wasi:filesystem/types'].Descriptor];
  const restores = classes.map((cls) => {
    const proto = (cls as unknown as { prototype: Record<symbol, (this: object) => void> }).prototype;
    const own = Object.hasOwn(proto, dispose);
    const original = proto[dispose]!;
    proto[dispose] = function counted(this: object): void {
      counts.set(this, (counts.get(this) ?? 0) + 1);
      original.call(this);
    };
    return () => {
      if (own) proto[dispose] = original;
      else delete proto[dispose];
    };
  });
  return { of: (resource) => counts.get(resource) ?? 0, restore: () => { for (const r of restores) r(); } };
}

let compiled: WebAssembly.Module | undefined;

/** test/fixtures/compose.c, compiled once. */
export function composeModule(): WebAssembly.Module {
  return (compiled ??= new WebAssembly.Module(readFileSync(modulePath)));
}

/** Runs the legacy module with `args` on `host` over `table`; its exit code, or what it threw (a trap). */
export function runModule(host: Host, table: ResourceTable, args: string[]): number {
  const wasi = new WASI({ host, table, args: ['compose', ...args] });
  const instance = new WebAssembly.Instance(composeModule(), { wasi_snapshot_preview1: wasi.wasiImport });
  return wasi.start(instance);
}

export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** Where two byte strings first differ ('same' when they do not): tap's deep compare of large arrays takes seconds. */
export function firstDifference(found: Uint8Array, wanted: Uint8Array): string {
  const n = Math.min(found.length, wanted.length);
  for (let i = 0; i < n; i++) if (found[i] !== wanted[i]) return `byte ${i}: ${found[i]}, not ${wanted[i]}`;
  return found.length === wanted.length ? 'same' : `${found.length} bytes, not ${wanted.length}`;
}

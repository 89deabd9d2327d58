/**
 * The page side of the browser bench: runs bench/wasm/micro.wasm in
 * Chromium on one browser WASI implementation, over in-memory files made
 * like the Node bench's fixture, and hands back the guest's RESULT line.
 * Bundled by tools/bundle.ts; sets `globalThis.runMicro`.
 */
import './browser-buffer.js';
import * as shim from '@bjorn3/browser_wasi_shim';
import { WASI as TybysWASI } from '@tybys/wasm-util';
import { Volume, createFsFromVolume } from 'memfs-browser';
import type { BrowserBenchRun, BrowserBenchResult } from './browser-protocol.js';
import { adapterRun } from './browser-adapter.js';

/** The microbenchmarks' fixture, byte for byte as bench/run.ts makes it on disk. */
export interface Fixture {
  readBin: Uint8Array;
  statTxt: Uint8Array;
  entries: string[];
}

function fixture(): Fixture {
  const readBin = new Uint8Array(4 << 20);
  for (let i = 0; i < readBin.length; i++) readBin[i] = Math.imul(i, 2654435761) >>> 24;
  return {
    readBin,
    statTxt: new TextEncoder().encode('the file path_open and path_filestat_get look up\n'),
    entries: Array.from({ length: 1000 }, (_, i) => `entry-${String(i).padStart(4, '0')}.txt`),
  };
}

/** A run's output: the RESULT line may come on stdout or (stdout_64) on stderr. */
export class Lines {
  text = '';
  readonly #decoder = new TextDecoder();
  /** Keeps only the tail: the stdout workload writes megabytes of measured data. */
  push(bytes: Uint8Array): void {
    this.text = (this.text + this.#decoder.decode(bytes, { stream: true })).slice(-4096);
  }
  result(): string | undefined {
    return this.text.split('\n').reverse().find((l) => l.startsWith('RESULT '));
  }
}

export interface Runner {
  imports: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<number>;
}

function browserWasiShim(args: string[], f: Fixture, out: Lines, err: Lines): Runner {
  const dir = new Map<string, shim.Inode>(f.entries.map((name) => [name, new shim.File(new Uint8Array(0))]));
  const data = new Map<string, shim.Inode>([
    ['read.bin', new shim.File(f.readBin)],
    ['stat.txt', new shim.File(f.statTxt)],
    ['dir1000', new shim.Directory(dir)],
  ]);
  const fds: shim.Fd[] = [
    new shim.OpenFile(new shim.File(new Uint8Array(0))),
    new shim.ConsoleStdout((b) => out.push(b)),
    new shim.ConsoleStdout((b) => err.push(b)),
    new shim.PreopenDirectory('/data', data),
  ];
  const wasi = new shim.WASI(args, [], fds);
  return {
    imports: { wasi_snapshot_preview1: wasi.wasiImport },
    run: async (instance) => wasi.start(instance as never),
  };
}

function tybys(args: string[], f: Fixture, out: Lines, err: Lines): Runner {
  const volume = new Volume();
  volume.mkdirSync('/data/dir1000', { recursive: true });
  volume.writeFileSync('/data/read.bin', f.readBin);
  volume.writeFileSync('/data/stat.txt', f.statTxt);
  for (const name of f.entries) volume.writeFileSync(`/data/dir1000/${name}`, '');
  const encoder = new TextEncoder();
  const wasi = new TybysWASI({
    version: 'preview1',
    args,
    env: {},
    preopens: { '/data': '/data' },
    fs: createFsFromVolume(volume) as never,
    print: (text: string) => out.push(encoder.encode(`${text}\n`)),
    printErr: (text: string) => err.push(encoder.encode(`${text}\n`)),
    returnOnExit: true,
  });
  return {
    imports: { wasi_snapshot_preview1: wasi.wasiImport as WebAssembly.ModuleImports },
    run: async (instance) => (wasi.start(instance) as number | undefined) ?? 0,
  };
}

let cached: { module: WebAssembly.Module; fixture: Fixture } | undefined;

async function runMicro(request: BrowserBenchRun): Promise<BrowserBenchResult> {
  cached ??= { module: await WebAssembly.compileStreaming(fetch(request.wasm)), fixture: fixture() };
  const out = new Lines();
  const err = new Lines();
  const args = ['micro', request.mode, String(request.budgetMs), String(request.maxIters), String(request.warmupMs)];
  const make = request.impl === 'browser_wasi_shim' ? browserWasiShim : request.impl === '@tybys/wasm-util' ? tybys : adapterRun;
  const runner = make(args, cached.fixture, out, err);
  const instance = await WebAssembly.instantiate(cached.module, runner.imports);
  const exit = await runner.run(instance);
  const line = (request.mode === 'stdout_64' ? err : out).result();
  return { exit, result: line, stderr: err.text.slice(-1000) };
}

(globalThis as Record<string, unknown>).runMicro = runMicro;

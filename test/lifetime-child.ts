/**
 * Run with `node --expose-gc`: instances dropped without ending (reactors,
 * threaded modules whose `_start` returned, modules never started) and then
 * collected give their host fds back. Prints one JSON line of fd counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WASI } from '../src/index.js';
import { openFds, openingModule } from './lifetime-support.js';

const host = process.argv[2] ?? 'node';
const dir = mkdtempSync(join(tmpdir(), 'p1-lifetime-'));
const reactor = openingModule('_initialize', false);
const threaded = openingModule('_start', true);
const gc = (globalThis as { gc?: () => void }).gc!;

function make(): WASI {
  return new WASI({ version: 'preview1', preopens: { '/': dir }, host });
}

/** 200 instances of each kind, left without a reference; they still hold fds until collected. */
function abandon(): void {
  for (let i = 0; i < 200; i++) {
    const wasi = make();
    wasi.initialize(new WebAssembly.Instance(reactor, wasi.getImportObject() as WebAssembly.Imports));
  }
  for (let i = 0; i < 200; i++) {
    const wasi = make();
    wasi.start(new WebAssembly.Instance(threaded, wasi.getImportObject() as WebAssembly.Imports));
  }
  for (let i = 0; i < 200; i++) make();
}

async function collect(): Promise<void> {
  // Finalizers run from the event loop, after a collection has found their targets gone.
  for (let i = 0; i < 10; i++) {
    gc();
    await sleep(20);
  }
}

make(); // the first host loads modules and may open fds of its own for good: not part of the count
await collect();
const baseline = openFds();
abandon();
const held = openFds();
await collect();
const after = openFds();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ baseline, held, after }));

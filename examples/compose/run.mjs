// The compose example: a component and a legacy preview1 module on one host,
// sharing resources through one table (README: "Components and legacy
// modules together"). The component (component/lines.c, built to
// component/lines.wasm and transpiled by jco to component/js/) writes
// numbered lines to a file and hands over a stream reading it; the module
// (tally.c) reads that stream as its stdin and writes its result to a file,
// which the component reads back through a descriptor.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, ResourceTable, WASI } from 'wasi-preview1-adapter';
import { instantiate } from './component/js/lines.js';

const here = new URL('.', import.meta.url);
const count = Number(process.argv[2] ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'compose-example-'));

// One host for both: the same preopens, clocks and stdio, and resources either can use.
const host = createHost('node', { preopens: { '/': dir } });
const { lines } = await instantiate((path) => WebAssembly.compile(readFileSync(new URL(`component/js/${path}`, here))), host);
const table = new ResourceTable();
const wasi = new WASI({ host, table, args: ['tally', '/result.txt'] });

// The module's preopen (fd 3), lent to the component for each call: a borrow.
const root = table.resource(3).descriptor;
const numbers = lines.generate(root, 'numbers.txt', count); // own<descriptor>: ours now
// The component's stream becomes the module's stdin; the table owns it from here on.
table.give({ kind: 'streams', input: lines.reader(numbers) }, { fd: 0 });

const module = await WebAssembly.compile(readFileSync(new URL('tally.wasm', here)));
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
const code = wasi.start(instance);

// The module's result, read back by the component through a descriptor it opens, reads, and drops.
const text = new TextDecoder().decode(lines.consume(lines.open(root, 'result.txt')));
console.log(`tally exited with ${code}; /result.txt, read back by the component:\n${text.trimEnd()}`);

// A table we passed in is ours to close (the instance never does): this drops the
// stdin stream and the preopen; the stream's file after it, since a stream is its child.
table.closeAll();
numbers[Symbol.dispose]();
host.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = code;

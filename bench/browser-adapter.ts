/**
 * The browser bench's runner for this adapter: the in-memory host holding
 * the fixture, instantiated with getImportObject() and run with startAsync,
 * the route a page takes by default (JSPI imports, since a page's main thread
 * cannot block and the host may answer a wait with a promise).
 */
import { WASI, createHost, type MemoryTree } from '../src/browser.js';
import type { Fixture, Lines, Runner } from './browser-page.js';

export function adapterRun(args: string[], f: Fixture, out: Lines, err: Lines): Runner {
  const files: MemoryTree = { 'data/read.bin': f.readBin, 'data/stat.txt': f.statTxt, 'data/dir1000/': {} };
  for (const name of f.entries) files[`data/dir1000/${name}`] = '';
  const host = createHost('memory', {
    files,
    preopens: { '/data': '/data' },
    stdout: (b: Uint8Array) => out.push(b),
    stderr: (b: Uint8Array) => err.push(b),
  });
  const wasi = new WASI({ host, args });
  return {
    imports: wasi.getImportObject() as unknown as WebAssembly.Imports,
    run: (instance) => wasi.startAsync(instance),
  };
}

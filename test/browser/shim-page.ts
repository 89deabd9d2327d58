/**
 * preview2-shim's browser host as a page gets it by default: one stdout for
 * the whole page, written to the console. Two instances in a row must both
 * be heard. Bundled by tools/bundle.ts; sets `globalThis.runTwiceOnShim`.
 */
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { WASI, type Host } from '../../src/browser.js';

async function runTwiceOnShim(wasmUrl: string): Promise<{ codes: number[]; lines: string[] }> {
  const module = await WebAssembly.compileStreaming(fetch(wasmUrl));
  const lines: string[] = [];
  const log = console.log;
  console.log = (line: string) => lines.push(String(line));
  const codes: number[] = [];
  try {
    for (const run of ['first', 'second']) {
      const host = new WASIShim().getImportObject() as unknown as Host;
      const wasi = new WASI({ host, args: ['hello', run] });
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as unknown as WebAssembly.Imports);
      codes.push(await wasi.startAsync(instance));
    }
  } finally {
    console.log = log;
  }
  return { codes, lines };
}

(globalThis as Record<string, unknown>).runTwiceOnShim = runTwiceOnShim;

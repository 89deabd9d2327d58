/**
 * A real program in the browser: ruby+stdlib.wasm through @ruby/wasm-wasi's
 * RubyVM, with this package's WASI as `wasip1` over the in-memory host. The
 * script reads and writes files of the tree; the page shows what it
 * returned. Bundled by tools/bundle.ts; sets `globalThis.runRuby`.
 */
import { RubyVM } from '@ruby/wasm-wasi';
import { WASI, createHost } from '../../src/browser.js';

export interface RubyResult {
  value: string;
  out: string;
  stdout: string;
}

async function runRuby(wasmUrl: string, script: string): Promise<RubyResult> {
  const module = await WebAssembly.compileStreaming(fetch(wasmUrl));
  let stdout = '';
  const decoder = new TextDecoder();
  const host = createHost('memory', {
    files: { 'work/in.txt': 'hello\nwasi world\nthree\n' },
    stdout: (bytes: Uint8Array) => { stdout += decoder.decode(bytes, { stream: true }); },
  });
  const wasi = new WASI({ host, args: ['ruby.wasm'], env: { GREETING: 'from the page' } });
  const { vm } = await RubyVM.instantiateModule({ module, wasip1: wasi as never });
  const value = vm.eval(script).toString();
  const result: RubyResult = { value, out: decoder.decode(host.readFile('/work/out.txt')), stdout };
  const shown = document.createElement('pre');
  shown.id = 'ruby-result';
  shown.textContent = `${value}\n${result.out}`;
  document.body.append(shown);
  return result;
}

(globalThis as Record<string, unknown>).runRuby = runRuby;

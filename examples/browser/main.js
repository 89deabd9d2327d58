// The browser example: a preview1 module over the in-memory host, its stdout
// shown as it comes and the files it wrote read back from the host's tree.
import { WASI, createHost, runInWorker } from '../../dist/browser/wasi-preview1-adapter.js';

const $ = (id) => document.getElementById(id);
const modulePromise = WebAssembly.compileStreaming(fetch(new URL('./wordcount.wasm', import.meta.url)));
const jspi = typeof WebAssembly.Suspending === 'function';
$('route').textContent = jspi ? 'blocking calls: JSPI' : 'blocking calls: a worker with Atomics.wait';

async function run() {
  $('run').disabled = true;
  $('stdout').textContent = '';
  $('files').textContent = '';
  const decoder = new TextDecoder();
  const show = (bytes) => { $('stdout').textContent += decoder.decode(bytes, { stream: true }); };
  const host = createHost('memory', {
    files: { 'docs/poem.txt': $('poem').value, 'docs/notes.txt': $('notes').value },
    stdout: show,
    stderr: show,
  });
  const module = await modulePromise;
  let code;
  if (jspi) {
    const wasi = new WASI({ host, args: ['wordcount'] });
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    code = await wasi.startAsync(instance);
  } else {
    code = await runInWorker({ module, host, args: ['wordcount'] });
  }
  const written = Object.entries(host.files()).filter(([path]) => path.startsWith('out/') && !path.endsWith('/'));
  $('files').textContent = written.map(([path, bytes]) => `/${path}\n${decoder.decode(bytes)}`).join('\n')
    + `\n(exit code ${code})`;
  document.body.dataset.done = String(code);
  $('run').disabled = false;
}

$('run').addEventListener('click', () => { run().catch((e) => { $('stdout').textContent += `\n${e}`; $('run').disabled = false; }); });

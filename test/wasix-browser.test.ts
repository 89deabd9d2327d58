// WASIX in a real headless Chromium: the browser bundle gives wasix_32v1,
// and the WASIX fixtures run over the in-memory host through startAsync,
// where thread_sleep and poll_oneoff wait on timers through JSPI.
import t from 'tap';
import { openChromium, type BrowserSession } from '../tools/chromium.js';

const LIBRARY = '/dist/browser/wasi-preview1-adapter.js';

t.setTimeout(180_000);

let session: BrowserSession;
t.before(async () => {
  session = await openChromium();
});
t.teardown(() => session?.close());
t.afterEach(async () => {
  t.same(session.pageErrors.splice(0), [], 'nothing went uncaught in the page');
});

t.test('the WASIX fixtures pass over the memory host through JSPI', async (t) => {
  const results = await session.page.evaluate(async (lib) => {
    const { WASI, createHost } = await import(lib);
    const out: Record<string, { code: number; stderr: string; jspi: boolean }> = {};
    for (const name of ['dup', 'pipe', 'event', 'cwd', 'proc', 'mixed']) {
      let stderr = '';
      const host = createHost('memory', {
        files: { 'dot/top.txt': 'top', 'dot/sub/inner.txt': 'inner', 'data/d.txt': 'd', 'data/dir/x.txt': 'x' },
        preopens: { '.': '/dot', '/data': '/data' },
        stderr: (b: Uint8Array) => { stderr += new TextDecoder().decode(b); },
      });
      const wasi = new WASI({ host, args: [name] });
      const module = await WebAssembly.compileStreaming(fetch(`/test/fixtures/wasix/${name}.wasm`));
      const imports = wasi.getImportObject();
      const instance = await WebAssembly.instantiate(module, imports);
      const jspi = !(imports.wasix_32v1.thread_sleep instanceof Function);
      out[name] = { code: await wasi.startAsync(instance), stderr, jspi };
      host.close();
    }
    return out;
  }, LIBRARY);
  for (const [name, r] of Object.entries(results)) {
    t.equal(r.stderr, `${name}: ok\n`, name);
    t.equal(r.code, 0, name);
  }
  t.ok(results.proc!.jspi, 'thread_sleep is a JSPI import where the host\'s timers answer with promises');
});

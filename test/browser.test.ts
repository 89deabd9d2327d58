// The browser entry in a real headless Chromium: the library bundle loads
// in a page with no bundler, blocking calls wait through JSPI over a host
// that answers with promises, a misuse gets its clear error, and Ruby runs
// on the in-memory host. (The conformance suite's browser columns are
// npm run conformance:browser.)
import t from 'tap';
import { loadScript, openChromium, type BrowserSession } from '../tools/chromium.js';

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

t.test('the bundle loads without a bundler and runs a module over the default in-memory host', async (t) => {
  const result = await session.page.evaluate(async (lib) => {
    const { WASI } = await import(lib);
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      const wasi = new WASI({ args: ['hello', 'a', 'b'], preopens: { '/': '/' } });
      const module = await WebAssembly.compileStreaming(fetch('/examples/hello.wasm'));
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
      const code = await wasi.startAsync(instance);
      await new Promise((r) => setTimeout(r, 0));
      return { code, lines, crossOriginIsolated };
    } finally {
      console.log = log;
    }
  }, LIBRARY);
  t.equal(result.code, 0);
  t.same(result.lines, ['Hello from a preview1 module running on WASI 0.2 (2 arguments)', '/ holds 2 entries'],
    'stdout went to the console line by line; the empty tree lists only . and ..');
  t.equal(result.crossOriginIsolated, true, 'the test server isolates its pages');
});

t.test('JSPI: a blocking read of a ReadableStream stdin waits for bytes fed later', async (t) => {
  const result = await session.page.evaluate(async (lib) => {
    const { WASI, createHost } = await import(lib);
    const text = 'x'.repeat(1000) + 'tail of the input\n' + 'abcdefghijkl';
    let feed: ReadableStreamDefaultController<Uint8Array>;
    const stdin = new ReadableStream<Uint8Array>({ start(c) { feed = c; } });
    let out = '';
    const host = createHost('memory', { stdin, stdout: (b: Uint8Array) => { out += new TextDecoder().decode(b); } });
    const wasi = new WASI({ host, args: ['stdio_stdin_read'] });
    const module = await WebAssembly.compileStreaming(fetch('/conformance/wasm/stdio_stdin_read.wasm'));
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    const running = wasi.startAsync(instance);
    const bytes = new TextEncoder().encode(text);
    let fed = 0;
    for (const size of [1, 500, 29, 500]) {
      await new Promise((r) => setTimeout(r, 20));
      feed!.enqueue(bytes.slice(fed, fed + size));
      fed += size;
    }
    feed!.close();
    return { code: await running, out, expected: text, fed };
  }, LIBRARY);
  t.equal(result.fed, 1030);
  t.equal(result.code, 0);
  t.equal(result.out, result.expected, 'every byte, in order, after four waits for more');
});

t.test('JSPI: poll_oneoff sleeps for its timeouts and reports its events', async (t) => {
  const result = await session.page.evaluate(async (lib) => {
    const { WASI, createHost } = await import(lib);
    let out = '';
    let err = '';
    const decode = new TextDecoder();
    const host = createHost('memory', {
      stdout: (b: Uint8Array) => { out += decode.decode(b); },
      stderr: (b: Uint8Array) => { err += decode.decode(b); },
    });
    const wasi = new WASI({ host, args: ['poll_clock_relative'] });
    const module = await WebAssembly.compileStreaming(fetch('/conformance/wasm/poll_clock_relative.wasm'));
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    const code = await wasi.startAsync(instance);
    return { code, out, err };
  }, LIBRARY);
  t.same(result, { code: 0, out: 'ok\n', err: '' }, 'the guest measured that it slept at least each timeout');
});

t.test('misuse gets its clear error, not a wrong answer', async (t) => {
  const result = await session.page.evaluate(async (lib) => {
    const { WASI, createHost } = await import(lib);
    const module = await WebAssembly.compileStreaming(fetch('/conformance/wasm/poll_clock_relative.wasm'));
    const host = () => createHost('memory', {});
    const jspi = new WASI({ host: host(), args: ['p'] });
    const jspiInstance = await WebAssembly.instantiate(module, jspi.getImportObject());
    let startWithJspiImports = '';
    try { jspi.start(jspiInstance); } catch (e) { startWithJspiImports = `${(e as Error).name}: ${(e as Error).message}`; }
    const plain = new WASI({ host: host(), args: ['p'] });
    const plainInstance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: plain.wasiImport });
    let syncWait = '';
    try { plain.start(plainInstance); } catch (e) { syncWait = `${(e as Error).name}: ${(e as Error).message}`; }
    return { startWithJspiImports, syncWait };
  }, LIBRARY);
  t.match(result.startWithJspiImports, /startAsync/, 'start() on JSPI imports says to use startAsync');
  t.match(result.syncWait, /^AsyncHostError: the host answered a (block|poll) with a promise/,
    'a plain start() over a host that must wait asynchronously says so');
});

t.test('a wait the host did not declare asynchronous fails clearly under startAsync, it does not suspend a plain import', async (t) => {
  const result = await session.page.evaluate(async (lib) => {
    const { WASI, ResourceTable, createHost } = await import(lib);
    // The memory host says only its timers wait on promises; this stdin, inserted by the embedder, does too.
    const host = createHost('memory', {});
    const sneaky = {
      read: () => new Uint8Array(0),
      blockingRead: () => new Promise((r) => setTimeout(() => r(new Uint8Array([65])), 10)),
      subscribe: () => ({ ready: () => false, block: () => new Promise((r) => setTimeout(r, 10)), [Symbol.dispose]() {} }),
      [Symbol.dispose]() {},
    };
    const table = new ResourceTable();
    table.insertStreams(sneaky, undefined);
    const wasi = new WASI({ host, table, args: ['stdio_stdin_read'] });
    const module = await WebAssembly.compileStreaming(fetch('/conformance/wasm/stdio_stdin_read.wasm'));
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    try {
      await wasi.startAsync(instance);
      return 'ran';
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  }, LIBRARY);
  t.match(result, /^AsyncHostError: the host answered a read with a promise/);
});

t.test('preview2-shim\'s page-wide stdout: a second instance is heard after the first ends', async (t) => {
  await loadScript(session.page, '/dist/browser/pages/shim.js', 'runTwiceOnShim');
  const result = await session.page.evaluate(() => (globalThis as unknown as {
    runTwiceOnShim(url: string): Promise<{ codes: number[]; lines: string[] }>;
  }).runTwiceOnShim('/examples/hello.wasm'));
  t.same(result.codes, [1, 1], 'hello ends with 1 there: the shim has no / preopened for it to list');
  t.same(result.lines.filter((l) => l.startsWith('Hello')), [
    'Hello from a preview1 module running on WASI 0.2 (1 argument)',
    'Hello from a preview1 module running on WASI 0.2 (1 argument)',
  ], 'both greetings reached the console: the first instance did not drop the shared stream');
});

t.test('without process: returnOnExit false throws WASIExitError with the code, trace: true goes to console.error', async (t) => {
  const result = await session.page.evaluate(async (lib) => {
    const { WASI, WASIExitError } = await import(lib);
    const module = await WebAssembly.compileStreaming(fetch('/conformance/wasm/proc_exit_42.wasm'));
    const traced: string[] = [];
    const error = console.error;
    console.error = (line: string) => traced.push(String(line));
    try {
      const wasi = new WASI({ args: ['proc_exit_42'], returnOnExit: false, trace: true });
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
      try {
        await wasi.startAsync(instance);
        return { thrown: 'nothing', traced };
      } catch (e) {
        return { thrown: e instanceof WASIExitError ? `WASIExitError ${(e as { code: number }).code}` : String(e), traced };
      }
    } finally {
      console.error = error;
    }
  }, LIBRARY);
  t.equal(result.thrown, 'WASIExitError 42');
  t.match(result.traced.at(-1), /^proc_exit\(42\) = exit 42$/, 'the trace\'s last line is the exit');
});

t.test('Ruby (ruby+stdlib.wasm through @ruby/wasm-wasi) reads and writes the in-memory tree', async (t) => {
  await loadScript(session.page, '/dist/browser/pages/ruby.js', 'runRuby');
  const result = await session.page.evaluate(() => (globalThis as unknown as {
    runRuby(url: string, script: string): Promise<{ value: string; out: string }>;
  }).runRuby('/node_modules/@ruby/3.4-wasm-wasi/dist/ruby+stdlib.wasm', `
    s = File.read("/work/in.txt")
    File.write("/work/out.txt", s.upcase + "lines=#{s.lines.count}\\n")
    Dir.mkdir("/work/made")
    [s.lines.count, ENV["GREETING"], Dir.children("/work").sort.join("+")].join(",")
  `));
  t.equal(result.value, '3,from the page,in.txt+made+out.txt');
  t.equal(result.out, 'HELLO\nWASI WORLD\nTHREE\nlines=3\n', 'the host holds what Ruby wrote');
  t.equal(await session.page.textContent('#ruby-result'), `${result.value}\n${result.out}`, 'and the page shows it');
});

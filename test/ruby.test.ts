// The drop-in proof of issue 2: @ruby/wasm-wasi takes this package's WASI
// exactly as it takes node:wasi's or browser_wasi_shim's, and ruby.wasm's file
// I/O, env and args go through the preview1 adapter onto the WASI 0.2 host.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RubyVM } from '@ruby/wasm-wasi';
import t from 'tap';
import { WASI, systemHostNames } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rubyWasm = join(root, 'node_modules', '@ruby', '3.4-wasm-wasi', 'dist', 'ruby+stdlib.wasm');

// ruby.wasm starts in ~2-3 s on either host; leave room for slow CI machines.
t.setTimeout(120_000);

const module = await WebAssembly.compile(readFileSync(rubyWasm));

for (const host of systemHostNames) {
  t.test(`ruby+stdlib.wasm through RubyVM.instantiateModule on host ${host}`, async (t) => {
    const tmp = mkdtempSync(join(tmpdir(), 'p1-ruby-'));
    t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
    writeFileSync(join(tmp, 'in.txt'), 'hello\nwasi world\nthree\n');

    const wasi = new WASI({
      version: 'preview1',
      args: ['ruby.wasm', 'first-arg'],
      env: { GREETING: 'from the embedder' },
      preopens: { '/work': tmp },
      host,
    });
    const started = performance.now();
    const { vm } = await RubyVM.instantiateModule({ module, wasip1: wasi });
    t.comment(`${host}: RubyVM.instantiateModule took ${Math.round(performance.now() - started)} ms`);

    const result = vm.eval(`
      s = File.read("/work/in.txt")
      File.write("/work/out.txt", s.upcase + "lines=#{s.lines.count}\\n")
      [s.lines.count, ENV["GREETING"], Dir.children("/work").sort.join("+"), File.exist?("/etc/passwd")].join(",")
    `);
    t.equal(result.toString(), '3,from the embedder,in.txt+out.txt,false',
      'Ruby reads the preopened file, sees the env, lists the preopen and nothing outside it');
    t.equal(readFileSync(join(tmp, 'out.txt'), 'utf8'), 'HELLO\nWASI WORLD\nTHREE\nlines=3\n',
      'the file Ruby wrote is on the host');

    // A second evaluation in the same VM: appending and reading back through the same adapter.
    const appended = vm.eval(`
      File.open("/work/out.txt", "a") { |f| f.write("tail\\n") }
      File.read("/work/out.txt").lines.last
    `);
    t.equal(appended.toString(), 'tail\n');
    t.equal(readFileSync(join(tmp, 'out.txt'), 'utf8'), 'HELLO\nWASI WORLD\nTHREE\nlines=3\ntail\n');

    // Errors from the host surface as Ruby exceptions, not as crashes of the embedder.
    const missing = vm.eval(`
      begin
        File.read("/work/missing.txt")
        "no error"
      rescue SystemCallError => e
        e.class.name
      end
    `);
    t.equal(missing.toString(), 'Errno::ENOENT');
  });
}

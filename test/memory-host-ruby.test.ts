// A real program over the memory host: ruby.wasm (through @ruby/wasm-wasi,
// with this package's WASI as its wasip1) reads a file of the tree, writes
// new ones and lists a directory, and the embedder reads what it wrote.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RubyVM } from '@ruby/wasm-wasi';
import t from 'tap';
import { WASI, createHost } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rubyWasm = join(root, 'node_modules', '@ruby', '3.4-wasm-wasi', 'dist', 'ruby+stdlib.wasm');

// ruby.wasm starts in a few seconds; leave room for slow CI machines.
t.setTimeout(120_000);

t.test('ruby+stdlib.wasm reads and writes the in-memory tree', async (t) => {
  const module = await WebAssembly.compile(readFileSync(rubyWasm));
  let out = '';
  const host = createHost('memory', {
    files: { 'home/in.txt': 'hello\nwasi world\nthree\n', 'home/notes/': {} },
    preopens: { '/work': 'home' },
    stdout: (bytes) => { out += new TextDecoder().decode(bytes); },
  });
  const wasi = new WASI({ version: 'preview1', args: ['ruby.wasm'], env: { GREETING: 'from the page' }, host });
  const { vm } = await RubyVM.instantiateModule({ module, wasip1: wasi });
  const result = vm.eval(`
    s = File.read("/work/in.txt")
    File.write("/work/out.txt", s.upcase + "lines=#{s.lines.count}\\n")
    Dir.mkdir("/work/notes/today")
    File.symlink("../out.txt", "/work/notes/latest")
    File.open("/work/notes/today/log", "a") { |f| f.puts "one"; f.puts "two" }
    $stdout.puts "printed"
    $stdout.flush
    [Dir.children("/work").sort.join("+"), ENV["GREETING"], File.read("/work/notes/latest").lines.last.chomp].join(",")
  `);
  t.equal(result.toString(), 'in.txt+notes+out.txt,from the page,lines=3');
  t.equal(new TextDecoder().decode(host.readFile('home/out.txt')), 'HELLO\nWASI WORLD\nTHREE\nlines=3\n');
  t.same(Object.keys(host.files()), [
    'home/', 'home/in.txt', 'home/notes/', 'home/notes/latest', 'home/notes/today/', 'home/notes/today/log', 'home/out.txt',
  ]);
  t.same(host.files()['home/notes/latest'], { symlink: '../out.txt' });
  t.equal(new TextDecoder().decode(host.readFile('home/notes/today/log')), 'one\ntwo\n');
  t.equal(out, 'printed\n');
  const missing = vm.eval(`
    begin
      File.read("/work/missing.txt")
    rescue SystemCallError => e
      e.class.name
    end
  `);
  t.equal(missing.toString(), 'Errno::ENOENT');
});

/**
 * The page side of the browser conformance runner: runs one program on the
 * browser entry of the adapter, over a browser host built from the spec's
 * trees, and hands back what it printed, its exit code and the trees after.
 * Bundled by tools/bundle.ts; sets `globalThis.runConformance`.
 */
import { WASI, createHost, runInWorker, type Host, type MemoryTree } from '../src/browser.js';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { InMemoryFilesystemAdapter } from '@bytecodealliance/preview2-shim/filesystem';
import type { BrowserOutcome, BrowserRun, FlatTree } from './browser-protocol.js';

/** runInWorker's script as the library bundle ships it; this page is bundled elsewhere. */
const WORKER_SCRIPT = '/dist/browser/browser-entry.js';
const TRAP_EXIT = 134;
const HOST_ERROR_EXIT = 70;

/** Bytes a stream received, kept in order. */
class Sink {
  readonly chunks: Uint8Array[] = [];
  push(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }
  text(): string {
    const all = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    return new TextDecoder().decode(all);
  }
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

/** A host for one run, and how to read its preopens back. */
interface HostedRun {
  host: Host;
  trees(): Record<string, FlatTree>;
}

/** preview2-shim's in-memory browser filesystem: directories hold `dir`, files `source`, symlinks `symlink`. */
interface FileData {
  dir?: Record<string, FileData>;
  source?: Uint8Array | string;
  symlink?: string;
}

function toFileData(tree: FlatTree): FileData {
  const root: FileData = { dir: {} };
  for (const [path, node] of tree) {
    const parts = path.split('/');
    let at = root;
    for (const part of parts.slice(0, -1)) at = (at.dir![part] ??= { dir: {} });
    const name = parts[parts.length - 1]!;
    if (node.kind === 'dir') at.dir![name] ??= { dir: {} };
    else if (node.kind === 'file') at.dir![name] = { source: latin1Bytes(node.bytes) };
    else at.dir![name] = { symlink: node.target };
  }
  return root;
}

function fromFileData(data: FileData, prefix = '', out: FlatTree = []): FlatTree {
  for (const [name, entry] of Object.entries(data.dir ?? {})) {
    const path = prefix + name;
    if (entry.symlink !== undefined) out.push([path, { kind: 'symlink', target: entry.symlink }]);
    else if (entry.dir !== undefined) {
      out.push([path, { kind: 'dir' }]);
      fromFileData(entry, `${path}/`, out);
    } else {
      const source = typeof entry.source === 'string' ? new TextEncoder().encode(entry.source) : entry.source ?? new Uint8Array();
      out.push([path, { kind: 'file', bytes: latin1(source) }]);
    }
  }
  return out;
}

/** stdin for preview2-shim's browser streams: the spec's text, then end of stream. */
function shimStdin(bytes: Uint8Array): object {
  let at = 0;
  const read = (len: bigint): Uint8Array => {
    if (at >= bytes.length) throw { tag: 'closed' };
    const chunk = bytes.slice(at, at + Number(len));
    at += chunk.length;
    return chunk;
  };
  return { read, blockingRead: read };
}

function shimSink(sink: Sink): object {
  return { write: (b: Uint8Array) => sink.push(b), flush() {}, blockingFlush() {} };
}

function preview2ShimRun(run: BrowserRun, stdout: Sink, stderr: Sink): HostedRun {
  const data = Object.fromEntries(Object.entries(run.preopens).map(([guest, tree]) => [guest, toFileData(tree)]));
  const shim = new WASIShim({
    sandbox: { env: run.env, args: run.args, enableNetwork: false },
    browserFilesystem: { adapter: new InMemoryFilesystemAdapter(), preopens: data },
    stdin: shimStdin(new TextEncoder().encode(run.stdin ?? '')),
    stdout: shimSink(stdout),
    stderr: shimSink(stderr),
  } as never);
  return {
    host: shim.getImportObject() as unknown as Host,
    trees: () => Object.fromEntries(Object.entries(data).map(([guest, d]) => [guest, fromFileData(d)])),
  };
}

/** Each preopen is a directory `p0`, `p1`, ... of the memory host's one tree. */
function memoryRun(run: BrowserRun, stdout: Sink, stderr: Sink): HostedRun {
  const files: MemoryTree = {};
  const preopens: Record<string, string> = {};
  const dirs = Object.keys(run.preopens).map((guest, i) => [guest, `p${i}`] as const);
  for (const [guest, dir] of dirs) {
    preopens[guest] = `/${dir}`;
    files[`${dir}/`] = {};
    for (const [path, node] of run.preopens[guest]!) {
      if (node.kind === 'dir') files[`${dir}/${path}/`] = {};
      else if (node.kind === 'file') files[`${dir}/${path}`] = latin1Bytes(node.bytes);
      else files[`${dir}/${path}`] = { symlink: node.target };
    }
  }
  const host = createHost('memory', {
    files, preopens, stdin: run.stdin ?? '', env: run.env, args: run.args,
    stdout: (b: Uint8Array) => stdout.push(b),
    stderr: (b: Uint8Array) => stderr.push(b),
  });
  const trees = (): Record<string, FlatTree> => {
    const all = Object.entries(host.files());
    return Object.fromEntries(dirs.map(([guest, dir]) => [guest, all
      .filter(([path]) => path.startsWith(`${dir}/`) && path !== `${dir}/`)
      .map(([path, value]): FlatTree[number] => {
        const rel = path.slice(dir.length + 1);
        if (value instanceof Uint8Array) return [rel, { kind: 'file', bytes: latin1(value) }];
        if (typeof value === 'object' && 'symlink' in value) return [rel, { kind: 'symlink', target: value.symlink as string }];
        return [rel.replace(/\/$/, ''), { kind: 'dir' }];
      })]));
  };
  return { host, trees };
}

async function runConformance(run: BrowserRun): Promise<BrowserOutcome> {
  // Instances finished on this thread keep their memories' address space until this thread's
  // garbage collector runs, and a worker that cannot reserve one does not make it run.
  (globalThis as { gc?: () => void }).gc?.();
  const stdout = new Sink();
  const stderr = new Sink();
  let exit: number;
  let hosted: HostedRun | undefined;
  try {
    hosted = run.host === 'memory' ? memoryRun(run, stdout, stderr) : preview2ShimRun(run, stdout, stderr);
    const module = await WebAssembly.compileStreaming(fetch(run.wasm));
    if (run.route === 'worker') {
      exit = await runInWorker({ module, host: hosted.host, args: run.args, env: run.env, workerURL: WORKER_SCRIPT });
    } else {
      const wasi = new WASI({ host: hosted.host, args: run.args, env: run.env });
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as unknown as WebAssembly.Imports);
      exit = await wasi.startAsync(instance);
    }
  } catch (err) {
    const trap = err instanceof WebAssembly.RuntimeError;
    const what = trap ? `trap: ${(err as Error).message}` : `host error: ${(err as Error)?.stack ?? String(err)}`;
    stderr.push(new TextEncoder().encode(`${what}\n`));
    exit = trap ? TRAP_EXIT : HOST_ERROR_EXIT;
  }
  return { exit, stdout: stdout.text(), stderr: stderr.text(), trees: hosted?.trees() ?? {} };
}

(globalThis as Record<string, unknown>).runConformance = runConformance;

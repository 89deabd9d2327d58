#!/usr/bin/env node
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseSocketAddress } from './address.js';
import { BACKTRACE_LIMIT, describeFailure } from './cli-failure.js';
import { parseAddressPattern } from './grants.js';
import { WASI } from './node.js';
import { memoryImport } from './threads/memory-import.js';
import { defaultHostName, systemHostNames, type HostName } from './hosts/index.js';

const USAGE = `usage: p1run [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--tcplisten HOST:PORT]... [--allow-net[=RULE,...]]... [--host NAME] [--trace] MODULE.wasm [ARGS...]

Runs a wasi_snapshot_preview1 module on a WASI 0.2 host. A module that imports a
shared memory runs with wasi-threads: each thread in a worker, one file table.
  --dir HOST[::GUEST]  preopen host directory HOST as GUEST (default: the same path)
  --env NAME=VALUE     set an environment variable for the module
  --tcplisten HOST:PORT
                       listen on a TCP address and hand the socket to the module
                       as the fd after the preopened directories; with port 0,
                       "p1run: listening on HOST:PORT (fd N)" on stderr says which
  --allow-net          let the module open sockets (WasmEdge's socket extension):
                       connect, listen and resolve names, anywhere
  --allow-net=RULE,... only what the rules grant; a RULE is
                         HOST:PORT          connect to and listen on matching addresses
                         connect:HOST:PORT  connect (and send datagrams) only
                         listen:HOST:PORT   bind and listen only
                         lookup             resolve names
                       HOST is *, a numeric IPv4 address or [IPv6]; PORT is *, N or LOW-HIGH,
                       e.g. --allow-net=lookup,connect:127.0.0.1:*,listen:[::1]:8000-8099
                       Anything not granted is EACCES.
  --host NAME          the WASI 0.2 host: ${systemHostNames.join(', ')} (default: ${defaultHostName})
  --trace              print every preview1 call to stderr as it returns
                       (prefixed [thread N] in a threaded module; 0 is the main thread)
  -h, --help           show this help`;

/** A bad command line: one line on stderr and exit code 2. */
class UsageError extends Error {}

interface Command {
  preopens: Record<string, string>;
  env: Record<string, string>;
  listen: string[];
  network: { connect: true | string[]; listen: true | string[]; lookup: boolean };
  host: HostName;
  trace: boolean;
  module: string;
  args: string[];
}

function valueOf(argv: string[], i: number, flag: string): string {
  const value = argv[i + 1];
  if (value === undefined) throw new UsageError(`${flag} needs a value`);
  return value;
}

function parse(argv: string[]): Command | undefined {
  const cmd: Command = {
    preopens: {}, env: {}, listen: [], network: { connect: [], listen: [], lookup: false },
    host: defaultHostName, trace: false, module: '', args: [],
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return undefined;
    if (arg === '--trace') { cmd.trace = true; continue; }
    if (arg === '--allow-net') { cmd.network = { connect: true, listen: true, lookup: true }; continue; }
    if (arg === '--') { i++; break; }
    if (!arg.startsWith('-')) break;
    const [flag, inline] = arg.includes('=') && arg.startsWith('--') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? valueOf(argv, i++, flag);
    switch (flag) {
      case '--dir': addPreopen(cmd, value); break;
      case '--env': addEnv(cmd, value); break;
      case '--tcplisten': addListener(cmd, value); break;
      case '--allow-net': for (const rule of value.split(',')) addNetworkRule(cmd, rule); break;
      case '--host':
        // Only hosts over this machine: --dir names host directories, which the memory host does not have.
        if (!(systemHostNames as string[]).includes(value)) throw new UsageError(`unknown host "${value}" (hosts: ${systemHostNames.join(', ')})`);
        cmd.host = value as HostName;
        break;
      default: throw new UsageError(`unknown option ${flag}`);
    }
  }
  const module = argv[i];
  if (module === undefined) throw new UsageError('no module given');
  cmd.module = module;
  cmd.args = argv.slice(i + 1);
  return cmd;
}

function addPreopen(cmd: Command, spec: string): void {
  const sep = spec.indexOf('::');
  const hostDir = sep < 0 ? spec : spec.slice(0, sep);
  const guest = sep < 0 ? spec : spec.slice(sep + 2);
  if (!existsSync(hostDir) || !statSync(hostDir).isDirectory()) throw new UsageError(`--dir ${spec}: ${hostDir} is not a directory`);
  cmd.preopens[guest] = hostDir;
}

function addEnv(cmd: Command, spec: string): void {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--env ${spec}: expected NAME=VALUE`);
  cmd.env[spec.slice(0, eq)] = spec.slice(eq + 1);
}

function addListener(cmd: Command, spec: string): void {
  try {
    parseSocketAddress(spec);
  } catch (err) {
    throw new UsageError(`--tcplisten ${(err as Error).message}`);
  }
  cmd.listen.push(spec);
}

/** One --allow-net rule; a pattern is checked here so a typo is a usage error, not a denial at run time. */
function addNetworkRule(cmd: Command, rule: string): void {
  const net = cmd.network;
  if (rule === 'lookup') {
    net.lookup = true;
    return;
  }
  const [kinds, pattern] = rule.startsWith('connect:') ? [['connect'] as const, rule.slice(8)]
    : rule.startsWith('listen:') ? [['listen'] as const, rule.slice(7)]
      : [['connect', 'listen'] as const, rule];
  try {
    parseAddressPattern(pattern);
  } catch (err) {
    throw new UsageError(`--allow-net ${(err as Error).message}`);
  }
  for (const kind of kinds) if (net[kind] !== true) net[kind].push(pattern);
}

/** A listener asked for port 0 got a port the user cannot know otherwise: one stderr line each. */
function reportAnyPorts(specs: readonly string[], listeners: readonly { fd: number; address: string }[]): void {
  specs.forEach((spec, i) => {
    const l = listeners[i]!;
    if (spec.endsWith(':0')) process.stderr.write(`p1run: listening on ${l.address} (fd ${l.fd})\n`);
  });
}

/**
 * The module's bytes, and the module compiled unless it is threaded (it
 * imports a shared memory): startThreaded compiles that one itself, after
 * choosing V8's compiler for it.
 */
function load(path: string): { bytes: Uint8Array; module: WebAssembly.Module | undefined } {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength) as Uint8Array<ArrayBuffer>;
  if (importsSharedMemory(bytes)) return { bytes, module: undefined };
  try {
    return { bytes, module: new WebAssembly.Module(bytes) };
  } catch (err) {
    throw new UsageError(`${path} is not a valid WebAssembly module: ${(err as Error).message}`);
  }
}

/**
 * Read from the import section alone: a whole validation first would cost a
 * large module's load as much again. Bytes that are not a module say no, and
 * compiling them says why.
 */
function importsSharedMemory(bytes: Uint8Array): boolean {
  try {
    return memoryImport(bytes)?.shared === true;
  } catch {
    return false;
  }
}

function run(cmd: Command): number | Promise<number> {
  const { bytes, module } = load(cmd.module);
  let wasi: WASI;
  try {
    wasi = new WASI({
      version: 'preview1',
      args: [basename(cmd.module), ...cmd.args],
      env: cmd.env,
      preopens: cmd.preopens,
      sockets: cmd.listen.map((listen) => ({ listen })),
      network: cmd.network,
      host: cmd.host,
      trace: cmd.trace,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (module === undefined) {
    reportAnyPorts(cmd.listen, wasi.listeners);
    return wasi.startThreaded(bytes).catch(reportFailure);
  }
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, wasi.getImportObject() as unknown as WebAssembly.Imports);
  } catch (err) {
    throw new UsageError(`cannot instantiate ${cmd.module}: ${(err as Error).message}`);
  }
  reportAnyPorts(cmd.listen, wasi.listeners);
  return wasi.start(instance);
}

function main(argv: string[]): number | Promise<number> {
  try {
    const cmd = parse(argv);
    if (cmd === undefined) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return run(cmd);
  } catch (err) {
    if (!(err instanceof UsageError)) return reportFailure(err);
    process.stderr.write(`p1run: ${err.message}\n`);
    return 2;
  }
}

/** A trap or an exception ended the module: its own lines, never Node's stack. */
function reportFailure(err: unknown): number {
  const { lines, code } = describeFailure(err);
  process.stderr.write(`${lines.join('\n')}\n`);
  return code;
}

Error.stackTraceLimit = BACKTRACE_LIMIT;
const code = main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
else void code.then((c) => { process.exitCode = c; });

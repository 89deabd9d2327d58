/**
 * The expectation beside each conformance program (conformance/c/NAME.json),
 * and its loader. The loader is strict: an unknown key or a value of the
 * wrong type is an error, so a typo in a spec can never silently weaken a
 * check. The format is documented in conformance/README.md.
 */
import { readFileSync } from 'node:fs';

/** What a path in a tree holds: file content, a directory, a symlink, or (only in `after`) nothing. */
export type TreeEntry = string | Tree | { symlink: string } | null;

/**
 * Keys are paths relative to the tree's root; a key ending in `/` is a
 * directory whose value is a (possibly empty) tree of its own. Intermediate
 * directories of a key such as `a/b/c.txt` exist implicitly.
 */
export interface Tree {
  [path: string]: TreeEntry;
}

export interface Spec {
  description: string;
  args: string[];
  env: Record<string, string>;
  /** Guest path -> tree created in a fresh temporary directory before the run. */
  preopens: Record<string, Tree>;
  /** Piped to the program's stdin; when absent stdin is empty. */
  stdin?: string;
  exit: number;
  stdout?: string;
  stderr?: string;
  /** Guest path -> the complete expected content of that preopen after the run. */
  after?: Record<string, Tree>;
  /** TCP listeners opened for the program, as fds right after the preopens, in this order. */
  sockets: ListenerSpec[];
  /** The script the runner plays against the program's listeners, one step after another. */
  peer: PeerStep[];
  timeoutMs: number;
}

/** A listener as the adapter's `sockets` option takes it; port 0, since two runs go at a time. */
export interface ListenerSpec {
  listen: string;
}

/**
 * One step of the peer script. Connections are numbered in the order of
 * their `connect` steps; `conn` is that number. Every step that waits does so
 * for at most `timeoutMs`.
 */
export type PeerStep =
  | { op: 'connect'; listener: number; timeoutMs: number }
  | { op: 'send'; conn: number; data: string; timeoutMs: number }
  | { op: 'expect'; conn: number; data: string; timeoutMs: number }
  | { op: 'end'; conn: number }
  | { op: 'expectEnd'; conn: number; timeoutMs: number }
  | { op: 'close'; conn: number }
  | { op: 'reset'; conn: number }
  | { op: 'pause'; ms: number };

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_STEP_TIMEOUT_MS = 5_000;
/** A pause longer than this would only slow the suite; no behaviour needs more. */
export const MAX_PAUSE_MS = 2_000;

const KEYS = new Set([
  'description', 'args', 'env', 'preopens', 'stdin', 'exit', 'stdout', 'stderr', 'after', 'sockets', 'peer', 'timeoutMs',
]);

/** Loopback only, and port 0: the runner runs two programs at a time, so a fixed port could collide. */
const LISTEN = /^(127\.0\.0\.1|\[::1\]):0$/;

export class SpecError extends Error {
  override name = 'SpecError';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSymlink(v: unknown): v is { symlink: string } {
  return isObject(v) && Object.keys(v).length === 1 && typeof v.symlink === 'string';
}

function checkTree(where: string, tree: unknown, allowNull: boolean): Tree {
  if (!isObject(tree)) throw new SpecError(`${where}: expected an object (a tree)`);
  for (const [key, value] of Object.entries(tree)) {
    const at = `${where}[${JSON.stringify(key)}]`;
    const parts = key.replace(/\/$/, '').split('/');
    if (key === '' || key.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw new SpecError(`${at}: a tree path must be relative, without empty, '.' or '..' components`);
    }
    if (key.endsWith('/')) {
      if (value === null && allowNull) continue;
      if (!isObject(value) || isSymlink(value)) throw new SpecError(`${at}: a key ending in '/' is a directory; its value must be a tree`);
      checkTree(at, value, allowNull);
    } else if (value === null) {
      if (!allowNull) throw new SpecError(`${at}: null (must not exist) is only meaningful in "after"`);
    } else if (typeof value !== 'string' && !isSymlink(value)) {
      throw new SpecError(`${at}: expected file content (a string) or {"symlink": target}; directories need a trailing '/'`);
    }
  }
  return tree as Tree;
}

function checkGuestTrees(where: string, v: unknown, allowNull: boolean): Record<string, Tree> {
  if (!isObject(v)) throw new SpecError(`${where}: expected an object of guest path -> tree`);
  for (const [guest, tree] of Object.entries(v)) {
    if (!guest.startsWith('/') && guest !== '.') {
      throw new SpecError(`${where}: guest path ${JSON.stringify(guest)} must be absolute or "."`);
    }
    checkTree(`${where}[${JSON.stringify(guest)}]`, tree, allowNull);
  }
  return v as Record<string, Tree>;
}

function checkSockets(where: string, v: unknown): ListenerSpec[] {
  if (!Array.isArray(v)) throw new SpecError(`${where}: expected an array of {"listen": ADDRESS}`);
  return v.map((l, i) => {
    if (!isObject(l) || Object.keys(l).length !== 1 || typeof l.listen !== 'string' || !LISTEN.test(l.listen)) {
      throw new SpecError(`${where}[${i}]: expected {"listen": "127.0.0.1:0"} or {"listen": "[::1]:0"}`);
    }
    return { listen: l.listen };
  });
}

/** The ops whose value is the connection they act on. */
const CONN_OPS = new Set(['end', 'expectEnd', 'close', 'reset']);
/** The ops whose value is text, and which take `conn` (default 0). */
const TEXT_OPS = new Set(['send', 'expect']);
/** The ops that wait, and so take `timeoutMs`. */
const WAITING_OPS = new Set(['connect', 'send', 'expect', 'expectEnd']);

/**
 * Checks the peer script against the listeners, and statically that every
 * step names a connection already made and not yet closed or reset.
 */
function checkPeer(where: string, v: unknown, listeners: number): PeerStep[] {
  if (!Array.isArray(v)) throw new SpecError(`${where}: expected an array of steps`);
  if (v.length > 0 && listeners === 0) throw new SpecError(`${where}: a peer needs "sockets" to connect to`);
  let connections = 0;
  const gone = new Set<number>();
  const isIndex = (n: unknown, below: number): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) < below;
  return v.map((raw, i): PeerStep => {
    const at = `${where}[${i}]`;
    if (!isObject(raw)) throw new SpecError(`${at}: a step must be an object`);
    const ops = Object.keys(raw).filter((k) => k !== 'conn' && k !== 'timeoutMs');
    if (ops.length !== 1) throw new SpecError(`${at}: a step has exactly one action, got ${JSON.stringify(ops)}`);
    const op = ops[0]!;
    const value = raw[op];
    const { timeoutMs = DEFAULT_STEP_TIMEOUT_MS } = raw;
    if (raw.timeoutMs !== undefined && !WAITING_OPS.has(op)) throw new SpecError(`${at}: "${op}" does not wait, so takes no "timeoutMs"`);
    if (!Number.isInteger(timeoutMs) || (timeoutMs as number) <= 0) throw new SpecError(`${at}: "timeoutMs" must be a positive integer`);
    if (raw.conn !== undefined && !TEXT_OPS.has(op)) throw new SpecError(`${at}: "${op}" takes no "conn"`);
    const conn = TEXT_OPS.has(op) ? (raw.conn ?? 0) : value;
    if (TEXT_OPS.has(op) || CONN_OPS.has(op)) {
      if (!isIndex(conn, connections)) throw new SpecError(`${at}: connection ${JSON.stringify(conn)} has not been made (${connections} so far)`);
      if (gone.has(conn)) throw new SpecError(`${at}: connection ${conn} is already closed or reset`);
    }
    switch (op) {
      case 'connect':
        if (!isIndex(value, listeners)) throw new SpecError(`${at}: "connect" takes the index of a listener in "sockets" (0..${listeners - 1})`);
        connections++;
        return { op, listener: value, timeoutMs: timeoutMs as number };
      case 'send':
      case 'expect':
        if (typeof value !== 'string' || value === '') throw new SpecError(`${at}: "${op}" takes non-empty text`);
        return { op, conn: conn as number, data: value, timeoutMs: timeoutMs as number };
      case 'expectEnd':
        return { op, conn: conn as number, timeoutMs: timeoutMs as number };
      case 'end':
        return { op, conn: conn as number };
      case 'close':
      case 'reset':
        gone.add(conn as number);
        return { op, conn: conn as number };
      case 'pause':
        if (!Number.isInteger(value) || (value as number) <= 0 || (value as number) > MAX_PAUSE_MS) {
          throw new SpecError(`${at}: "pause" takes milliseconds, 1..${MAX_PAUSE_MS}`);
        }
        return { op, ms: value as number };
      default:
        throw new SpecError(`${at}: unknown action ${JSON.stringify(op)}`);
    }
  });
}

/** Validates a parsed spec and fills in the defaults. */
export function parseSpec(raw: unknown, name = 'spec'): Spec {
  if (!isObject(raw)) throw new SpecError(`${name}: the spec must be a JSON object`);
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) throw new SpecError(`${name}: unknown key ${JSON.stringify(key)}`);
  }
  const { description, args = [], env = {}, preopens = {}, stdin, exit = 0, stdout, stderr, after, sockets = [], peer = [], timeoutMs = DEFAULT_TIMEOUT_MS } = raw;
  if (typeof description !== 'string' || description === '') throw new SpecError(`${name}: "description" must be a non-empty string`);
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) throw new SpecError(`${name}: "args" must be an array of strings`);
  if (!isObject(env) || !Object.values(env).every((v) => typeof v === 'string')) throw new SpecError(`${name}: "env" must map names to strings`);
  for (const [key, value] of [['stdin', stdin], ['stdout', stdout], ['stderr', stderr]] as const) {
    if (value !== undefined && typeof value !== 'string') throw new SpecError(`${name}: "${key}" must be a string`);
  }
  if (!Number.isInteger(exit) || (exit as number) < 0 || (exit as number) > 255) throw new SpecError(`${name}: "exit" must be an integer 0..255`);
  if (!Number.isInteger(timeoutMs) || (timeoutMs as number) <= 0) throw new SpecError(`${name}: "timeoutMs" must be a positive integer`);
  const pre = checkGuestTrees(`${name}: "preopens"`, preopens, false);
  const aft = after === undefined ? undefined : checkGuestTrees(`${name}: "after"`, after, true);
  for (const guest of Object.keys(aft ?? {})) {
    if (!Object.hasOwn(pre, guest)) throw new SpecError(`${name}: "after" names ${JSON.stringify(guest)}, which is not a preopen`);
  }
  const listeners = checkSockets(`${name}: "sockets"`, sockets);
  const steps = checkPeer(`${name}: "peer"`, peer, listeners.length);
  return {
    description,
    args: args as string[],
    env: env as Record<string, string>,
    preopens: pre,
    stdin: stdin as string | undefined,
    exit: exit as number,
    stdout: stdout as string | undefined,
    stderr: stderr as string | undefined,
    after: aft,
    sockets: listeners,
    peer: steps,
    timeoutMs: timeoutMs as number,
  };
}

export function loadSpec(file: string): Spec {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SpecError(`${file}: ${(e as Error).message}`);
  }
  return parseSpec(raw, file);
}

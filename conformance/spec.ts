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
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

const KEYS = new Set([
  'description', 'args', 'env', 'preopens', 'stdin', 'exit', 'stdout', 'stderr', 'after', 'timeoutMs',
]);

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

/** Validates a parsed spec and fills in the defaults. */
export function parseSpec(raw: unknown, name = 'spec'): Spec {
  if (!isObject(raw)) throw new SpecError(`${name}: the spec must be a JSON object`);
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) throw new SpecError(`${name}: unknown key ${JSON.stringify(key)}`);
  }
  const { description, args = [], env = {}, preopens = {}, stdin, exit = 0, stdout, stderr, after, timeoutMs = DEFAULT_TIMEOUT_MS } = raw;
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

import { DirectoryNode, FileNode, SymlinkNode, type FileSystem, type Node } from './inode.js';
import { MAX_SYMLINKS } from './walk.js';

/**
 * A tree as a plain object, the way the conformance specs write one: paths
 * (relative to the tree's root; a leading '/' is allowed) to a file's
 * content (text is stored as UTF-8), `{ symlink: target }`, or `{}` for a
 * directory (its key ends in '/'). Intermediate directories are implied:
 * `{ 'a.txt': 'text', 'bin/x': Uint8Array, 'empty/': {}, 'link': { symlink: 'a.txt' } }`.
 */
export type MemoryTree = Record<string, string | Uint8Array | { symlink: string } | Record<string, never>>;

const utf8 = new TextEncoder();

function invalid(where: string, why: string): TypeError {
  return new TypeError(`memory host: ${where}: ${why}`);
}

/** A tree path's names: '' and '.' are dropped, '..' is refused (a tree path names one place). */
function names(path: string, where: string): string[] {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw invalid(where, `"${path}" has a '..' component`);
  return parts;
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && Object.keys(v).length === 0;
}

function isSymlink(v: unknown): v is { symlink: string } {
  return typeof v === 'object' && v !== null && typeof (v as { symlink?: unknown }).symlink === 'string'
    && Object.keys(v).length === 1;
}

/** The directory at a tree path, made (with its parents) where missing: a preopen's. */
export function directoryAt(fs: FileSystem, path: string, where: string): DirectoryNode {
  return makeDirectories(fs, names(path, where), where);
}

/** The directory at `parts` beneath the root, made (with its parents) where missing. */
function makeDirectories(fs: FileSystem, parts: readonly string[], where: string): DirectoryNode {
  let dir = fs.root;
  for (const name of parts) {
    const node = dir.entries.get(name);
    if (node === undefined) {
      const made = new DirectoryNode(fs);
      dir.add(name, made);
      dir = made;
    } else if (node.type === 'directory') {
      dir = node;
    } else {
      throw invalid(where, `"${name}" is a ${node.type === 'regular-file' ? 'file' : 'symlink'}, not a directory`);
    }
  }
  return dir;
}

/** Fills the tree from the `files` option. */
export function loadTree(fs: FileSystem, tree: MemoryTree): void {
  for (const [key, value] of Object.entries(tree)) {
    const where = `files[${JSON.stringify(key)}]`;
    const parts = names(key, where);
    const isDirectory = key.endsWith('/') || isEmptyObject(value);
    if (isDirectory) {
      if (!isEmptyObject(value)) throw invalid(where, 'a key ending in \'/\' is a directory: its value must be {}');
      makeDirectories(fs, parts, where);
      continue;
    }
    if (parts.length === 0) throw invalid(where, 'the root is a directory');
    const parent = makeDirectories(fs, parts.slice(0, -1), where);
    const name = parts[parts.length - 1]!;
    if (parent.entries.has(name)) throw invalid(where, 'the path is given twice');
    parent.add(name, nodeOf(fs, value, where));
  }
}

function nodeOf(fs: FileSystem, value: unknown, where: string): Node {
  if (typeof value === 'string') return new FileNode(fs, utf8.encode(value));
  if (value instanceof Uint8Array) return new FileNode(fs, value);
  if (isSymlink(value)) return new SymlinkNode(fs, value.symlink);
  throw invalid(where, 'expected text, a Uint8Array, { symlink: target } or {} for a directory');
}

/** The whole tree in `files`' shape: every directory as 'path/': {}, files as copies of their bytes, symlinks as { symlink }. */
export function dumpTree(root: DirectoryNode): MemoryTree {
  const out: MemoryTree = {};
  const visit = (dir: DirectoryNode, prefix: string): void => {
    for (const name of dir.sortedNames()) {
      const node = dir.entries.get(name)!;
      const path = prefix + name;
      if (node.type === 'directory') {
        out[`${path}/`] = {};
        visit(node, `${path}/`);
      } else if (node.type === 'regular-file') {
        out[path] = node.content();
      } else {
        out[path] = { symlink: node.target };
      }
    }
  };
  visit(root, '');
  return out;
}

/**
 * What a tree path names, as the embedder sees the tree (not as a guest
 * does): symlinks are followed wherever they point, an absolute target
 * from the tree's root.
 */
function resolve(fs: FileSystem, path: string): Node | undefined {
  const pending = path.split('/').reverse();
  let dir = fs.root;
  let node: Node = dir;
  let links = 0;
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name === '' || name === '.') continue;
    if (node.type !== 'directory') return undefined;
    dir = node;
    if (name === '..') {
      node = dir = dir.parent;
      continue;
    }
    const next = dir.entries.get(name);
    if (next === undefined) return undefined;
    if (next.type === 'symbolic-link') {
      if (++links > MAX_SYMLINKS) return undefined;
      pending.push(...next.target.split('/').reverse());
      if (next.target.startsWith('/')) node = fs.root;
      continue;
    }
    node = next;
  }
  return node;
}

/** A file's content, as a copy; throws for a path that names no file. */
export function readTreeFile(fs: FileSystem, path: string): Uint8Array {
  const node = resolve(fs, path);
  if (node === undefined) throw new Error(`memory host: no file at ${JSON.stringify(path)}`);
  if (node.type !== 'regular-file') throw new Error(`memory host: ${JSON.stringify(path)} is a directory, not a file`);
  return node.content();
}

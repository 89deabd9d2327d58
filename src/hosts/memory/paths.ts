import type { OpenFlags } from '../../../adapter/host.js';
import { DirectoryNode, FileNode, modified, SymlinkNode, type FileSystem, type Node } from './inode.js';
import { Walk } from './walk.js';

/**
 * The operations of wasi:filesystem's descriptor that take paths beneath a
 * directory, with the errors Linux gives (the node host's reference), each
 * on the node the path resolves to. Operations never nest, so two walks
 * serve every one of them (link and rename use both).
 */
const walkA = new Walk();
const walkB = new Walk();
const SLASH = 47;

/** The node a path names; a final symlink is followed when asked. */
export function lookup(base: DirectoryNode, path: string, follow: boolean): Node {
  try {
    walkA.start(base, path);
    return walkA.node(follow);
  } finally {
    walkA.release();
  }
}

/** A directory that was removed can hold nothing new: creating in it is 'no-entry', as on Linux. */
function creatable(dir: DirectoryNode): DirectoryNode {
  if (dir.removed) throw 'no-entry';
  return dir;
}

export function createDirectoryAt(fs: FileSystem, base: DirectoryNode, path: string): void {
  const w = walkA;
  try {
    w.start(base, path);
    if (w.entry() !== undefined) throw 'exist';
    creatable(w.dir).add(w.name, new DirectoryNode(fs));
  } finally {
    w.release();
  }
}

/**
 * The file or directory an open names, created or truncated as asked. A
 * final symlink is followed with `follow` (or a trailing '/'); without, it
 * is 'loop' ('not-directory' when a directory was asked for), as
 * O_NOFOLLOW gives. O_CREAT with O_DIRECTORY is 'invalid', as on Linux 6.4
 * and later.
 */
export function openAt(fs: FileSystem, base: DirectoryNode, follow: boolean, path: string, open: OpenFlags, write: boolean): FileNode | DirectoryNode {
  const w = walkA;
  try {
    w.start(base, path);
    if (open.create && (open.directory || w.trailing)) throw 'invalid';
    let node = w.entry();
    while (node?.type === 'symbolic-link') {
      if (open.create && open.exclusive) throw 'exist';
      if (!follow && !w.trailing) throw open.directory ? 'not-directory' : 'loop';
      w.follow(node.target);
      node = w.entry();
    }
    if (node === undefined) {
      if (!open.create) throw 'no-entry';
      const file = new FileNode(fs);
      creatable(w.dir).add(w.name, file);
      return file;
    }
    if (open.create && open.exclusive) throw 'exist';
    if (node.type === 'directory') {
      if (write || open.truncate || open.create) throw 'is-directory';
      return node;
    }
    if (open.directory || w.trailing) throw 'not-directory';
    if (open.truncate) {
      node.truncate(0);
      modified(node);
    }
    return node;
  } finally {
    w.release();
  }
}

/** A hard link: a directory cannot have one ('not-permitted'); a symlink is linked itself unless followed. */
export function linkAt(base: DirectoryNode, follow: boolean, oldPath: string, newBase: DirectoryNode, newPath: string): void {
  try {
    walkA.start(base, oldPath);
    const node = walkA.node(follow);
    walkB.start(newBase, newPath);
    if (walkB.trailing) throw 'no-entry';
    if (walkB.entry() !== undefined) throw 'exist';
    if (node.type === 'directory') throw 'not-permitted';
    creatable(walkB.dir).add(walkB.name, node);
  } finally {
    walkA.release();
    walkB.release();
  }
}

export function readlinkAt(base: DirectoryNode, path: string): string {
  const w = walkA;
  try {
    w.start(base, path);
    const node = w.entry();
    if (node === undefined) throw 'no-entry';
    if (node.type !== 'symbolic-link') throw 'invalid';
    return node.target;
  } finally {
    w.release();
  }
}

/** rmdir: '.' is 'invalid', a directory with entries 'not-empty'. */
export function removeDirectoryAt(base: DirectoryNode, path: string): void {
  const w = walkA;
  try {
    w.start(base, path);
    if (w.name === '.') throw 'invalid';
    const node = w.entry();
    if (node === undefined) throw 'no-entry';
    if (node.type !== 'directory') throw 'not-directory';
    if (node.entries.size > 0) throw 'not-empty';
    w.dir.remove(w.name, node);
  } finally {
    w.release();
  }
}

/** unlink: a directory (or '.') is 'is-directory', as Linux says; with a trailing '/' a file is 'not-directory'. */
export function unlinkFileAt(base: DirectoryNode, path: string): void {
  const w = walkA;
  try {
    w.start(base, path);
    const node = w.entry();
    if (node === undefined) throw 'no-entry';
    if (node.type === 'directory') throw 'is-directory';
    if (w.trailing) throw 'not-directory';
    w.dir.remove(w.name, node);
  } finally {
    w.release();
  }
}

/**
 * rename(2): onto an empty directory or any non-directory of the same kind;
 * a directory into its own subtree is 'invalid'; '.' at either end is
 * 'busy'; two names of one file leave both in place.
 */
export function renameAt(base: DirectoryNode, oldPath: string, newBase: DirectoryNode, newPath: string): void {
  try {
    walkA.start(base, oldPath);
    walkB.start(newBase, newPath);
    if (walkA.name === '.' || walkB.name === '.') throw 'busy';
    const node = walkA.entry();
    if (node === undefined) throw 'no-entry';
    // rename(2) drops a trailing '/' on a file; cap-std (and so wasmtime) says 'not-directory'.
    if ((walkA.trailing || walkB.trailing) && node.type !== 'directory') throw 'not-directory';
    if (node.type === 'directory' && walkB.dir.isAtOrBelow(node)) throw 'invalid';
    const target = walkB.entry();
    if (target === node) return;
    if (target !== undefined) {
      if (node.type === 'directory') {
        if (target.type !== 'directory') throw 'not-directory';
        if (target.entries.size > 0) throw 'not-empty';
      } else if (target.type === 'directory') {
        throw 'is-directory';
      }
    }
    const to = creatable(walkB.dir);
    if (target !== undefined) to.remove(walkB.name, target);
    walkA.dir.detach(walkA.name, node);
    to.add(walkB.name, node);
  } finally {
    walkA.release();
    walkB.release();
  }
}

/** A symlink's target is only text until followed, but an absolute one could never be: 'not-permitted'. */
export function symlinkAt(fs: FileSystem, base: DirectoryNode, target: string, path: string): void {
  if (target.charCodeAt(0) === SLASH) throw 'not-permitted';
  if (target === '') throw 'no-entry';
  const w = walkA;
  try {
    w.start(base, path);
    const existing = w.entry();
    if (w.trailing) {
      if (existing === undefined) throw 'no-entry';
      throw existing.type === 'directory' ? 'exist' : 'not-directory';
    }
    if (existing !== undefined) throw 'exist';
    creatable(w.dir).add(w.name, new SymlinkNode(fs, target));
  } finally {
    w.release();
  }
}

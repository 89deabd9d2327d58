/**
 * The memory host in the conformance child: each preopen's directory on
 * disk is loaded into the host's tree before the run (symlinks as they
 * are), and the tree is written back over it after, so that the runner
 * checks the `after` trees on disk as it does for every host.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryTree } from '../src/hosts/memory/index.js';

/** Where preopen `index` lives in the tree: one directory each, so that preopens never overlap. */
export function treeDirectory(index: number): string {
  return `preopen${index}`;
}

function load(dir: string, prefix: string, into: MemoryTree): void {
  into[`${prefix}/`] = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const key = `${prefix}/${name}`;
    const st = lstatSync(path);
    if (st.isSymbolicLink()) into[key] = { symlink: readlinkSync(path) };
    else if (st.isDirectory()) load(path, key, into);
    else into[key] = new Uint8Array(readFileSync(path));
  }
}

/** The host directories of the preopens as one tree, preopen i under treeDirectory(i). */
export function loadPreopens(dirs: readonly string[]): MemoryTree {
  const tree: MemoryTree = {};
  dirs.forEach((dir, i) => load(dir, treeDirectory(i), tree));
  return tree;
}

/** Replaces each preopen's directory content with what the tree holds under its treeDirectory. */
export function writeBack(tree: MemoryTree, dirs: readonly string[]): void {
  dirs.forEach((dir, i) => {
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
    const prefix = `${treeDirectory(i)}/`;
    // Keys come parents first, so each directory exists before what it holds.
    for (const [key, value] of Object.entries(tree)) {
      if (!key.startsWith(prefix) || key === prefix) continue;
      const path = join(dir, key.slice(prefix.length));
      if (key.endsWith('/')) mkdirSync(path);
      else if (value instanceof Uint8Array) writeFileSync(path, value);
      else symlinkSync((value as { symlink: string }).symlink, path);
    }
  });
}

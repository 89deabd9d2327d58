/**
 * Spec trees on disk: creating a preopen's content before a run, and
 * comparing a directory with the tree expected after it.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Tree } from './spec.js';

export type Node =
  | { kind: 'file'; content: string }
  | { kind: 'dir' }
  | { kind: 'symlink'; target: string }
  | { kind: 'absent' };

/** Every path a tree names, its intermediate directories included, relative and without trailing '/'. */
export function flattenTree(tree: Tree, prefix = '', out = new Map<string, Node>()): Map<string, Node> {
  for (const [key, value] of Object.entries(tree)) {
    const rel = prefix + key.replace(/\/$/, '');
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!out.has(dir)) out.set(dir, { kind: 'dir' });
    }
    if (value === null) out.set(rel, { kind: 'absent' });
    else if (typeof value === 'string') out.set(rel, { kind: 'file', content: value });
    else if (key.endsWith('/')) {
      out.set(rel, { kind: 'dir' });
      flattenTree(value as Tree, `${rel}/`, out);
    } else out.set(rel, { kind: 'symlink', target: (value as { symlink: string }).symlink });
  }
  return out;
}

export function populateTree(root: string, tree: Tree): void {
  for (const [rel, node] of flattenTree(tree)) {
    const path = join(root, rel);
    if (node.kind === 'dir') {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    if (node.kind === 'file') writeFileSync(path, node.content);
    else if (node.kind === 'symlink') symlinkSync(node.target, path);
  }
}

/**
 * What is on disk under root, without following symlinks. Names are read as
 * bytes, since a guest may create names that are not UTF-8; they are shown
 * decoded (lossily) in the keys.
 */
function scan(root: Buffer, rel = '', out = new Map<string, Node>()): Map<string, Node> {
  const names = readdirSync(root, { encoding: 'buffer' }).sort(Buffer.compare);
  for (const name of names) {
    const r = rel === '' ? name.toString('utf8') : `${rel}/${name.toString('utf8')}`;
    const path = Buffer.concat([root, Buffer.from('/'), name]);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) out.set(r, { kind: 'symlink', target: readlinkSync(path, 'utf8') });
    else if (st.isDirectory()) {
      out.set(r, { kind: 'dir' });
      scan(path, r, out);
    } else out.set(r, { kind: 'file', content: readFileSync(path, 'latin1') });
  }
  return out;
}

function show(s: string): string {
  const j = JSON.stringify(s);
  return j.length > 80 ? `${j.slice(0, 77)}...` : j;
}

/** Differences between the directory and the expected tree; empty when they match. The tree is the whole expected content. */
export function checkTree(root: string, tree: Tree): string[] {
  return compareTrees(scan(Buffer.from(root)), tree);
}

/** Differences between what is there (file content as latin1, one char a byte) and the expected tree. */
export function compareTrees(actual: Map<string, Node>, tree: Tree): string[] {
  const expected = flattenTree(tree);
  const problems: string[] = [];
  for (const [rel, want] of expected) {
    const got = actual.get(rel);
    if (want.kind === 'absent') {
      if (got) problems.push(`${rel}: exists (a ${got.kind}), expected it not to`);
      continue;
    }
    if (!got) {
      problems.push(`${rel}: missing, expected a ${want.kind}`);
    } else if (got.kind !== want.kind) {
      problems.push(`${rel}: is a ${got.kind}, expected a ${want.kind}`);
    } else if (want.kind === 'file') {
      // Files are read as latin1 so that any byte compares; spec content is text, so compare it as UTF-8 bytes.
      const wantBytes = Buffer.from(want.content, 'utf8').toString('latin1');
      const gotContent = (got as { content: string }).content;
      if (gotContent !== wantBytes) {
        problems.push(`${rel}: content ${show(Buffer.from(gotContent, 'latin1').toString('utf8'))}, expected ${show(want.content)}`);
      }
    } else if (want.kind === 'symlink' && (got as { target: string }).target !== want.target) {
      problems.push(`${rel}: symlink to ${show((got as { target: string }).target)}, expected to ${show(want.target)}`);
    }
  }
  for (const [rel, got] of actual) {
    if (!expected.has(rel)) problems.push(`${rel}: unexpected ${got.kind}`);
  }
  return problems;
}

/**
 * @yowasp/yosys keeps most of yosys' share/ directory (techmap.v, the cell
 * libraries) as strings inside its JS bundle, for its own in-memory runtime.
 * Every implementation here reads files from a host directory, so the tree is
 * written out once into the scratch directory.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot, scratchDir } from './common.js';

type Tree = { [name: string]: string | URL | Tree };

export const yosysPackage = join(repoRoot, 'node_modules/@yowasp/yosys');

function writeTree(tree: Tree, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, entry] of Object.entries(tree)) {
    const path = join(dir, name);
    if (typeof entry === 'string') writeFileSync(path, entry);
    else if (entry instanceof URL) copyFileSync(fileURLToPath(entry), path);
    else writeTree(entry, path);
  }
}

/** The host directory holding yosys' share/ tree. */
export async function yosysShare(): Promise<string> {
  const { version } = JSON.parse(readFileSync(join(yosysPackage, 'package.json'), 'utf8')) as { version: string };
  const dir = join(scratchDir, `yosys-share-${version}`);
  const stamp = join(dir, '.done');
  if (existsSync(stamp)) return dir;
  const resources = (await import(pathToFileURL(join(yosysPackage, 'gen/resources-yosys.js')).href)) as {
    filesystem: { share: Tree };
  };
  writeTree(resources.filesystem.share, dir);
  writeFileSync(stamp, '');
  return dir;
}

// Builds the Node host's optional native part (native/wasi_host.c) at install
// time. Nothing depends on it having built: without it the host uses only
// Node's fs module and is slower at listing directories and at small file
// reads and writes. So a failed build warns and the install goes on.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function skip(why) {
  console.warn(`wasi-preview1-adapter: the optional native part is not built (${why}); the node host runs without it`);
  process.exit(0);
}

if (process.platform !== 'linux') skip('it is for Linux only');
if (process.env.WASI_PREVIEW1_NATIVE === '0') skip('WASI_PREVIEW1_NATIVE=0');

// npm names its own node-gyp for install scripts; run by hand, use the one npm ships beside node.
const gyp = process.env.npm_config_node_gyp ?? resolve(process.execPath, '../../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
if (!existsSync(gyp)) skip(`node-gyp not found at ${gyp}`);

// The headers that ship beside node, so the build needs no download.
const args = [gyp, 'rebuild'];
const prefix = resolve(process.execPath, '../..');
if (process.env.npm_config_nodedir === undefined && existsSync(join(prefix, 'include/node/node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
const built = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (built.status !== 0) skip(`node-gyp failed: ${built.error?.message ?? `exit ${built.status}`}, see above`);

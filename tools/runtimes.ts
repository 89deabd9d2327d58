/**
 * The JavaScript runtimes the project is tested and measured on, and how to
 * start a script under each: Node (whatever runs this), and Deno and Bun from
 * the `deno` and `bun` dev dependencies, whose binaries come inside the npm
 * registry's platform packages.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

export const runtimeNames = ['node', 'deno', 'bun'] as const;
export type RuntimeName = (typeof runtimeNames)[number];

export function isRuntimeName(name: string): name is RuntimeName {
  return (runtimeNames as readonly string[]).includes(name);
}

/** A command line that runs a script: `command ...args SCRIPT ...script args`. */
export interface Launcher {
  command: string;
  args: string[];
}

const require = createRequire(import.meta.url);

function packageDir(name: string, from?: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`, from === undefined ? undefined : { paths: [from] }));
  } catch {
    return undefined;
  }
}

/**
 * Deno's binary: the `deno` package's postinstall links it beside itself; with
 * install scripts off it is only in the platform package (@deno/linux-x64-glibc).
 */
function denoBinary(): string | undefined {
  const pkg = packageDir('deno');
  if (pkg === undefined) return undefined;
  const linked = join(pkg, 'deno');
  if (existsSync(linked)) return linked;
  const target = platform() === 'linux' ? `linux-${arch()}-glibc` : `${platform()}-${arch()}`;
  const dir = packageDir(`@deno/${target}`, pkg);
  return dir !== undefined && existsSync(join(dir, 'deno')) ? join(dir, 'deno') : undefined;
}

/**
 * Bun's binary: the `bun` package's postinstall moves it out of the platform
 * package (@oven/bun-linux-x64) over its own bin/bun.exe, a shell stub that
 * only says the postinstall did not run. So the platform package's copy, when
 * it is still there, is the real one.
 */
function bunBinary(): string | undefined {
  const pkg = packageDir('bun');
  if (pkg === undefined) return undefined;
  const cpu = arch() === 'arm64' ? 'aarch64' : arch();
  const dir = packageDir(`@oven/bun-${platform()}-${cpu}`, pkg);
  if (dir !== undefined && existsSync(join(dir, 'bin', 'bun'))) return join(dir, 'bin', 'bun');
  return join(pkg, 'bin', 'bun.exe');
}

/**
 * How to run a script under `name`, or undefined when that runtime is not
 * installed. Node is the one running this when it is Node (so the same
 * version), else `node` from PATH. Deno gets every permission, as the
 * embedder of a WASI program grants it whatever the program's preopens and
 * sockets need; --quiet keeps its download and check chatter off stderr.
 */
export function launcher(name: RuntimeName): Launcher | undefined {
  switch (name) {
    case 'node':
      return { command: 'Deno' in globalThis || 'Bun' in globalThis ? 'node' : process.execPath, args: [] };
    case 'deno': {
      const command = denoBinary();
      return command === undefined ? undefined : { command, args: ['run', '-A', '--quiet'] };
    }
    case 'bun': {
      const command = bunBinary();
      return command === undefined ? undefined : { command, args: [] };
    }
  }
}

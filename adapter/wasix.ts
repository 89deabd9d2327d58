/**
 * The `wasix_32v1` namespace: preview1's functions under their own names
 * (WASIX kept their shapes), the ones whose shape WASIX changed (its socket
 * calls), its extensions, and the names 0.2 cannot serve, each answering
 * the errno adapter/wasix-abi.ts gives it. Everything works on the same
 * Context, table and host as the preview1 namespace beside it.
 */
import { Errno, functionNames, signatures, type FunctionName } from './abi.js';
import { ProcExit, type Context } from './context.js';
import * as args from './args.js';
import * as clock from './clock.js';
import * as fd from './fd.js';
import * as path from './path.js';
import * as poll from './poll.js';
import * as proc from './proc.js';
import * as random from './random.js';
import * as sock from './sock.js';
import * as cwd from './wasix-cwd.js';
import * as wasixFd from './wasix-fd.js';
import * as wasixProc from './wasix-proc.js';
import * as resolve from './wasix-resolve.js';
import * as sendfile from './wasix-sendfile.js';
import * as wasixSock from './wasix-sock.js';
import * as tty from './wasix-tty.js';
import {
  unsupported, unsupportedNames, wasixPreview1Accept, wasixSignatures, type UnsupportedName,
  type WasixExtensionName, type WasixSignature,
} from './wasix-abi.js';

type Implementation = (ctx: Context, ...args: never[]) => number;

export type WasixName = FunctionName | WasixExtensionName | UnsupportedName;

/** Answers the errno of a call 0.2 cannot serve; the exec calls, which never return, end the module with it instead. */
function refusal(name: UnsupportedName): Implementation {
  const errno = Errno[unsupported[name][0]];
  if (name === 'proc_exec' || name === 'proc_exec2') return () => { throw new ProcExit(errno); };
  return () => errno;
}

const refusals = Object.fromEntries(unsupportedNames.map((name) => [name, refusal(name)])) as Record<UnsupportedName, Implementation>;

/** By name; the later modules' functions replace preview1's where WASIX changed the shape (its socket calls). */
export const wasixImplementations: Record<WasixName, Implementation> = {
  ...args, ...clock, ...fd, ...path, ...poll, ...proc, ...random, ...sock,
  ...refusals,
  ...cwd, ...wasixFd, ...wasixProc, ...resolve, ...sendfile, ...wasixSock, ...tty,
} as unknown as Record<WasixName, Implementation>;

export const wasixNames = [...new Set<WasixName>([
  ...functionNames, ...(Object.keys(wasixSignatures) as WasixExtensionName[]), ...unsupportedNames,
])];

/** The signature a traced call had; sock_accept in preview1's shape when it came with preview1's three arguments. */
export function wasixSignatureOf(name: string, argc: number): WasixSignature | undefined {
  if (name === 'sock_accept' && argc === wasixPreview1Accept.length) return wasixPreview1Accept;
  return (wasixSignatures as Record<string, WasixSignature>)[name] ?? (signatures as Record<string, WasixSignature>)[name];
}

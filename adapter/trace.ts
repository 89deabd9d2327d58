import { enumNames, Errno, errnoNames, flagNames } from './abi.js';
import type { GuestMemory } from './memory.js';
import { aiErrnoNames } from './wasmedge-abi.js';
import { wasixEnumNames, wasixErrnoNames, wasixFlagNames } from './wasix-abi.js';

/** A call's parameters as the tracer reads them: preview1's kinds, or an extension's own. */
export type TracedSignature = readonly (readonly [name: string, kind: string])[];

/** What the numbers of one namespace are called: its flag sets and enums by parameter kind, and its errnos. */
export interface Names {
  flags: Partial<Record<string, Record<string, number>>>;
  enums: Partial<Record<string, Record<string, number>>>;
  errno(errno: number): string | undefined;
}

/** preview1's names, with WasmEdge's getaddrinfo errnos after preview1's. */
export const preview1Names: Names = {
  flags: flagNames, enums: enumNames, errno: (n) => errnoNames[n] ?? aiErrnoNames[n],
};

/** WASIX's names: its own flags and enums beside preview1's, and its errnos after preview1's. */
export const wasixNames: Names = {
  flags: { ...flagNames, ...wasixFlagNames }, enums: { ...enumNames, ...wasixEnumNames }, errno: (n) => wasixErrnoNames[n],
};

const PATH_PREVIEW = 200;

/** Flags of a kind that names none (siflags: preview1 defines no bit) show as their number. */
const NO_NAMES: Record<string, number> = {};

function flags(names: Record<string, number>, value: number): string {
  const set = Object.entries(names).filter(([, bit]) => value & bit).map(([name]) => name);
  const known = Object.values(names).reduce((a, b) => a | b, 0);
  if (value & ~known) set.push(`0x${(value & ~known).toString(16)}`);
  return set.length === 0 ? '0' : set.join('|');
}

function enumeration(names: Record<string, number>, value: number): string {
  const name = Object.entries(names).find(([, v]) => v === value)?.[0];
  return name ?? String(value);
}

function pathPreview(mem: GuestMemory, ptr: number, len: number): string {
  try {
    const s = mem.string(ptr >>> 0, len >>> 0);
    return JSON.stringify(s.length > PATH_PREVIEW ? `${s.slice(0, PATH_PREVIEW)}...` : s);
  } catch (err) {
    return err === Errno.ILSEQ ? '<invalid utf-8>' : '<out of bounds>';
  }
}

/** The call's arguments as strace would show them; `path` params take two raw arguments. */
export function formatArgs(mem: GuestMemory, sig: TracedSignature, args: readonly unknown[], names = preview1Names): string {
  const shown: string[] = [];
  let i = 0;
  for (const [name, kind] of sig) {
    const raw = args[i++];
    if (kind.startsWith('out:')) continue;
    const value = typeof raw === 'bigint' ? raw : Number(raw) >>> 0;
    switch (kind) {
      case 'path': shown.push(pathPreview(mem, Number(raw), Number(args[i++]))); break;
      case 'ptr': shown.push(`${name}=0x${value.toString(16)}`); break;
      case 'rights': shown.push(`${name}=0x${value.toString(16)}`); break;
      case 'fd': case 'len': case 'u32': case 'exitcode': case 'signal': shown.push(String(value)); break;
      case 'u64': shown.push(String(value)); break;
      case 'i64': shown.push(String(BigInt.asIntN(64, BigInt(value)))); break;
      default: {
        const values = names.enums[kind];
        if (values !== undefined) shown.push(enumeration(values, Number(value)));
        else shown.push(`${name}=${flags(names.flags[kind] ?? NO_NAMES, Number(value))}`);
      }
    }
  }
  return shown.join(', ');
}

/** What the call wrote through its out-pointers, e.g. ` (fd 5)` or ` (12)`. */
export function formatResults(mem: GuestMemory, sig: TracedSignature, args: readonly unknown[]): string {
  const shown: string[] = [];
  let i = 0;
  for (const [, kind] of sig) {
    const raw = args[i++];
    if (kind === 'path') i++;
    if (!kind.startsWith('out:')) continue;
    const ptr = Number(raw) >>> 0;
    try {
      if (kind === 'out:u64') shown.push(String(mem.u64(ptr)));
      else if (kind === 'out:fd') shown.push(`fd ${mem.u32(ptr)}`);
      else shown.push(String(mem.u32(ptr)));
    } catch {
      shown.push('?');
    }
  }
  return shown.length === 0 ? '' : ` (${shown.join(', ')})`;
}

export function errnoName(errno: number, names = preview1Names): string {
  return errno === 0 ? '0' : `${names.errno(errno) ?? errno}`;
}

/** The arguments of a call whose parameters are not known: the raw numbers. */
export function formatRaw(args: readonly unknown[]): string {
  return args.map((a) => (typeof a === 'bigint' ? a : Number(a) >>> 0).toString()).join(', ');
}

/** A host exception's message, for the trace line of the errno it became. */
export function describeHostError(err: unknown): string {
  if (err === undefined || typeof err === 'number') return '';
  if (typeof err === 'string') return ` [host: ${err}]`;
  if (err instanceof Error) return ` [host: ${err.name}: ${err.message}]`;
  try {
    return ` [host: ${JSON.stringify(err)}]`;
  } catch {
    return ` [host: ${String(err)}]`;
  }
}

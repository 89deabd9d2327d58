import { enumNames, Errno, errnoNames, flagNames, type ParamKind, type Signature } from './abi.js';
import type { GuestMemory } from './memory.js';
import { aiErrnoNames } from './wasmedge-abi.js';

const PATH_PREVIEW = 200;

/** Flags of a kind that names none (siflags: preview1 defines no bit) show as their number. */
const NO_NAMES: Record<string, number> = {};

function flags(kind: ParamKind, value: number): string {
  const names = flagNames[kind] ?? NO_NAMES;
  const set = Object.entries(names).filter(([, bit]) => value & bit).map(([name]) => name);
  const known = Object.values(names).reduce((a, b) => a | b, 0);
  if (value & ~known) set.push(`0x${(value & ~known).toString(16)}`);
  return set.length === 0 ? '0' : set.join('|');
}

function enumeration(kind: ParamKind, value: number): string {
  const name = Object.entries(enumNames[kind]!).find(([, v]) => v === value)?.[0];
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
export function formatArgs(mem: GuestMemory, sig: Signature, args: readonly unknown[]): string {
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
      case 'clockid': case 'whence': case 'advice': shown.push(enumeration(kind, Number(value))); break;
      default: shown.push(`${name}=${flags(kind, Number(value))}`);
    }
  }
  return shown.join(', ');
}

/** What the call wrote through its out-pointers, e.g. ` (fd 5)` or ` (12)`. */
export function formatResults(mem: GuestMemory, sig: Signature, args: readonly unknown[]): string {
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

export function errnoName(errno: number): string {
  return errno === 0 ? '0' : `${errnoNames[errno] ?? aiErrnoNames[errno] ?? errno}`;
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

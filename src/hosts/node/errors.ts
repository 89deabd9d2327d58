import { constants } from 'node:os';
import type { FsErrorCode, SocketErrorCode } from '../../../adapter/host.js';

/** errno names from Node's fs errors to wasi:filesystem error codes. */
const FS_CODES: Record<string, FsErrorCode> = {
  EACCES: 'access', EAGAIN: 'would-block', EWOULDBLOCK: 'would-block', EALREADY: 'already',
  EBADF: 'bad-descriptor', EBUSY: 'busy', EDEADLK: 'deadlock', EDQUOT: 'quota', EEXIST: 'exist',
  EFBIG: 'file-too-large', EILSEQ: 'illegal-byte-sequence', EINPROGRESS: 'in-progress',
  EINTR: 'interrupted', EINVAL: 'invalid', EIO: 'io', EISDIR: 'is-directory', ELOOP: 'loop',
  EMLINK: 'too-many-links', EMSGSIZE: 'message-size', ENAMETOOLONG: 'name-too-long',
  ENODEV: 'no-device', ENOENT: 'no-entry', ENOLCK: 'no-lock', ENOMEM: 'insufficient-memory',
  ENOSPC: 'insufficient-space', ENOTDIR: 'not-directory', ENOTEMPTY: 'not-empty',
  ENOTRECOVERABLE: 'not-recoverable', ENOTSUP: 'unsupported', EOPNOTSUPP: 'unsupported',
  ENOTTY: 'no-tty', ENXIO: 'no-such-device', EOVERFLOW: 'overflow', EPERM: 'not-permitted',
  EPIPE: 'pipe', EROFS: 'read-only', ESPIPE: 'invalid-seek', ETXTBSY: 'text-file-busy',
  EXDEV: 'cross-device', ENFILE: 'insufficient-memory', EMFILE: 'insufficient-memory',
  // Node rejects a path with a NUL byte before any syscall.
  ERR_INVALID_ARG_VALUE: 'invalid', ERR_INVALID_ARG_TYPE: 'invalid', ERR_OUT_OF_RANGE: 'invalid',
};

/** errno numbers to their names, for errors that carry only the number. */
const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));

/**
 * The errno name of a thrown error: its `code`, or else the name of its
 * `errno`, which Node gives negated. Deno's node:fs sets `code` but sometimes
 * no `errno`; the number alone is mapped too, so that no runtime's error
 * depends on its message.
 */
function errnoName(e: unknown): string | undefined {
  const { code, errno } = (e ?? {}) as { code?: unknown; errno?: unknown };
  if (typeof code === 'string' && Object.hasOwn(FS_CODES, code)) return code;
  return typeof errno === 'number' ? ERRNO_NAMES.get(Math.abs(errno)) : undefined;
}

/**
 * A filesystem error code for anything a Node fs call threw. Codes we already
 * threw ourselves (strings) pass through; anything unknown is 'io', so a guest
 * never sees a raw Node exception.
 */
export function fsCode(e: unknown): FsErrorCode {
  if (typeof e === 'string') return e as FsErrorCode;
  const name = errnoName(e);
  return (name !== undefined && FS_CODES[name]) || 'io';
}

const SOCKET_CODES: Record<string, SocketErrorCode> = {
  EACCES: 'access-denied', EPERM: 'access-denied', EADDRINUSE: 'address-in-use',
  EADDRNOTAVAIL: 'address-not-bindable', ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-reset', ECONNABORTED: 'connection-aborted', EPIPE: 'connection-reset',
  ETIMEDOUT: 'timeout', EHOSTUNREACH: 'remote-unreachable', ENETUNREACH: 'remote-unreachable',
  EHOSTDOWN: 'remote-unreachable', ENETDOWN: 'remote-unreachable', EMSGSIZE: 'datagram-too-large',
  EINVAL: 'invalid-argument', EAFNOSUPPORT: 'not-supported', ENOMEM: 'out-of-memory',
  ENOBUFS: 'out-of-memory', EMFILE: 'new-socket-limit', ENFILE: 'new-socket-limit',
  EAGAIN: 'would-block', EALREADY: 'concurrency-conflict', EISCONN: 'invalid-state',
  ENOTCONN: 'invalid-state', ENOTFOUND: 'name-unresolvable', EAI_NONAME: 'name-unresolvable',
  EAI_AGAIN: 'temporary-resolver-failure', EAI_FAIL: 'permanent-resolver-failure',
};

export const SOCKET_ERROR_LIST: SocketErrorCode[] = [
  'unknown', 'access-denied', 'not-supported', 'invalid-argument', 'out-of-memory', 'timeout',
  'concurrency-conflict', 'not-in-progress', 'would-block', 'invalid-state', 'new-socket-limit',
  'address-not-bindable', 'address-in-use', 'remote-unreachable', 'connection-refused',
  'connection-reset', 'connection-aborted', 'datagram-too-large', 'name-unresolvable',
  'temporary-resolver-failure', 'permanent-resolver-failure',
];

/** Socket error codes cross the worker channel as their index in SOCKET_ERROR_LIST. */
export function socketCodeIndex(e: unknown): number {
  if (typeof e === 'string') {
    const i = SOCKET_ERROR_LIST.indexOf(e as SocketErrorCode);
    return i < 0 ? 0 : i;
  }
  const code = (e as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'string' ? SOCKET_CODES[code] : undefined;
  return mapped ? SOCKET_ERROR_LIST.indexOf(mapped) : 0;
}

/**
 * wasi:io/error's resource. It keeps the filesystem or socket code so that
 * filesystemErrorCode() and networkErrorCode() can map a failed stream
 * operation back.
 */
export class IoError {
  readonly message: string;
  readonly code: FsErrorCode | undefined;
  readonly socketCode: SocketErrorCode | undefined;
  constructor(message: string, code?: FsErrorCode, socketCode?: SocketErrorCode) {
    this.message = message;
    this.code = code;
    this.socketCode = socketCode;
  }
  toDebugString(): string {
    return this.message;
  }
  [Symbol.dispose](): void {}
}

/** Thrown as is, so a stream at its end allocates nothing. */
export const CLOSED = Object.freeze({ tag: 'closed' as const });

export function streamFailure(e: unknown): { tag: 'last-operation-failed'; val: IoError } {
  const code = fsCode(e);
  const message = e instanceof Error ? e.message : String(e);
  return { tag: 'last-operation-failed', val: new IoError(message, code) };
}

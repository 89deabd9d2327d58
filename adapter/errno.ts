import { Errno } from './abi.js';
import type { Host } from './host.js';

/**
 * WASI 0.2 error codes (filesystem and sockets share one namespace of
 * strings; where both use a name, the meaning is the same) to preview1 errno.
 */
const fromErrorCode: Record<string, Errno> = {
  // wasi:filesystem/types.error-code
  access: Errno.ACCES, 'would-block': Errno.AGAIN, already: Errno.ALREADY,
  'bad-descriptor': Errno.BADF, busy: Errno.BUSY, deadlock: Errno.DEADLK, quota: Errno.DQUOT,
  exist: Errno.EXIST, 'file-too-large': Errno.FBIG, 'illegal-byte-sequence': Errno.ILSEQ,
  'in-progress': Errno.INPROGRESS, interrupted: Errno.INTR, invalid: Errno.INVAL, io: Errno.IO,
  'is-directory': Errno.ISDIR, loop: Errno.LOOP, 'too-many-links': Errno.MLINK,
  'message-size': Errno.MSGSIZE, 'name-too-long': Errno.NAMETOOLONG, 'no-device': Errno.NODEV,
  'no-entry': Errno.NOENT, 'no-lock': Errno.NOLCK, 'insufficient-memory': Errno.NOMEM,
  'insufficient-space': Errno.NOSPC, 'not-directory': Errno.NOTDIR, 'not-empty': Errno.NOTEMPTY,
  'not-recoverable': Errno.NOTRECOVERABLE, unsupported: Errno.NOTSUP, 'no-tty': Errno.NOTTY,
  'no-such-device': Errno.NXIO, overflow: Errno.OVERFLOW, 'not-permitted': Errno.PERM,
  pipe: Errno.PIPE, 'read-only': Errno.ROFS, 'invalid-seek': Errno.SPIPE,
  'text-file-busy': Errno.TXTBSY, 'cross-device': Errno.XDEV,
  // wasi:sockets/network.error-code
  unknown: Errno.IO, 'access-denied': Errno.ACCES, 'not-supported': Errno.NOTSUP,
  'invalid-argument': Errno.INVAL, 'out-of-memory': Errno.NOMEM, timeout: Errno.TIMEDOUT,
  'concurrency-conflict': Errno.ALREADY, 'not-in-progress': Errno.INVAL,
  'invalid-state': Errno.INVAL, 'new-socket-limit': Errno.MFILE,
  'address-not-bindable': Errno.ADDRNOTAVAIL, 'address-in-use': Errno.ADDRINUSE,
  'remote-unreachable': Errno.HOSTUNREACH, 'connection-refused': Errno.CONNREFUSED,
  'connection-reset': Errno.CONNRESET, 'connection-aborted': Errno.CONNABORTED,
  'datagram-too-large': Errno.MSGSIZE, 'name-unresolvable': Errno.NOENT,
  'temporary-resolver-failure': Errno.AGAIN, 'permanent-resolver-failure': Errno.IO,
};

/** Raw Node errors (a host defect: they should have been WASI error codes). */
const fromNodeCode: Record<string, Errno> = {
  EACCES: Errno.ACCES, EAGAIN: Errno.AGAIN, EBADF: Errno.BADF, EBUSY: Errno.BUSY,
  EEXIST: Errno.EXIST, EFBIG: Errno.FBIG, EINTR: Errno.INTR, EINVAL: Errno.INVAL, EIO: Errno.IO,
  EISDIR: Errno.ISDIR, ELOOP: Errno.LOOP, EMFILE: Errno.MFILE, EMLINK: Errno.MLINK,
  ENAMETOOLONG: Errno.NAMETOOLONG, ENOENT: Errno.NOENT, ENOMEM: Errno.NOMEM, ENOSPC: Errno.NOSPC,
  ENOTDIR: Errno.NOTDIR, ENOTEMPTY: Errno.NOTEMPTY, ENOTSUP: Errno.NOTSUP, EPERM: Errno.PERM,
  EPIPE: Errno.PIPE, EROFS: Errno.ROFS, ESPIPE: Errno.SPIPE, EXDEV: Errno.XDEV,
  ECONNREFUSED: Errno.CONNREFUSED, ECONNRESET: Errno.CONNRESET, EADDRINUSE: Errno.ADDRINUSE,
  EADDRNOTAVAIL: Errno.ADDRNOTAVAIL, ENOTCONN: Errno.NOTCONN, ETIMEDOUT: Errno.TIMEDOUT,
  ERR_FS_EISDIR: Errno.ISDIR,
};

/**
 * Turns anything a host threw into an errno. The adapter itself throws bare
 * errno numbers (cheap: no stack is captured); hosts throw error-code strings
 * (preview2-shim), jco ComponentErrors carrying a payload, stream errors, or
 * plain exceptions, which become EIO.
 */
export function errnoOf(thrown: unknown, host?: Host): Errno {
  if (typeof thrown === 'number') return thrown as Errno;
  if (typeof thrown === 'string') return fromErrorCode[thrown] ?? Errno.IO;
  if (typeof thrown !== 'object' || thrown === null) return Errno.IO;
  const o = thrown as { payload?: unknown; tag?: unknown; code?: unknown; val?: unknown };
  if ('payload' in o && o.payload !== undefined) return errnoOf(o.payload, host);
  if (o.tag === 'closed') return Errno.PIPE;
  if (o.tag === 'last-operation-failed') return host === undefined ? Errno.IO : streamErrno(host, o.val);
  if (typeof o.code === 'string') return fromNodeCode[o.code] ?? fromErrorCode[o.code] ?? Errno.IO;
  return Errno.IO;
}

/** wasi:sockets/network's error-code function: WASI 0.2.1 and preview2-shim have it, the generated 0.2.0 types do not. */
type NetworkErrorCode = { networkErrorCode?: (err: unknown) => string | undefined };

/**
 * What a failed stream operation was: its wasi:io/error only says through the
 * error-code functions of the interface whose stream it was, so both are asked.
 */
function streamErrno(host: Host, error: unknown): Errno {
  try {
    const code = (host['wasi:sockets/network'] as NetworkErrorCode | undefined)?.networkErrorCode?.(error)
      ?? host['wasi:filesystem/types'].filesystemErrorCode(error as never);
    return code === undefined ? Errno.IO : fromErrorCode[code] ?? Errno.IO;
  } catch {
    // A host that cannot read an error it did not make: all that is known is that I/O failed.
    return Errno.IO;
  }
}

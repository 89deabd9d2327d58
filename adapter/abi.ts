/**
 * The wasi_snapshot_preview1 ABI as witx defines it: every constant, every
 * struct offset and size, and every function's parameters. Nothing else in
 * the adapter writes a number that belongs here.
 */

export const Errno = {
  SUCCESS: 0, '2BIG': 1, ACCES: 2, ADDRINUSE: 3, ADDRNOTAVAIL: 4, AFNOSUPPORT: 5, AGAIN: 6,
  ALREADY: 7, BADF: 8, BADMSG: 9, BUSY: 10, CANCELED: 11, CHILD: 12, CONNABORTED: 13,
  CONNREFUSED: 14, CONNRESET: 15, DEADLK: 16, DESTADDRREQ: 17, DOM: 18, DQUOT: 19, EXIST: 20,
  FAULT: 21, FBIG: 22, HOSTUNREACH: 23, IDRM: 24, ILSEQ: 25, INPROGRESS: 26, INTR: 27,
  INVAL: 28, IO: 29, ISCONN: 30, ISDIR: 31, LOOP: 32, MFILE: 33, MLINK: 34, MSGSIZE: 35,
  MULTIHOP: 36, NAMETOOLONG: 37, NETDOWN: 38, NETRESET: 39, NETUNREACH: 40, NFILE: 41,
  NOBUFS: 42, NODEV: 43, NOENT: 44, NOEXEC: 45, NOLCK: 46, NOLINK: 47, NOMEM: 48, NOMSG: 49,
  NOPROTOOPT: 50, NOSPC: 51, NOSYS: 52, NOTCONN: 53, NOTDIR: 54, NOTEMPTY: 55,
  NOTRECOVERABLE: 56, NOTSOCK: 57, NOTSUP: 58, NOTTY: 59, NXIO: 60, OVERFLOW: 61,
  OWNERDEAD: 62, PERM: 63, PIPE: 64, PROTO: 65, PROTONOSUPPORT: 66, PROTOTYPE: 67, RANGE: 68,
  ROFS: 69, SPIPE: 70, SRCH: 71, STALE: 72, TIMEDOUT: 73, TXTBSY: 74, XDEV: 75, NOTCAPABLE: 76,
} as const;
export type Errno = (typeof Errno)[keyof typeof Errno];
export const errnoNames: readonly string[] = Object.keys(Errno);

export const Filetype = {
  UNKNOWN: 0, BLOCK_DEVICE: 1, CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4,
  SOCKET_DGRAM: 5, SOCKET_STREAM: 6, SYMBOLIC_LINK: 7,
} as const;
export type Filetype = (typeof Filetype)[keyof typeof Filetype];

export const Fdflags = { APPEND: 1, DSYNC: 2, NONBLOCK: 4, RSYNC: 8, SYNC: 16 } as const;
export const Oflags = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const;
export const Lookupflags = { SYMLINK_FOLLOW: 1 } as const;
export const Fstflags = { ATIM: 1, ATIM_NOW: 2, MTIM: 4, MTIM_NOW: 8 } as const;
export const Whence = { SET: 0, CUR: 1, END: 2 } as const;
export const Clockid = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME_ID: 2, THREAD_CPUTIME_ID: 3 } as const;
export const Advice = { NORMAL: 0, SEQUENTIAL: 1, RANDOM: 2, WILLNEED: 3, DONTNEED: 4, NOREUSE: 5 } as const;
export const Eventtype = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 } as const;
export const Subclockflags = { ABSTIME: 1 } as const;
export const Eventrwflags = { HANGUP: 1 } as const;
export const Riflags = { RECV_PEEK: 1, RECV_WAITALL: 2 } as const;
export const Roflags = { RECV_DATA_TRUNCATED: 1 } as const;
export const Sdflags = { RD: 1, WR: 2 } as const;
export const Preopentype = { DIR: 0 } as const;

/** Rights are 64-bit masks; bigint keeps every bit. */
export const Rights = {
  FD_DATASYNC: 1n << 0n, FD_READ: 1n << 1n, FD_SEEK: 1n << 2n, FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_SYNC: 1n << 4n, FD_TELL: 1n << 5n, FD_WRITE: 1n << 6n, FD_ADVISE: 1n << 7n,
  FD_ALLOCATE: 1n << 8n, PATH_CREATE_DIRECTORY: 1n << 9n, PATH_CREATE_FILE: 1n << 10n,
  PATH_LINK_SOURCE: 1n << 11n, PATH_LINK_TARGET: 1n << 12n, PATH_OPEN: 1n << 13n,
  FD_READDIR: 1n << 14n, PATH_READLINK: 1n << 15n, PATH_RENAME_SOURCE: 1n << 16n,
  PATH_RENAME_TARGET: 1n << 17n, PATH_FILESTAT_GET: 1n << 18n, PATH_FILESTAT_SET_SIZE: 1n << 19n,
  PATH_FILESTAT_SET_TIMES: 1n << 20n, FD_FILESTAT_GET: 1n << 21n, FD_FILESTAT_SET_SIZE: 1n << 22n,
  FD_FILESTAT_SET_TIMES: 1n << 23n, PATH_SYMLINK: 1n << 24n, PATH_REMOVE_DIRECTORY: 1n << 25n,
  PATH_UNLINK_FILE: 1n << 26n, POLL_FD_READWRITE: 1n << 27n, SOCK_SHUTDOWN: 1n << 28n,
  SOCK_ACCEPT: 1n << 29n,
} as const;
export const ALL_RIGHTS = (1n << 30n) - 1n;

/** Struct layouts: byte offsets and sizes in guest memory. */
export const Iovec = { buf: 0, len: 4, SIZE: 8 } as const;
export const Fdstat = { filetype: 0, flags: 2, rightsBase: 8, rightsInheriting: 16, SIZE: 24 } as const;
export const Filestat = {
  dev: 0, ino: 8, filetype: 16, nlink: 24, size: 32, atim: 40, mtim: 48, ctim: 56, SIZE: 64,
} as const;
export const Dirent = { next: 0, ino: 8, namlen: 16, type: 20, SIZE: 24 } as const;
export const Prestat = { tag: 0, nameLen: 4, SIZE: 8 } as const;
export const Subscription = {
  userdata: 0, tag: 8,
  clockId: 16, clockTimeout: 24, clockPrecision: 32, clockFlags: 40,
  fd: 16,
  SIZE: 48,
} as const;
export const Event = { userdata: 0, error: 8, type: 10, nbytes: 16, flags: 24, SIZE: 32 } as const;

/**
 * How the tracer shows a parameter. `path` and `string` consume a pointer and
 * the length that follows it; `out:*` parameters are pointers the call writes
 * its results through, shown after the call returns.
 */
export type ParamKind =
  | 'fd' | 'u32' | 'u64' | 'i64' | 'ptr' | 'len' | 'path' | 'exitcode' | 'signal'
  | 'clockid' | 'whence' | 'advice' | 'fdflags' | 'oflags' | 'lookupflags' | 'fstflags'
  | 'rights' | 'riflags' | 'sdflags' | 'siflags'
  | 'out:fd' | 'out:u32' | 'out:u64' | 'out:size';

export type Signature = readonly (readonly [name: string, kind: ParamKind])[];

/** Every preview1 function, its parameters in ABI order. */
export const signatures = {
  args_get: [['argv', 'ptr'], ['argv_buf', 'ptr']],
  args_sizes_get: [['argc', 'out:size'], ['argv_buf_size', 'out:size']],
  environ_get: [['environ', 'ptr'], ['environ_buf', 'ptr']],
  environ_sizes_get: [['count', 'out:size'], ['buf_size', 'out:size']],
  clock_res_get: [['id', 'clockid'], ['resolution', 'out:u64']],
  clock_time_get: [['id', 'clockid'], ['precision', 'u64'], ['time', 'out:u64']],
  fd_advise: [['fd', 'fd'], ['offset', 'u64'], ['len', 'u64'], ['advice', 'advice']],
  fd_allocate: [['fd', 'fd'], ['offset', 'u64'], ['len', 'u64']],
  fd_close: [['fd', 'fd']],
  fd_datasync: [['fd', 'fd']],
  fd_fdstat_get: [['fd', 'fd'], ['stat', 'ptr']],
  fd_fdstat_set_flags: [['fd', 'fd'], ['flags', 'fdflags']],
  fd_fdstat_set_rights: [['fd', 'fd'], ['base', 'rights'], ['inheriting', 'rights']],
  fd_filestat_get: [['fd', 'fd'], ['stat', 'ptr']],
  fd_filestat_set_size: [['fd', 'fd'], ['size', 'u64']],
  fd_filestat_set_times: [['fd', 'fd'], ['atim', 'u64'], ['mtim', 'u64'], ['flags', 'fstflags']],
  fd_pread: [['fd', 'fd'], ['iovs', 'ptr'], ['iovs_len', 'len'], ['offset', 'u64'], ['nread', 'out:size']],
  fd_prestat_get: [['fd', 'fd'], ['prestat', 'ptr']],
  fd_prestat_dir_name: [['fd', 'fd'], ['path', 'ptr'], ['path_len', 'len']],
  fd_pwrite: [['fd', 'fd'], ['iovs', 'ptr'], ['iovs_len', 'len'], ['offset', 'u64'], ['nwritten', 'out:size']],
  fd_read: [['fd', 'fd'], ['iovs', 'ptr'], ['iovs_len', 'len'], ['nread', 'out:size']],
  fd_readdir: [['fd', 'fd'], ['buf', 'ptr'], ['buf_len', 'len'], ['cookie', 'u64'], ['bufused', 'out:size']],
  fd_renumber: [['fd', 'fd'], ['to', 'fd']],
  fd_seek: [['fd', 'fd'], ['offset', 'i64'], ['whence', 'whence'], ['newoffset', 'out:u64']],
  fd_sync: [['fd', 'fd']],
  fd_tell: [['fd', 'fd'], ['offset', 'out:u64']],
  fd_write: [['fd', 'fd'], ['iovs', 'ptr'], ['iovs_len', 'len'], ['nwritten', 'out:size']],
  path_create_directory: [['fd', 'fd'], ['path', 'path']],
  path_filestat_get: [['fd', 'fd'], ['flags', 'lookupflags'], ['path', 'path'], ['stat', 'ptr']],
  path_filestat_set_times: [['fd', 'fd'], ['flags', 'lookupflags'], ['path', 'path'], ['atim', 'u64'], ['mtim', 'u64'], ['fst_flags', 'fstflags']],
  path_link: [['old_fd', 'fd'], ['old_flags', 'lookupflags'], ['old_path', 'path'], ['new_fd', 'fd'], ['new_path', 'path']],
  path_open: [['fd', 'fd'], ['dirflags', 'lookupflags'], ['path', 'path'], ['oflags', 'oflags'], ['rights_base', 'rights'], ['rights_inheriting', 'rights'], ['fdflags', 'fdflags'], ['opened', 'out:fd']],
  path_readlink: [['fd', 'fd'], ['path', 'path'], ['buf', 'ptr'], ['buf_len', 'len'], ['bufused', 'out:size']],
  path_remove_directory: [['fd', 'fd'], ['path', 'path']],
  path_rename: [['fd', 'fd'], ['old_path', 'path'], ['new_fd', 'fd'], ['new_path', 'path']],
  path_symlink: [['old_path', 'path'], ['fd', 'fd'], ['new_path', 'path']],
  path_unlink_file: [['fd', 'fd'], ['path', 'path']],
  poll_oneoff: [['in', 'ptr'], ['out', 'ptr'], ['nsubscriptions', 'len'], ['nevents', 'out:size']],
  proc_exit: [['rval', 'exitcode']],
  proc_raise: [['sig', 'signal']],
  sched_yield: [],
  random_get: [['buf', 'ptr'], ['buf_len', 'len']],
  sock_accept: [['fd', 'fd'], ['flags', 'fdflags'], ['accepted', 'out:fd']],
  sock_recv: [['fd', 'fd'], ['ri_data', 'ptr'], ['ri_data_len', 'len'], ['ri_flags', 'riflags'], ['ro_datalen', 'out:size'], ['ro_flags', 'out:u32']],
  sock_send: [['fd', 'fd'], ['si_data', 'ptr'], ['si_data_len', 'len'], ['si_flags', 'siflags'], ['so_datalen', 'out:size']],
  sock_shutdown: [['fd', 'fd'], ['how', 'sdflags']],
} as const satisfies Record<string, Signature>;

export type FunctionName = keyof typeof signatures;
export const functionNames = Object.keys(signatures) as FunctionName[];

/** Flag sets by name, for the tracer. */
export const flagNames: Partial<Record<ParamKind, Record<string, number>>> = {
  fdflags: Fdflags, oflags: Oflags, lookupflags: Lookupflags, fstflags: Fstflags,
  riflags: Riflags, sdflags: Sdflags,
};
export const enumNames: Partial<Record<ParamKind, Record<string, number>>> = {
  clockid: Clockid, whence: Whence, advice: Advice,
};

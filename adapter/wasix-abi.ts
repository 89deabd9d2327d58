/**
 * WASIX (`wasix_32v1`), as Wasmer's runtime and wasix-libc's api_wasix.h
 * define it: its extra errnos, enums, flags, struct layouts, every
 * function's parameters, and the names 0.2 cannot serve with the errno each
 * answers. Nothing else in the adapter writes a number that belongs here.
 * The preview1 functions keep their preview1 shapes unless listed here.
 */
import { errnoNames, type ParamKind } from './abi.js';

/** WASIX's errnos after preview1's last (NOTCAPABLE, 76). */
export const WasixErrno = { SHUTDOWN: 77, MEMVIOLATION: 78, UNKNOWN: 79 } as const;

/** Errno names as a WASIX call's trace shows them. */
export const wasixErrnoNames: readonly string[] = [...errnoNames, ...Object.keys(WasixErrno)];

export const AddressFamily = { UNSPEC: 0, INET4: 1, INET6: 2, UNIX: 3 } as const;
export const SockType = { STREAM: 1, DGRAM: 2, RAW: 3, SEQPACKET: 4 } as const;
export const SockProto = { IP: 0, TCP: 6, UDP: 17 } as const;
export const SockStatus = { OPENING: 0, OPENED: 1, CLOSED: 2, FAILED: 3 } as const;
export const SockOption = {
  NOOP: 0, REUSE_PORT: 1, REUSE_ADDR: 2, NO_DELAY: 3, DONT_ROUTE: 4, ONLY_V6: 5, BROADCAST: 6,
  MULTICAST_LOOP_V4: 7, MULTICAST_LOOP_V6: 8, PROMISCUOUS: 9, LISTENING: 10, LAST_ERROR: 11,
  KEEP_ALIVE: 12, LINGER: 13, OOB_INLINE: 14, RECV_BUF_SIZE: 15, SEND_BUF_SIZE: 16, RECV_LOWAT: 17,
  SEND_LOWAT: 18, RECV_TIMEOUT: 19, SEND_TIMEOUT: 20, CONNECT_TIMEOUT: 21, ACCEPT_TIMEOUT: 22,
  TTL: 23, MULTICAST_TTL_V4: 24, TYPE: 25, PROTO: 26,
} as const;
/** The receive flags WASIX adds to preview1's PEEK and WAITALL. */
export const WasixRiflags = { RECV_DATA_TRUNCATED: 4, RECV_DONT_WAIT: 8 } as const;
export const Siflags = { SEND_DONT_WAIT: 1 } as const;
export const EventFdFlags = { SEMAPHORE: 1 } as const;
/** File descriptor flags (fcntl F_GETFD), apart from preview1's file status flags. */
export const FdflagsExt = { CLOEXEC: 1 } as const;
export const Bool = { FALSE: 0, TRUE: 1 } as const;
export const OptionTag = { NONE: 0, SOME: 1 } as const;

/**
 * `__wasi_addr_port_t` as Wasmer reads and writes it: the family (u8), a pad
 * byte, the port, then the address bytes in network order. Wasmer reads the
 * port in the guest's byte order and writes it in network order
 * (wasix-libc tells the two apart at its first call).
 */
export const AddrPort = { tag: 0, port: 2, address: 4, SIZE: 20 } as const;
/** `__wasi_addr_t` entries of resolve: the family, a pad byte, the address bytes. */
export const Addr = { tag: 0, address: 2, SIZE: 18 } as const;
export const OptionTimestamp = { tag: 0, value: 8, SIZE: 16 } as const;
/** `__wasi_option_pid_t` and `__wasi_join_status_t`, which proc_join takes. */
export const OptionPid = { tag: 0, value: 4, SIZE: 8 } as const;
export const JoinStatus = { tag: 0, value: 2, SIZE: 6 } as const;
export const Tty = {
  cols: 0, rows: 4, width: 8, height: 12, stdinTty: 16, stdoutTty: 17, stderrTty: 18, echo: 19,
  lineBuffered: 20, lineFeeds: 21, SIZE: 24,
} as const;

/** How WASIX's own parameters show in a trace, besides preview1's kinds. */
export type WasixParamKind = ParamKind | 'family' | 'socktype' | 'sockopt' | 'fdflagsext' | 'eventfdflags' | 'bool';
export type WasixSignature = readonly (readonly [name: string, kind: WasixParamKind])[];

export const wasixFlagNames: Partial<Record<WasixParamKind, Record<string, number>>> = {
  fdflagsext: FdflagsExt, eventfdflags: EventFdFlags, siflags: Siflags,
  riflags: { RECV_PEEK: 1, RECV_WAITALL: 2, ...WasixRiflags },
};
export const wasixEnumNames: Partial<Record<WasixParamKind, Record<string, number>>> = {
  family: AddressFamily, socktype: SockType, sockopt: SockOption, bool: Bool,
};

/** WASIX's own functions, and the preview1 ones whose WASIX shape differs. */
export const wasixSignatures = {
  fd_dup: [['fd', 'fd'], ['fd', 'out:fd']],
  fd_dup2: [['fd', 'fd'], ['min_result_fd', 'fd'], ['cloexec', 'bool'], ['fd', 'out:fd']],
  fd_fdflags_get: [['fd', 'fd'], ['flags', 'out:u32']],
  fd_fdflags_set: [['fd', 'fd'], ['flags', 'fdflagsext']],
  fd_event: [['initial_val', 'u64'], ['flags', 'eventfdflags'], ['fd', 'out:fd']],
  fd_pipe: [['fd1', 'out:fd'], ['fd2', 'out:fd']],
  path_open2: [['fd', 'fd'], ['dirflags', 'lookupflags'], ['path', 'path'], ['oflags', 'oflags'], ['rights_base', 'rights'], ['rights_inheriting', 'rights'], ['fdflags', 'fdflags'], ['fdflagsext', 'fdflagsext'], ['opened', 'out:fd']],
  getcwd: [['path', 'ptr'], ['path_len', 'ptr']],
  chdir: [['path', 'path']],
  tty_get: [['state', 'ptr']],
  tty_set: [['state', 'ptr']],
  proc_id: [['pid', 'out:u32']],
  proc_parent: [['pid', 'u32'], ['parent', 'out:u32']],
  thread_id: [['tid', 'out:u32']],
  thread_parallelism: [['size', 'out:size']],
  thread_sleep: [['duration', 'u64']],
  thread_exit: [['rval', 'exitcode']],
  sock_open: [['af', 'family'], ['socktype', 'socktype'], ['proto', 'u32'], ['fd', 'out:fd']],
  sock_bind: [['fd', 'fd'], ['addr', 'ptr']],
  sock_connect: [['fd', 'fd'], ['addr', 'ptr']],
  sock_listen: [['fd', 'fd'], ['backlog', 'u32']],
  sock_accept: [['fd', 'fd'], ['flags', 'fdflags'], ['fd', 'out:fd'], ['addr', 'ptr']],
  sock_accept_v2: [['fd', 'fd'], ['flags', 'fdflags'], ['fd', 'out:fd'], ['addr', 'ptr']],
  sock_recv: [['fd', 'fd'], ['ri_data', 'ptr'], ['ri_data_len', 'len'], ['ri_flags', 'riflags'], ['ro_datalen', 'out:size'], ['ro_flags', 'out:u32']],
  sock_send: [['fd', 'fd'], ['si_data', 'ptr'], ['si_data_len', 'len'], ['si_flags', 'siflags'], ['so_datalen', 'out:size']],
  sock_recv_from: [['fd', 'fd'], ['ri_data', 'ptr'], ['ri_data_len', 'len'], ['ri_flags', 'riflags'], ['ro_datalen', 'out:size'], ['ro_flags', 'out:u32'], ['addr', 'ptr']],
  sock_send_to: [['fd', 'fd'], ['si_data', 'ptr'], ['si_data_len', 'len'], ['si_flags', 'siflags'], ['addr', 'ptr'], ['so_datalen', 'out:size']],
  sock_send_file: [['out_fd', 'fd'], ['in_fd', 'fd'], ['offset', 'u64'], ['count', 'u64'], ['sent', 'out:u64']],
  sock_addr_local: [['fd', 'fd'], ['addr', 'ptr']],
  sock_addr_peer: [['fd', 'fd'], ['addr', 'ptr']],
  sock_status: [['fd', 'fd'], ['status', 'out:u32']],
  sock_set_opt_flag: [['fd', 'fd'], ['opt', 'sockopt'], ['flag', 'bool']],
  sock_get_opt_flag: [['fd', 'fd'], ['opt', 'sockopt'], ['flag', 'ptr']],
  sock_set_opt_size: [['fd', 'fd'], ['opt', 'sockopt'], ['size', 'u64']],
  sock_get_opt_size: [['fd', 'fd'], ['opt', 'sockopt'], ['size', 'out:u64']],
  sock_set_opt_time: [['fd', 'fd'], ['opt', 'sockopt'], ['time', 'ptr']],
  sock_get_opt_time: [['fd', 'fd'], ['opt', 'sockopt'], ['time', 'ptr']],
  resolve: [['host', 'path'], ['port', 'u32'], ['addrs', 'ptr'], ['naddrs', 'len'], ['found', 'out:size']],
  callback_signal: [['callback', 'path']],
  proc_join: [['pid', 'ptr'], ['flags', 'u32'], ['status', 'ptr']],
  proc_signal: [['pid', 'u32'], ['signal', 'signal']],
} as const satisfies Record<string, WasixSignature>;

export type WasixExtensionName = keyof typeof wasixSignatures;

/** preview1's sock_accept shape, which older WASIX modules import under the same name. */
export const wasixPreview1Accept: WasixSignature = [['fd', 'fd'], ['flags', 'fdflags'], ['fd', 'out:fd']];

/**
 * What 0.2 cannot express, or this adapter does not do yet: each name
 * answers the errno Wasmer gives when the feature is off, and why (the
 * README's table is made from the same reasons).
 */
/** Why each name cannot be served (the README's table says the same). */
const NO_THREADS = 'threads have not landed in the adapter';
const NO_SIGNALS = '0.2 has no signals';
const NO_FORK = '0.2 cannot copy a running instance into a new process (Wasmer answers EPERM when it cannot fork)';
const NO_EXEC_ENDS = '0.2 cannot replace the running module; the module ends with this code, as Wasmer ends it when exec fails';
const NO_EXEC = '0.2 cannot replace the running module';
const NO_SPAWN = '0.2 cannot start processes';
const NO_TIMERS = '0.2 has no signals or interval timers';
const NO_SNAPSHOT = '0.2 cannot snapshot an instance';
const NO_REWIND = 'the adapter cannot capture and rewind the wasm stack';
const NO_CLOCK_SET = '0.2 clocks cannot be set';
const NO_EPOLL = 'not done yet: poll_oneoff serves the same waits';
const NO_SOCKETPAIR = '0.2 has no socketpair (fd_pipe gives a duplex pair)';
const NO_MULTICAST = '0.2 has no multicast';
const NO_PORTS = '0.2 has no network configuration';
const NO_HTTP = 'an older WASIX call: wasi:http is not among the interfaces the adapter is given';
const NO_WEBSOCKETS = 'an older WASIX call: 0.2 has no web sockets';
const NO_BUS = 'an older WASIX call: 0.2 has no process bus';
const NO_LINKING = 'the adapter does not link modules at run time';

export const unsupported = {
  thread_spawn: ['NOTSUP', NO_THREADS],
  thread_spawn_v2: ['NOTSUP', NO_THREADS],
  thread_join: ['NOTSUP', NO_THREADS],
  thread_signal: ['NOTSUP', NO_SIGNALS],
  futex_wait: ['NOTSUP', NO_THREADS],
  futex_wake: ['NOTSUP', NO_THREADS],
  futex_wake_all: ['NOTSUP', NO_THREADS],
  proc_fork: ['PERM', NO_FORK],
  proc_exec: ['NOEXEC', NO_EXEC_ENDS],
  proc_exec2: ['NOEXEC', NO_EXEC_ENDS],
  proc_exec3: ['NOTSUP', NO_EXEC],
  proc_spawn: ['NOTSUP', NO_SPAWN],
  proc_spawn2: ['NOTSUP', NO_SPAWN],
  proc_raise_interval: ['NOTSUP', NO_TIMERS],
  proc_snapshot: ['NOTSUP', NO_SNAPSHOT],
  stack_checkpoint: ['NOTSUP', NO_REWIND],
  stack_restore: ['NOTSUP', NO_REWIND],
  clock_time_set: ['NOTSUP', NO_CLOCK_SET],
  epoll_create: ['NOTSUP', NO_EPOLL],
  epoll_ctl: ['NOTSUP', NO_EPOLL],
  epoll_wait: ['NOTSUP', NO_EPOLL],
  sock_pair: ['NOTSUP', NO_SOCKETPAIR],
  sock_join_multicast_v4: ['NOTSUP', NO_MULTICAST],
  sock_leave_multicast_v4: ['NOTSUP', NO_MULTICAST],
  sock_join_multicast_v6: ['NOTSUP', NO_MULTICAST],
  sock_leave_multicast_v6: ['NOTSUP', NO_MULTICAST],
  port_bridge: ['NOTSUP', NO_PORTS],
  port_unbridge: ['NOTSUP', NO_PORTS],
  port_dhcp_acquire: ['NOTSUP', NO_PORTS],
  port_addr_add: ['NOTSUP', NO_PORTS],
  port_addr_remove: ['NOTSUP', NO_PORTS],
  port_addr_clear: ['NOTSUP', NO_PORTS],
  port_addr_list: ['NOTSUP', NO_PORTS],
  port_mac: ['NOTSUP', NO_PORTS],
  port_gateway_set: ['NOTSUP', NO_PORTS],
  port_route_add: ['NOTSUP', NO_PORTS],
  port_route_remove: ['NOTSUP', NO_PORTS],
  port_route_clear: ['NOTSUP', NO_PORTS],
  port_route_list: ['NOTSUP', NO_PORTS],
  http_request: ['NOTSUP', NO_HTTP],
  http_status: ['NOTSUP', NO_HTTP],
  ws_connect: ['NOTSUP', NO_WEBSOCKETS],
  bus_open_local: ['NOTSUP', NO_BUS],
  bus_open_remote: ['NOTSUP', NO_BUS],
  bus_close: ['NOTSUP', NO_BUS],
  bus_call: ['NOTSUP', NO_BUS],
  bus_subcall: ['NOTSUP', NO_BUS],
  bus_poll: ['NOTSUP', NO_BUS],
  call_reply: ['NOTSUP', NO_BUS],
  call_fault: ['NOTSUP', NO_BUS],
  call_close: ['NOTSUP', NO_BUS],
  dlopen: ['NOTSUP', NO_LINKING],
  dlsym: ['NOTSUP', NO_LINKING],
  dl_invalid_handle: ['NOTSUP', NO_LINKING],
  call_dynamic: ['NOTSUP', NO_LINKING],
  closure_prepare: ['NOTSUP', NO_LINKING],
  closure_allocate: ['NOTSUP', NO_LINKING],
  closure_free: ['NOTSUP', NO_LINKING],
} as const;

export type UnsupportedName = keyof typeof unsupported;
export const unsupportedNames = Object.keys(unsupported) as UnsupportedName[];

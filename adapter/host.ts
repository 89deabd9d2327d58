/**
 * The WASI 0.2 host the adapter runs on, in the shape of a jco import object.
 * The interface types are the ones preview2-shim generates from the WIT; the
 * adapter only ever reaches the outside world through an object of this type.
 */

import type { WaitKind } from './wait.js';

export type Streams = typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-io-streams');
export type Poll = typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-io-poll');
export type FilesystemTypes = typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types');
export type Tcp = typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-tcp');
export type Udp = typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-udp');
export type Network = typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-network');

export type InputStream = import('@bytecodealliance/preview2-shim/interfaces/wasi-io-streams').InputStream;
export type OutputStream = import('@bytecodealliance/preview2-shim/interfaces/wasi-io-streams').OutputStream;
export type StreamError = import('@bytecodealliance/preview2-shim/interfaces/wasi-io-streams').StreamError;
export type Pollable = import('@bytecodealliance/preview2-shim/interfaces/wasi-io-poll').Pollable;
export type IoError = import('@bytecodealliance/preview2-shim/interfaces/wasi-io-error').Error;
export type Descriptor = import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types').Descriptor;
export type DescriptorType = import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types').DescriptorType;
export type DescriptorStat = import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types').DescriptorStat;
export type DescriptorFlags = import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types').DescriptorFlags;
export type DirectoryEntryStream = import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types').DirectoryEntryStream;
export type NewTimestamp = import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types').NewTimestamp;
export type FsErrorCode = import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types').ErrorCode;
export type Datetime = import('@bytecodealliance/preview2-shim/interfaces/wasi-clocks-wall-clock').Datetime;
export type TcpSocket = import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-tcp').TcpSocket;
export type UdpSocket = import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-udp').UdpSocket;
export type IncomingDatagramStream = import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-udp').IncomingDatagramStream;
export type OutgoingDatagramStream = import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-udp').OutgoingDatagramStream;
export type IpSocketAddress = import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-network').IpSocketAddress;
export type IpAddress = import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-network').IpAddress;
export type SocketErrorCode = import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-network').ErrorCode;
export type NetworkResource = import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-network').Network;

/**
 * A host that sets this property to true promises to answer every call
 * synchronously, so the adapter need never prepare to suspend the module
 * (JSPI); any other host may answer a wait with a promise.
 */
export const synchronousHost: unique symbol = Symbol.for('wasi-preview1-adapter.synchronous-host');

/**
 * The waits (adapter/wait.ts's kinds) a host may answer with a promise,
 * where it knows: a host without this may answer any of them. Only the
 * preview1 calls that can reach one of them become JSPI imports, since a JSPI
 * import costs more per call even when it returns at once.
 */
export const asyncWaits: unique symbol = Symbol.for('wasi-preview1-adapter.async-waits');

/**
 * A host that can give the CPU up to another thread (the OS's sched_yield)
 * sets this property to that function; sched_yield calls it. 0.2 has no such
 * call, so without it sched_yield returns at once.
 */
export const yieldThread: unique symbol = Symbol.for('wasi-preview1-adapter.yield-thread');

/** The interfaces every host must provide. */
export interface CoreHost {
  'wasi:io/error': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-io-error');
  'wasi:io/poll': Poll;
  'wasi:io/streams': Streams;
  'wasi:clocks/monotonic-clock': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-clocks-monotonic-clock');
  'wasi:clocks/wall-clock': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-clocks-wall-clock');
  'wasi:random/random': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-random-random');
  'wasi:cli/stdin': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-stdin');
  'wasi:cli/stdout': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-stdout');
  'wasi:cli/stderr': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-stderr');
  'wasi:filesystem/types': FilesystemTypes;
  'wasi:filesystem/preopens': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-preopens');
}

/** Interfaces a host may leave out; the calls that need them answer ENOTSUP or EACCES. */
export interface OptionalHost {
  'wasi:cli/environment': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-environment');
  'wasi:cli/exit': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-exit');
  'wasi:cli/terminal-input': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-input');
  'wasi:cli/terminal-output': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-output');
  'wasi:cli/terminal-stdin': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-stdin');
  'wasi:cli/terminal-stdout': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-stdout');
  'wasi:cli/terminal-stderr': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-cli-terminal-stderr');
  'wasi:random/insecure': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-random-insecure');
  'wasi:random/insecure-seed': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-random-insecure-seed');
  'wasi:sockets/network': Network;
  'wasi:sockets/instance-network': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-instance-network');
  'wasi:sockets/tcp': Tcp;
  'wasi:sockets/tcp-create-socket': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-tcp-create-socket');
  'wasi:sockets/udp': Udp;
  'wasi:sockets/udp-create-socket': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-udp-create-socket');
  'wasi:sockets/ip-name-lookup': typeof import('@bytecodealliance/preview2-shim/interfaces/wasi-sockets-ip-name-lookup');
}

/** A WASI 0.2 host in jco import-object shape (unversioned keys). */
export type Host = CoreHost & Partial<OptionalHost> & {
  readonly [synchronousHost]?: boolean;
  readonly [asyncWaits]?: readonly WaitKind[];
  readonly [yieldThread]?: () => void;
};

export type PathFlags = import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types').PathFlags;
export type OpenFlags = import('@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types').OpenFlags;

/**
 * What the Node host's stat extension (statInto, statAtInto) fills in, for
 * the adapter to write a preview1 filestat from one lookup: a descriptor-stat
 * with its times in nanoseconds, and `ino`, what metadata-hash gives as `lower`.
 */
export interface RawStat {
  type: DescriptorType;
  ino: bigint;
  linkCount: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

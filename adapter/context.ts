import { Errno } from './abi.js';
import { GuestMemory } from './memory.js';
import type { Resumed } from './wait.js';
import type { Host, IpSocketAddress, NetworkResource } from './host.js';
import type { DirectoryEntry, Entry, FileEntry, TcpEntry, UdpEntry } from './entries.js';
import type { ResourceTable } from './table.js';

/** Thrown by proc_exit to unwind the guest; start() turns it into the exit code. */
export class ProcExit extends Error {
  constructor(readonly code: number) {
    super(`exit with code ${code}`);
  }
}

/** Host defects the adapter works around; the embedder says which its host has. */
export interface HostQuirks {
  /** shutdown() destroys the socket whatever its type (preview2-shim). */
  tcpShutdownIgnoresType?: boolean;
}

/**
 * What the embedder lets the guest reach through the WasmEdge socket
 * extension, checked by the adapter before any host call, whatever the host.
 */
export interface NetworkGrants {
  /** May the guest connect or send datagrams to this address? */
  connect(address: IpSocketAddress): boolean;
  /** May the guest bind (and so listen or receive datagrams) on this local address? */
  listen(address: IpSocketAddress): boolean;
  /** May the guest resolve names? */
  readonly lookup: boolean;
}

/** Nothing granted: the default. */
export const NO_NETWORK: NetworkGrants = { connect: () => false, listen: () => false, lookup: false };

/**
 * What a preview1 call works with: the guest's memory, the host, the fd
 * table, and the args and environment the adapter keeps itself.
 */
export class Context {
  readonly memory = new GuestMemory();
  /** The host exception behind the last errno a call returned, for --trace. */
  lastError: unknown = undefined;
  /**
   * True while a JSPI import runs (under startAsync): a wait the host answers
   * with a promise suspends the module instead of failing.
   */
  suspendable = false;
  /** True while a call that suspended runs again (adapter/wait.ts). */
  resuming = false;
  /** During that re-run, until its wait takes it: how the wait it suspended in ended. */
  resumed: Resumed | undefined = undefined;
  #network: NetworkResource | undefined;

  constructor(
    readonly host: Host,
    readonly table: ResourceTable,
    readonly args: readonly string[],
    /** `NAME=value` strings, in order. */
    readonly env: readonly string[],
    readonly quirks: HostQuirks = {},
    readonly grants: NetworkGrants = NO_NETWORK,
  ) {}

  /** The host's network resource, taken once; a host without sockets is ENOTSUP. */
  network(): NetworkResource {
    const instance = this.host['wasi:sockets/instance-network'];
    if (instance === undefined) throw Errno.NOTSUP;
    return (this.#network ??= instance.instanceNetwork());
  }

  entry(fd: number): Entry {
    const e = this.table.get(fd);
    if (e === undefined) throw Errno.BADF;
    return e;
  }

  /** A file fd; other kinds are EBADF (wasmtime) except where the caller checks first. */
  file(fd: number, right: bigint): FileEntry {
    const e = this.entry(fd);
    if (e.kind !== 'file') throw Errno.BADF;
    e.require(right);
    return e;
  }

  directory(fd: number, right: bigint): DirectoryEntry {
    const e = this.entry(fd);
    if (e.kind !== 'directory') throw Errno.BADF;
    e.require(right);
    return e;
  }

  /** Any fd holding the right. */
  withRight(fd: number, right: bigint): Entry {
    const e = this.entry(fd);
    e.require(right);
    return e;
  }

  socket(fd: number): TcpEntry | UdpEntry {
    const e = this.entry(fd);
    if (e.kind !== 'tcp' && e.kind !== 'udp') throw Errno.NOTSOCK;
    return e;
  }
}

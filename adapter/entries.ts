/**
 * What a preview1 fd is: its kinds of entry (a file, a directory, streams, a
 * TCP or UDP socket), each with its rights, flags and the 0.2 resources it
 * holds, and how those resources are released or handed over. The table
 * that numbers them is table.ts.
 */
import { Errno, Fdflags, Filetype, Rights } from './abi.js';
import type {
  Descriptor, DirectoryEntryStream, IncomingDatagramStream, InputStream, IpSocketAddress, OutputStream,
  OutgoingDatagramStream, TcpSocket, UdpSocket,
} from './host.js';

const dispose: typeof Symbol.dispose = Symbol.dispose ?? Symbol.for('dispose');

/** Drops a 0.2 resource: hosts release their handle in `[Symbol.dispose]`. */
export function drop(resource: object | undefined): void {
  (resource as { [Symbol.dispose]?: () => void } | undefined)?.[dispose]?.();
}

/** The resources of an fd that the table holds without owning them. */
export function lentSet(...resources: (object | undefined)[]): ReadonlySet<object> {
  return new Set(resources.filter((r) => r !== undefined));
}

const R = Rights;
/** What a regular file may do; read/write are removed when its descriptor lacks them. */
export const FILE_RIGHTS = R.FD_DATASYNC | R.FD_READ | R.FD_SEEK | R.FD_FDSTAT_SET_FLAGS | R.FD_SYNC
  | R.FD_TELL | R.FD_WRITE | R.FD_ADVISE | R.FD_ALLOCATE | R.FD_FILESTAT_GET
  | R.FD_FILESTAT_SET_SIZE | R.FD_FILESTAT_SET_TIMES | R.POLL_FD_READWRITE;
/** What a directory may do: the set wasi-libc and most userlands expect of a preopen. */
export const DIRECTORY_RIGHTS = R.PATH_CREATE_DIRECTORY | R.PATH_CREATE_FILE | R.PATH_LINK_SOURCE | R.PATH_LINK_TARGET
  | R.PATH_OPEN | R.FD_READDIR | R.PATH_READLINK | R.PATH_RENAME_SOURCE | R.PATH_RENAME_TARGET
  | R.PATH_FILESTAT_GET | R.PATH_FILESTAT_SET_SIZE | R.PATH_FILESTAT_SET_TIMES
  | R.FD_FILESTAT_GET | R.FD_FILESTAT_SET_TIMES | R.PATH_SYMLINK | R.PATH_REMOVE_DIRECTORY
  | R.PATH_UNLINK_FILE;
export const DIRECTORY_INHERITING = DIRECTORY_RIGHTS | FILE_RIGHTS;
export const STREAM_RIGHTS = R.FD_READ | R.FD_WRITE | R.FD_FDSTAT_SET_FLAGS | R.FD_FILESTAT_GET
  | R.POLL_FD_READWRITE;
export const SOCKET_RIGHTS = STREAM_RIGHTS | R.SOCK_SHUTDOWN | R.SOCK_ACCEPT;

/** What every preview1 fd carries besides its resources. */
abstract class BaseEntry {
  /** The rights the fd was born with: lacking one of these is EBADF, having dropped it ENOTCAPABLE. */
  readonly granted: bigint;
  /**
   * Resources the table holds without owning them (ResourceTable.lend, a
   * host's shared stdio): closing the fd leaves them to their owner. What the
   * adapter made for the fd itself (a readdir stream, a socket's streams) is
   * the table's all the same.
   */
  lent: ReadonlySet<object> | undefined;
  constructor(
    /** Rights can only ever be dropped (fd_fdstat_set_rights). */
    public rights: bigint,
    public inheriting: bigint,
    /** APPEND, NONBLOCK and the sync flags as the guest set them. */
    public fdflags = 0,
  ) {
    this.granted = rights;
  }

  /** Throws unless the fd holds every right in `needed`. */
  require(needed: bigint): void {
    if ((this.rights & needed) === needed) return;
    throw (this.granted & needed) === needed ? Errno.NOTCAPABLE : Errno.BADF;
  }

  get nonblocking(): boolean {
    return (this.fdflags & Fdflags.NONBLOCK) !== 0;
  }

  /** Releases the entry's 0.2 resources, children before parents. */
  abstract dispose(): void;

  /** Drops a resource of the entry unless it was lent. */
  protected release(resource: object | undefined): void {
    if (resource !== undefined && this.lent?.has(resource) !== true) drop(resource);
  }

  /** What a caller taking the entry gets of one of its resources: all when the table owned it, else only what was lent. */
  protected handOver<T extends object>(resource: T | undefined): T | undefined {
    if (resource === undefined || this.lent === undefined || this.lent.has(resource)) return resource;
    drop(resource);
    return undefined;
  }

  /** The entry's resources for a caller taking them over: what the caller cannot reach is dropped. */
  abstract take(): Resource;
}

/** An open file (or any non-directory descriptor); the preview1 offset lives here. */
export class FileEntry extends BaseEntry {
  readonly kind = 'file';
  position = 0n;
  constructor(readonly descriptor: Descriptor, readonly filetype: Filetype, rights = FILE_RIGHTS, fdflags = 0) {
    super(rights, 0n, fdflags);
  }
  dispose(): void {
    this.release(this.descriptor);
  }
  take(): Resource {
    return { kind: 'descriptor', descriptor: this.descriptor };
  }
}

/** Where fd_readdir stopped, so the next call with that cookie resumes without rereading. */
export interface ReaddirCursor {
  stream: DirectoryEntryStream;
  /** The cookie of the next entry the stream will yield. */
  next: bigint;
  /** An entry read but not yet delivered (it did not fit). */
  pending?: { name: string; type: Filetype; ino: bigint } | undefined;
}

export class DirectoryEntry extends BaseEntry {
  readonly kind = 'directory';
  readdir: ReaddirCursor | undefined;
  /** A second handle on the same directory, for hosts whose preopen handles refuse stat or readdir. */
  reopened: Descriptor | undefined;
  constructor(
    readonly descriptor: Descriptor,
    /** The guest path of a preopened directory, reported by fd_prestat_*. */
    readonly preopen?: string,
    rights = DIRECTORY_RIGHTS,
    inheriting = DIRECTORY_INHERITING,
  ) {
    super(rights, inheriting);
  }
  dispose(): void {
    this.closeReaddir();
    drop(this.reopened);
    this.release(this.descriptor);
  }
  take(): Resource {
    this.closeReaddir();
    drop(this.reopened);
    this.reopened = undefined;
    return { kind: 'descriptor', descriptor: this.descriptor };
  }
  closeReaddir(): void {
    drop(this.readdir?.stream);
    this.readdir = undefined;
  }
}

/** A stream pair with no descriptor behind it: stdio, or streams an embedder hands over. */
export class StreamEntry extends BaseEntry {
  readonly kind = 'stream';
  constructor(
    readonly input: InputStream | undefined,
    readonly output: OutputStream | undefined,
    readonly filetype: Filetype = Filetype.CHARACTER_DEVICE,
    /**
     * False for streams the host hands to every caller (one stdout per page
     * or process): they are the host's to drop, and closing the fd leaves
     * them working for everyone else.
     */
    readonly owned = true,
  ) {
    super(
      (input ? Rights.FD_READ : 0n) | (output ? Rights.FD_WRITE : 0n)
        | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET | Rights.POLL_FD_READWRITE,
      0n,
    );
    if (!owned) this.lent = lentSet(input, output);
  }
  dispose(): void {
    this.release(this.input);
    this.release(this.output);
  }
  take(): Resource {
    return { kind: 'streams', input: this.input, output: this.output };
  }
}

/** Where a TCP socket is in its life; 0.2 sockets answer some of this only by failing. */
export type TcpState = 'unbound' | 'bound' | 'listening' | 'connecting' | 'connected';

/** A TCP socket: a listener, or a connection holding its streams. */
export class TcpEntry extends BaseEntry {
  readonly kind = 'tcp';
  state: TcpState;
  /** Halves that are done: shut down (which the socket may not track), or, for reading, ended by the peer. */
  readClosed = false;
  writeClosed = false;
  /** Bytes a RECV_PEEK or a poll took from the stream that no read has consumed yet. */
  peeked: Uint8Array | undefined;
  /** The errno a non-blocking connect failed with, until SO_ERROR reports it. */
  connectError = 0;
  /** Socket options 0.2 has no place for, kept so the guest reads back what it set. */
  options: Map<number, number> | undefined;
  constructor(
    readonly socket: TcpSocket,
    public input?: InputStream,
    public output?: OutputStream,
    state?: TcpState,
  ) {
    super(SOCKET_RIGHTS, 0n);
    this.state = state ?? (input !== undefined || output !== undefined ? 'connected'
      : socket.isListening() ? 'listening' : 'unbound');
  }
  get listening(): boolean {
    return this.state === 'listening';
  }
  dispose(): void {
    this.release(this.input);
    this.release(this.output);
    this.release(this.socket);
  }
  take(): Resource {
    return { kind: 'tcp-socket', socket: this.socket, input: this.handOver(this.input), output: this.handOver(this.output) };
  }
}

/** A datagram as the guest receives it: the bytes and where they came from. */
export interface Datagram {
  data: Uint8Array;
  remoteAddress: IpSocketAddress;
}

/** A UDP socket; its streams exist once it is bound, and a connected one knows its peer. */
export class UdpEntry extends BaseEntry {
  readonly kind = 'udp';
  /** The peer sock_connect fixed; datagrams go only there and come only from there. */
  remote: IpSocketAddress | undefined;
  /** A datagram a RECV_PEEK or a poll received that no read has consumed yet. */
  held: Datagram | undefined;
  /** Socket options 0.2 has no place for, kept so the guest reads back what it set. */
  options: Map<number, number> | undefined;
  constructor(
    readonly socket: UdpSocket,
    public incoming?: IncomingDatagramStream,
    public outgoing?: OutgoingDatagramStream,
  ) {
    super(SOCKET_RIGHTS & ~Rights.SOCK_ACCEPT, 0n);
  }
  /** Bound, by sock_bind or by a first send: 0.2 makes the streams then. */
  get bound(): boolean {
    return this.incoming !== undefined;
  }
  /** Replaces the streams (0.2 allows one pair at a time), dropping the old pair. */
  setStreams(streams: [IncomingDatagramStream, OutgoingDatagramStream]): void {
    this.dropStreams();
    [this.incoming, this.outgoing] = streams;
    this.held = undefined;
  }
  dropStreams(): void {
    drop(this.incoming);
    drop(this.outgoing);
    this.incoming = undefined;
    this.outgoing = undefined;
  }
  dispose(): void {
    this.dropStreams();
    this.release(this.socket);
  }
  take(): Resource {
    this.dropStreams();
    return { kind: 'udp-socket', socket: this.socket };
  }
}

export type Entry = FileEntry | DirectoryEntry | StreamEntry | TcpEntry | UdpEntry;

/** The 0.2 resources behind an fd, as an embedder sees them. */
export type Resource =
  | { kind: 'descriptor'; descriptor: Descriptor }
  | { kind: 'streams'; input?: InputStream | undefined; output?: OutputStream | undefined }
  | { kind: 'tcp-socket'; socket: TcpSocket; input?: InputStream | undefined; output?: OutputStream | undefined }
  | { kind: 'udp-socket'; socket: UdpSocket };

const filetypes: Record<string, Filetype> = {
  'block-device': Filetype.BLOCK_DEVICE,
  'character-device': Filetype.CHARACTER_DEVICE,
  directory: Filetype.DIRECTORY,
  fifo: Filetype.UNKNOWN,
  'symbolic-link': Filetype.SYMBOLIC_LINK,
  'regular-file': Filetype.REGULAR_FILE,
  socket: Filetype.SOCKET_STREAM,
};

/** The preview1 filetype of a 0.2 descriptor-type. */
export function filetypeOf(type: string): Filetype {
  return filetypes[type] ?? Filetype.UNKNOWN;
}

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

/**
 * What take() hands back. `owned`: the table owned the resources, and now
 * the caller does (it drops them, or gives them on). false: they were lent
 * (or are a host's shared stdio), and stay their owner's.
 */
export type Taken = Resource & { owned: boolean };

/** Where give() and lend() put a resource, and what the guest sees of it. */
export interface PlaceOptions {
  /** This fd (0-65535), closing what it held as fd_renumber does (stdin: 0); default the lowest free fd. */
  fd?: number;
  /** A directory descriptor's guest path, for fd_prestat_get: the module sees it as a preopen. */
  preopen?: string;
  /** The filetype fd_fdstat_get reports for streams; default a character device. */
  filetype?: Filetype;
}

/** The highest fd give() and lend() place at, and fd_dup2's highest minimum: the table is an array, and a far fd would make it a long one. */
export const MAX_PLACED_FD = 0xffff;

function lentSet(...resources: (object | undefined)[]): ReadonlySet<object> {
  return new Set(resources.filter((r) => r !== undefined));
}

function resourcesIn(resource: Resource): object[] {
  return Object.values(resource).filter((v): v is object => typeof v === 'object');
}

function entryFor(resource: Resource, options: PlaceOptions, lent: boolean): Entry {
  let entry: Entry;
  switch (resource.kind) {
    case 'streams': return new StreamEntry(resource.input, resource.output, options.filetype, !lent);
    case 'descriptor': {
      const type = resource.descriptor.getType();
      entry = type === 'directory' ? new DirectoryEntry(resource.descriptor, options.preopen)
        : new FileEntry(resource.descriptor, filetypeOf(type));
      break;
    }
    case 'tcp-socket': entry = new TcpEntry(resource.socket, resource.input, resource.output); break;
    case 'udp-socket': entry = new UdpEntry(resource.socket); break;
  }
  if (lent) entry.lent = lentSet(...resourcesIn(resource));
  return entry;
}

/**
 * The preview1 file descriptor table: fds to entries holding 0.2 resources.
 * One per WASI instance unless the embedder shares one; fds are allocated
 * lowest-free like POSIX, with no fixed limit.
 */
export class ResourceTable {
  #entries: (Entry | undefined)[] = [];
  #lowestFree = 0;
  /** How many fds share an entry, where more than one (WASIX fd_dup): the last one closed drops its resources. */
  #shared = new Map<Entry, number>();
  /** Per-fd flags (WASIX fdflagsext: CLOEXEC), apart from the entry's, which dups share. */
  #fdFlags: number[] = [];

  get size(): number {
    let n = 0;
    for (const e of this.#entries) if (e) n++;
    return n;
  }

  /** Every open fd, ascending. */
  fds(): number[] {
    const out: number[] = [];
    this.#entries.forEach((e, fd) => { if (e) out.push(fd); });
    return out;
  }

  get(fd: number): Entry | undefined {
    return this.#entries[fd];
  }

  /** Adds an entry at the lowest free fd. */
  add(entry: Entry): number {
    let fd = this.#lowestFree;
    while (this.#entries[fd] !== undefined) fd++;
    this.#entries[fd] = entry;
    this.#lowestFree = fd + 1;
    return fd;
  }

  /**
   * Takes an entry out without dropping its resources (the caller now owns
   * them, even while other fds still share them: the table then never drops them).
   */
  remove(fd: number): Entry | undefined {
    const entry = this.#entries[fd];
    if (entry === undefined) return undefined;
    this.#entries[fd] = undefined;
    if (this.#fdFlags[fd] !== undefined) this.#fdFlags[fd] = 0;
    if (fd < this.#lowestFree) this.#lowestFree = fd;
    while (this.#entries.length > 0 && this.#entries[this.#entries.length - 1] === undefined) this.#entries.pop();
    return entry;
  }

  /** Removes an fd and drops its resources; false when it was not open. */
  close(fd: number): boolean {
    const entry = this.remove(fd);
    if (entry !== undefined) this.#release(entry);
    return entry !== undefined;
  }

  /** One fd fewer shares the entry; the last one drops its resources. */
  #release(entry: Entry): void {
    const n = this.#shared.get(entry);
    if (n === undefined) entry.dispose();
    else if (n === 2) this.#shared.delete(entry);
    else this.#shared.set(entry, n - 1);
  }

  /**
   * Adds `fd`'s entry again at the lowest free fd not below `min` (POSIX dup
   * and F_DUPFD): both fds share the open file, its position and its status
   * flags, and closing one leaves the resources to the other. Undefined when
   * `fd` is not open.
   */
  duplicate(fd: number, min = 0): number | undefined {
    const entry = this.#entries[fd];
    if (entry === undefined) return undefined;
    let to = Math.max(min, this.#lowestFree);
    while (this.#entries[to] !== undefined) to++;
    this.#entries[to] = entry;
    if (min <= this.#lowestFree) this.#lowestFree = to + 1;
    this.#shared.set(entry, (this.#shared.get(entry) ?? 1) + 1);
    return to;
  }

  /** The fd's own flags (fdflagsext), 0 for a new fd. */
  fdFlags(fd: number): number {
    return this.#fdFlags[fd] ?? 0;
  }

  setFdFlags(fd: number, flags: number): void {
    this.#fdFlags[fd] = flags;
  }

  /** Moves `from` onto `to`, dropping whatever `to` held. Both must be open. */
  renumber(from: number, to: number): boolean {
    const entry = this.#entries[from];
    if (entry === undefined || this.#entries[to] === undefined) return false;
    if (from === to) return true;
    this.close(to);
    this.remove(from);
    this.#entries[to] = entry;
    return true;
  }

  /** Drops every resource in the table. */
  closeAll(): void {
    for (const fd of this.fds()) this.close(fd);
  }

  /**
   * Puts a resource in the table as an fd that owns it: closing the fd
   * (fd_close, fd_renumber over it, closeAll, the end of an instance that
   * owns the table) drops it, once. The caller must not drop it or use it
   * after; take() gives it back.
   */
  give(resource: Resource, options: PlaceOptions = {}): number {
    return this.#place(entryFor(resource, options, false), options.fd);
  }

  /**
   * Puts a resource in the table as an fd that uses it without owning it:
   * closing the fd only forgets it, and the caller, who keeps it, drops it
   * (after the fd is closed or taken: the module may use it until then).
   */
  lend(resource: Resource, options: PlaceOptions = {}): number {
    return this.#place(entryFor(resource, options, true), options.fd);
  }

  /**
   * Removes an fd and hands back its resources without dropping them; what
   * the adapter made for the fd alone (a readdir stream, a second directory
   * handle, a UDP socket's streams) is dropped. A file's preview1 offset and
   * bytes a socket had peeked are not carried over. An fd that other fds
   * share (WASIX fd_dup) hands back the same, and they keep using it.
   */
  take(fd: number): Taken | undefined {
    const entry = this.#entries[fd];
    if (entry === undefined) return undefined;
    if (this.#shared.has(entry)) return this.#takeShared(fd, entry);
    this.remove(fd);
    return { ...entry.take(), owned: entry.lent === undefined };
  }

  /**
   * Takes one of the fds sharing an entry: what the table owned becomes the
   * caller's and only lent to the fds left, so the last of them closed drops
   * just what the adapter made for them. A lent entry stays lent, its owner's.
   */
  #takeShared(fd: number, entry: Entry): Taken {
    const view = this.resource(fd) as Resource;
    this.close(fd);
    const lent = entry.lent;
    if (lent === undefined) {
      entry.lent = lentSet(...resourcesIn(view));
      return { ...view, owned: true };
    }
    if (view.kind === 'tcp-socket') {
      if (view.input !== undefined && !lent.has(view.input)) view.input = undefined;
      if (view.output !== undefined && !lent.has(view.output)) view.output = undefined;
    }
    return { ...view, owned: false };
  }

  #place(entry: Entry, fd: number | undefined): number {
    if (fd === undefined) return this.add(entry);
    if (!Number.isSafeInteger(fd) || fd < 0 || fd > MAX_PLACED_FD) throw new RangeError(`fd must be an integer from 0 to ${MAX_PLACED_FD}, not ${fd}`);
    this.close(fd);
    this.#entries[fd] = entry;
    return fd;
  }

  insertDescriptor(descriptor: Descriptor, options: { preopen?: string } = {}): number {
    const type = descriptor.getType();
    if (type === 'directory') return this.add(new DirectoryEntry(descriptor, options.preopen));
    return this.add(new FileEntry(descriptor, filetypeOf(type)));
  }

  insertStreams(input?: InputStream, output?: OutputStream, filetype?: Filetype): number {
    return this.add(new StreamEntry(input, output, filetype));
  }

  insertTcpSocket(socket: TcpSocket, input?: InputStream, output?: OutputStream): number {
    return this.add(new TcpEntry(socket, input, output));
  }

  insertUdpSocket(socket: UdpSocket): number {
    return this.add(new UdpEntry(socket));
  }

  /** The 0.2 resource behind an fd, or undefined when the fd is not open. */
  resource(fd: number): Resource | undefined {
    const e = this.#entries[fd];
    switch (e?.kind) {
      case undefined: return undefined;
      case 'file': case 'directory': return { kind: 'descriptor', descriptor: e.descriptor };
      case 'stream': return { kind: 'streams', input: e.input, output: e.output };
      case 'tcp': return { kind: 'tcp-socket', socket: e.socket, input: e.input, output: e.output };
      case 'udp': return { kind: 'udp-socket', socket: e.socket };
    }
  }
}

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

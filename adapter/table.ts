/**
 * The preview1 fd table: numbers for entries (entries.ts), and the calls
 * that move 0.2 resources in and out of it (give, lend, take).
 */
import { Filetype } from './abi.js';
import {
  DirectoryEntry, FileEntry, filetypeOf, lentSet, StreamEntry, TcpEntry, UdpEntry, type Entry, type Resource,
} from './entries.js';
import type { Descriptor, InputStream, OutputStream, TcpSocket, UdpSocket } from './host.js';

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

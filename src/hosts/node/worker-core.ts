/**
 * The I/O worker's shared state: its views of the channel, its resources by
 * id, and how it answers a request or tells the main thread that something
 * changed.
 */
import type { RemoteInfo, Socket as UdpSocket } from 'node:dgram';
import type { Server, Socket } from 'node:net';
import { workerData, type MessagePort } from 'node:worker_threads';
import { socketCodeIndex } from './errors.js';
import { CMD_AT, CMD_SLOTS, DATA_BYTES, HEADER_BYTES, H_EVENTS, H_RESP, H_STATUS } from './protocol.js';
import type { ConnectionBlock, ListenerBlock } from './ring.js';

const { sab, blockPort } = workerData as { sab: SharedArrayBuffer; blockPort: MessagePort };
export const i32 = new Int32Array(sab, 0, HEADER_BYTES / 4);
export const data = Buffer.from(sab, HEADER_BYTES, DATA_BYTES);
export const dataI32 = new Int32Array(sab, HEADER_BYTES, DATA_BYTES / 4);
export const commands = new Int32Array(sab, CMD_AT, CMD_SLOTS * 3);
export { blockPort };

/** A TCP connection's worker side: what its block cannot hold, and what the socket has not taken. */
export interface Connection {
  readonly slot: number;
  readonly block: ConnectionBlock;
  readonly sock: Socket;
  /** Incoming bytes the ring had no room for, oldest first. */
  readonly held: Buffer[];
  heldBytes: number;
  rxTail: number;
  /** The peer ended or the socket closed: RxEnd is due once nothing is held. */
  ended: boolean;
  rxError: number;
  recvClosed: boolean;
  /** Outgoing bytes handed to the socket, and their lengths until it takes each. */
  txSent: number;
  txHead: number;
  readonly txLengths: number[];
  readonly written: () => void;
  /** The main thread closed it: its block goes back to the pool once the socket is closed too. */
  closed: boolean;
  /** Its block is back in the pool: late socket events must not touch it. */
  released: boolean;
}

export interface Listener {
  readonly block: ListenerBlock;
  tail: number;
  /** Accepted ids the queue had no room for, oldest first. */
  readonly overflow: number[];
}

export interface Res {
  family: number;
  sock: Socket | undefined;
  server: Server | undefined;
  listening: boolean;
  conn: Connection | undefined;
  listener: Listener | undefined;
  chunks: Buffer[];
  buffered: number;
  eof: boolean;
  err: number;
  stdinFd: number;
  stdinParked: boolean;
  udp: UdpSocket | undefined;
  datagrams: { msg: Buffer; rinfo: RemoteInfo }[];
  lookupDone: boolean;
  lookupErr: number;
  addresses: { address: string; family: number }[];
}

export const resources = new Map<number, Res>();
let nextId = 1;

export function newRes(family: number): number {
  const id = nextId++;
  resources.set(id, {
    family, sock: undefined, server: undefined, listening: false, conn: undefined, listener: undefined,
    chunks: [], buffered: 0, eof: false, err: -1, stdinFd: -1, stdinParked: false,
    udp: undefined, datagrams: [], lookupDone: false, lookupErr: -1, addresses: [],
  });
  return id;
}

let answering = 0;
/** A request that cannot be answered yet: re-checked on every event until it answers. */
let waiter: (() => boolean) | null = null;
let waitTimer: NodeJS.Timeout | undefined;

/** The request being handled (its sequence number), to answer later. */
export function beginRequest(seq: number): void {
  answering = seq;
}

export function respond(status: number): void {
  if (waitTimer) { clearTimeout(waitTimer); waitTimer = undefined; }
  waiter = null;
  i32[H_STATUS] = status;
  Atomics.store(i32, H_RESP, answering);
  Atomics.notify(i32, H_RESP);
}

/** Leaves the request open: `check` runs on every event until it answers (true), or the timer answers 0. */
export function answerLater(check: () => boolean, timeoutMs = -1): void {
  waiter = check;
  if (timeoutMs > 0) waitTimer = setTimeout(() => respond(0), timeoutMs);
}

/** Something changed: a main thread sleeping on the blocks wakes, and an open request is checked again. */
export function kick(): void {
  Atomics.add(i32, H_EVENTS, 1);
  Atomics.notify(i32, H_EVENTS);
  if (waiter !== null) waiter();
}

export function errStatus(e: unknown): number {
  return -1 - socketCodeIndex(e);
}

export const INVALID_STATE = -1 - socketCodeIndex('invalid-state');

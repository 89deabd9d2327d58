/**
 * The one channel between the main thread and the I/O worker: a
 * SharedArrayBuffer with an Int32 header, a data area and a command queue.
 * For a request the main thread writes it and sleeps in Atomics.wait; the
 * worker sleeps in Atomics.waitAsync (so its event loop keeps running sockets
 * and DNS), answers and notifies. One request is in flight at a time because
 * the caller is blocked until the answer. Commands need no answer: the main
 * thread queues them and goes on; the worker takes every queued command before
 * it handles a request, so they keep their order with requests.
 */
export const H_REQ = 0; // request sequence number, bumped by the main thread
export const H_RESP = 1; // answered sequence number, set by the worker
export const H_OP = 2;
export const H_ARG = 3; // six int32 arguments
export const H_STATUS = 9; // the answer; negative values are -(1 + socket error index)
export const H_RES = 10; // six int32 results
export const H_EVENTS = 16; // bumped by the worker whenever a shared block changes
export const H_CMD_TAIL = 17; // commands queued, by the main thread
export const H_CMD_HEAD = 18; // commands taken, by the worker
export const H_LINGERING = 19; // closed connections whose bytes the worker still delivers
export const HEADER_BYTES = 256;
export const DATA_BYTES = 1 << 20;
/** The command queue follows the data area: int32 triples (command, id, argument). */
export const CMD_SLOTS = 1024;
export const CMD_AT = HEADER_BYTES + DATA_BYTES;
export const CHANNEL_BYTES = CMD_AT + CMD_SLOTS * 12;

export const enum Op {
  Init = 1,
  TcpCreate, TcpBind, TcpListen, TcpConnect,
  Read, Wait, Address, SetOption,
  UdpCreate, UdpBind, UdpRecv, UdpSend,
  Lookup, LookupResult,
  StdinOpen,
}

export const enum Cmd {
  /** A connection's outgoing ring has new bytes. */
  Flush = 1,
  /** The main thread made room in a block the worker stalled on. */
  Resume,
  /** Argument: 1 receive, 2 send, 3 both. */
  Shutdown,
  Close,
}

/** What a wait is for; checked against the worker's view of a resource. */
export const enum Ev {
  Read = 1, // bytes, EOF, an error, a pending connection, a datagram or a lookup result
  Write = 2, // room in the send buffer
  Connect = 3, // connect finished either way
}

export const enum Opt {
  KeepAlive = 1, NoDelay,
}

/** Addresses travel as text: family 4 or 6 in an int, the text in the data area. */
export const FAMILY_V4 = 4;
export const FAMILY_V6 = 6;

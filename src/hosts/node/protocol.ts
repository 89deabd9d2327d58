/**
 * The one channel between the main thread and the I/O worker: a
 * SharedArrayBuffer with an Int32 header and a data area. The main thread
 * writes a request and sleeps in Atomics.wait; the worker sleeps in
 * Atomics.waitAsync (so its event loop keeps running sockets and DNS), answers
 * and notifies. One request is in flight at a time because the caller is
 * blocked until the answer.
 */
export const H_REQ = 0; // request sequence number, bumped by the main thread
export const H_RESP = 1; // answered sequence number, set by the worker
export const H_OP = 2;
export const H_ARG = 3; // six int32 arguments
export const H_STATUS = 9; // the answer; negative values are -(1 + socket error index)
export const H_RES = 10; // six int32 results
export const HEADER_BYTES = 256;
export const DATA_BYTES = 1 << 20;

export const enum Op {
  Init = 1,
  TcpCreate, TcpBind, TcpListen, TcpConnect, TcpConnectStatus, TcpAccept,
  Read, Write, WriteStatus, Drain, Shutdown, Close, Wait, Address, SetOption,
  UdpCreate, UdpBind, UdpRecv, UdpSend,
  Lookup, LookupResult,
  StdinOpen,
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

/**
 * WasmEdge's socket extension to wasi_snapshot_preview1, as WasmEdge defines
 * it (include/host/wasi/wasifunc.h, thirdparty/wasi/api.hpp): its constants,
 * its struct layouts, its extra errnos and every function's parameters in
 * both shapes. Nothing else in the adapter writes a number that belongs here.
 */
import type { Signature } from './abi.js';

export const AddressFamily = { UNSPEC: 0, INET4: 1, INET6: 2 } as const;
export const SockType = { ANY: 0, DGRAM: 1, STREAM: 2 } as const;
export const Protocol = { IP: 0, TCP: 1, UDP: 2 } as const;
export const SockOptLevel = { SOL_SOCKET: 0 } as const;
export const SockOpt = {
  REUSEADDR: 0, TYPE: 1, ERROR: 2, DONTROUTE: 3, BROADCAST: 4, SNDBUF: 5, RCVBUF: 6, KEEPALIVE: 7,
  OOBINLINE: 8, LINGER: 9, RCVLOWAT: 10, RCVTIMEO: 11, SNDTIMEO: 12, ACCEPTCONN: 13,
} as const;
export const AiFlags = {
  PASSIVE: 1, CANONNAME: 2, NUMERICHOST: 4, NUMERICSERV: 8, V4MAPPED: 16, ALL: 32, ADDRCONFIG: 64,
} as const;
export const ALL_AI_FLAGS = 127;

/** getaddrinfo's errnos, numbered after preview1's last (NOTCAPABLE, 76). */
export const AiErrno = {
  ADDRFAMILY: 77, AGAIN: 78, BADFLAG: 79, FAIL: 80, FAMILY: 81, MEMORY: 82, NODATA: 83,
  NONAME: 84, SERVICE: 85, SOCKTYPE: 86, SYSTEM: 87,
} as const;

/** getaddrinfo's errnos by number, as the tracer names them (EAI_NONAME is AI_NONAME). */
export const aiErrnoNames: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(AiErrno).map(([name, n]) => [n, `AI_${name}`]),
);

/** What sock_getlocaladdr/sock_getpeeraddr V1 report as the address type: the IP version, not the family. */
export const V1AddressType = { INET4: 4, INET6: 6 } as const;

/** `__wasi_address_t`: a buffer holding an address, and its length. */
export const Address = { buf: 0, bufLen: 4, SIZE: 8 } as const;
/** Address buffer lengths: a bare IPv4 or IPv6 address, or V2's 128-byte storage. */
export const AddressLength = { INET4: 4, INET6: 16, STORAGE: 128 } as const;
/** The 128-byte storage of V2: a u16 family, then the address bytes. */
export const AddrStorage = { family: 0, address: 2 } as const;
/** `__wasi_sockaddr_t` of getaddrinfo results: a u8 family, then the sockaddr bytes from the port on. */
export const Sockaddr = { family: 0, dataLen: 4, data: 8, SIZE: 12 } as const;
/** sa_data as the system's sockaddr_in/sockaddr_in6 holds it from sin_port on: port (big-endian), then the rest. */
export const SaData = { port: 0, v4Address: 2, v6FlowInfo: 2, v6Address: 6, v6ScopeId: 22, V4_SIZE: 14, V6_SIZE: 26 } as const;
/** sizeof(sockaddr_in) and sizeof(sockaddr_in6), reported as ai_addrlen. */
export const SockaddrLength = { INET4: 16, INET6: 28 } as const;
export const Addrinfo = {
  flags: 0, family: 2, socktype: 3, protocol: 4, addrlen: 8, addr: 12, canonname: 16, canonnameLen: 20,
  next: 24, SIZE: 28,
} as const;

/**
 * The extension's functions, their parameters in ABI order (V2's shape
 * where the two differ). V1 and V2 share every name; the four whose
 * shape differs are told apart per call by how many arguments arrive.
 */
export const wasmedgeSignatures = {
  sock_open: [['family', 'u32'], ['type', 'u32'], ['fd', 'out:fd']],
  sock_bind: [['fd', 'fd'], ['addr', 'ptr'], ['port', 'u32']],
  sock_connect: [['fd', 'fd'], ['addr', 'ptr'], ['port', 'u32']],
  sock_listen: [['fd', 'fd'], ['backlog', 'u32']],
  sock_recv_from: [['fd', 'fd'], ['ri_data', 'ptr'], ['ri_data_len', 'len'], ['addr', 'ptr'], ['ri_flags', 'riflags'], ['port', 'out:u32'], ['ro_datalen', 'out:size'], ['ro_flags', 'out:u32']],
  sock_send_to: [['fd', 'fd'], ['si_data', 'ptr'], ['si_data_len', 'len'], ['addr', 'ptr'], ['port', 'u32'], ['si_flags', 'siflags'], ['so_datalen', 'out:size']],
  sock_getaddrinfo: [['node', 'path'], ['service', 'path'], ['hints', 'ptr'], ['res', 'ptr'], ['max_res_len', 'len'], ['res_len', 'out:size']],
  sock_getlocaladdr: [['fd', 'fd'], ['addr', 'ptr'], ['port', 'out:u32']],
  sock_getpeeraddr: [['fd', 'fd'], ['addr', 'ptr'], ['port', 'out:u32']],
  sock_setsockopt: [['fd', 'fd'], ['level', 'u32'], ['name', 'u32'], ['flag', 'ptr'], ['flag_size', 'len']],
  sock_getsockopt: [['fd', 'fd'], ['level', 'u32'], ['name', 'u32'], ['flag', 'ptr'], ['flag_size', 'out:u32']],
} as const satisfies Record<string, Signature>;

/** The V1 shapes of the functions whose V1 and V2 differ, sock_accept's included. */
export const wasmedgeV1Signatures = {
  sock_accept: [['fd', 'fd'], ['accepted', 'out:fd']],
  sock_recv_from: [['fd', 'fd'], ['ri_data', 'ptr'], ['ri_data_len', 'len'], ['addr', 'ptr'], ['ri_flags', 'riflags'], ['ro_datalen', 'out:size'], ['ro_flags', 'out:u32']],
  sock_getlocaladdr: [['fd', 'fd'], ['addr', 'ptr'], ['addr_type', 'out:u32'], ['port', 'out:u32']],
  sock_getpeeraddr: [['fd', 'fd'], ['addr', 'ptr'], ['addr_type', 'out:u32'], ['port', 'out:u32']],
} as const satisfies Record<string, Signature>;

export type WasmEdgeFunctionName = keyof typeof wasmedgeSignatures;
export const wasmedgeFunctionNames = Object.keys(wasmedgeSignatures) as WasmEdgeFunctionName[];

/** The signature a traced call had: V1's when it came with V1's argument count. */
export function signatureOf(name: string, argc: number, fallback: Signature | undefined): Signature | undefined {
  const v1 = (wasmedgeV1Signatures as Record<string, Signature>)[name];
  if (v1 !== undefined && argc === v1.length) return v1;
  return (wasmedgeSignatures as Record<string, Signature>)[name] ?? fallback;
}

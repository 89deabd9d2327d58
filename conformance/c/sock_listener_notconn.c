/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* A listener is not a connection: sock_recv, sock_send, sock_shutdown,
   fd_read and fd_write on it are ENOTCONN (POSIX recv/send/shutdown/read:
   "not connected"; Linux answers send with EPIPE and lets shutdown through,
   wasmtime has no listeners in preview1, so POSIX is the reference). A
   connection is not a listener: sock_accept on it is EINVAL (POSIX accept:
   "not accepting connections"). Neither failure disturbs the descriptor. */
int main(void) {
  __wasi_fd_t l = listener(0);
  char b[8];
  __wasi_iovec_t r = {(uint8_t *)b, sizeof b};
  __wasi_ciovec_t w = {(const uint8_t *)"x", 1};
  __wasi_size_t n;
  __wasi_roflags_t ro;
  EXPECT_ERRNO(__wasi_sock_recv(l, &r, 1, 0, &n, &ro), __WASI_ERRNO_NOTCONN);
  EXPECT_ERRNO(__wasi_sock_recv(l, &r, 1, __WASI_RIFLAGS_RECV_PEEK, &n, &ro), __WASI_ERRNO_NOTCONN);
  EXPECT_ERRNO(__wasi_sock_shutdown(l, __WASI_SDFLAGS_RD), __WASI_ERRNO_NOTCONN);
  EXPECT_ERRNO(__wasi_sock_shutdown(l, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTCONN);
  EXPECT_ERRNO(__wasi_fd_read(l, &r, 1, &n), __WASI_ERRNO_NOTCONN);

  __wasi_fd_t c = accept_conn(l), other;
  EXPECT_ERRNO(__wasi_sock_accept(c, 0, &other), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_sock_accept(c, __WASI_FDFLAGS_NONBLOCK, &other), __WASI_ERRNO_INVAL);
  expect_recv(c, "ping");
  send_str(c, "pong");
  expect_eof(c);
  EXPECT_OK(__wasi_fd_close(c));
  EXPECT_ERRNO(__wasi_sock_send(l, &w, 1, 0, &n), __WASI_ERRNO_NOTCONN);
  EXPECT_ERRNO(__wasi_fd_write(l, &w, 1, &n), __WASI_ERRNO_NOTCONN);
  puts("ok");
  return 0;
}

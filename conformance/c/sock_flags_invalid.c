/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* Undefined flag bits are EINVAL and the call has no effect: sock_accept
   with fdflags other than NONBLOCK (the pending connection stays queued),
   sock_recv with riflags other than PEEK and WAITALL (nothing is consumed),
   sock_send with any siflags (nothing is sent), and sock_shutdown with no
   half or an undefined one (the connection stays up). */
int main(void) {
  __wasi_fd_t l = listener(0), c;
  EXPECT_ERRNO(__wasi_sock_accept(l, __WASI_FDFLAGS_APPEND, &c), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_sock_accept(l, __WASI_FDFLAGS_NONBLOCK | 0x100, &c), __WASI_ERRNO_INVAL);
  c = accept_conn(l);

  char b[8];
  __wasi_iovec_t r = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  __wasi_roflags_t ro;
  EXPECT_ERRNO(__wasi_sock_recv(c, &r, 1, 1 << 2, &n, &ro), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_sock_recv(c, &r, 1, __WASI_RIFLAGS_RECV_PEEK | 0x8000, &n, &ro), __WASI_ERRNO_INVAL);
  __wasi_ciovec_t w = {(const uint8_t *)"junk", 4};
  EXPECT_ERRNO(__wasi_sock_send(c, &w, 1, 1, &n), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_sock_send(c, &w, 1, 0x8000, &n), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_sock_shutdown(c, 0), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_sock_shutdown(c, 1 << 2), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_sock_shutdown(c, __WASI_SDFLAGS_WR | 1 << 2), __WASI_ERRNO_INVAL);

  expect_recv(c, "data");
  send_str(c, "ok");
  expect_eof(c);
  EXPECT_OK(__wasi_fd_close(c));
  puts("ok");
  return 0;
}

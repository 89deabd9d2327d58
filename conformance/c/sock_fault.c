/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

#define BAD ((void *)0x80000000u)

/* A pointer outside memory is EFAULT, before anything happens: sock_accept
   leaves the connection queued, sock_recv consumes nothing, sock_send sends
   nothing (the peer's expectEnd fails on a stray byte). */
int main(void) {
  __wasi_fd_t l = listener(0), c;
  EXPECT_ERRNO(__wasi_sock_accept(l, 0, BAD), __WASI_ERRNO_FAULT);
  c = accept_conn(l);

  char buf[8];
  __wasi_iovec_t good = {(uint8_t *)buf, sizeof buf};
  __wasi_iovec_t bad_buf = {BAD, 4};
  __wasi_size_t n;
  __wasi_roflags_t ro;
  EXPECT_ERRNO(__wasi_sock_recv(c, &bad_buf, 1, 0, &n, &ro), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_sock_recv(c, BAD, 1, 0, &n, &ro), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_sock_recv(c, &good, 1, 0, BAD, &ro), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_sock_recv(c, &good, 1, 0, &n, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_sock_recv(c, &good, 1, __WASI_RIFLAGS_RECV_PEEK, BAD, &ro), __WASI_ERRNO_FAULT);
  expect_recv(c, "abcd");

  __wasi_ciovec_t bad_out = {BAD, 4};
  __wasi_ciovec_t out = {(const uint8_t *)"junk", 4};
  EXPECT_ERRNO(__wasi_sock_send(c, &bad_out, 1, 0, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_sock_send(c, BAD, 1, 0, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_sock_send(c, &out, 1, 0, BAD), __WASI_ERRNO_FAULT);
  send_str(c, "ok");
  expect_eof(c);
  EXPECT_OK(__wasi_fd_close(c));
  puts("ok");
  return 0;
}

/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* sock_shutdown(WR) sends the peer the end of the stream while the program
   can still read what the peer sends after it. Writing to the shut-down half
   is EPIPE (POSIX send: "the socket is shut down for writing"), through
   sock_send and fd_write alike; shutting it down again succeeds (as Linux). */
int main(void) {
  __wasi_fd_t c = accept_conn(listener(0));
  expect_recv(c, "first");
  send_str(c, "reply");
  EXPECT_OK(__wasi_sock_shutdown(c, __WASI_SDFLAGS_WR));
  EXPECT_OK(__wasi_sock_shutdown(c, __WASI_SDFLAGS_WR));
  __wasi_ciovec_t iov = {(const uint8_t *)"no", 2};
  __wasi_size_t n;
  EXPECT_ERRNO(__wasi_sock_send(c, &iov, 1, 0, &n), __WASI_ERRNO_PIPE);
  EXPECT_ERRNO(__wasi_fd_write(c, &iov, 1, &n), __WASI_ERRNO_PIPE);
  expect_recv(c, "after your end");
  expect_eof(c);
  EXPECT_OK(__wasi_fd_close(c));
  puts("ok");
  return 0;
}

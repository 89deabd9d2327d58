/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* fd_close on a connection ends it for the peer while the program runs on
   (connection 1 is the peer's word that it saw the end of connection 0),
   and the fd is gone: EBADF for every call on it. Closing the listener
   works the same way. */
int main(void) {
  __wasi_fd_t l = listener(0);
  __wasi_fd_t c0 = accept_conn(l), c1 = accept_conn(l);
  expect_recv(c0, "bye?");
  send_str(c0, "bye");
  EXPECT_OK(__wasi_fd_close(c0));
  EXPECT_ERRNO(__wasi_fd_close(c0), __WASI_ERRNO_BADF);
  char b[8];
  __wasi_iovec_t r = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  __wasi_roflags_t ro;
  EXPECT_ERRNO(__wasi_sock_recv(c0, &r, 1, 0, &n, &ro), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_sock_shutdown(c0, __WASI_SDFLAGS_WR), __WASI_ERRNO_BADF);
  __wasi_fdstat_t st;
  EXPECT_ERRNO(__wasi_fd_fdstat_get(c0, &st), __WASI_ERRNO_BADF);

  expect_recv(c1, "saw the end");
  expect_eof(c1);
  EXPECT_OK(__wasi_fd_close(c1));
  EXPECT_OK(__wasi_fd_close(l));
  __wasi_fd_t c;
  EXPECT_ERRNO(__wasi_sock_accept(l, 0, &c), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}

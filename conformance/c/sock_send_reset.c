/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* After the peer resets the connection, a blocking sock_recv waiting for
   data returns ECONNRESET (POSIX recv: "a connection was forcibly closed by a
   peer"), and sock_send then fails with EPIPE or ECONNRESET: POSIX allows
   either (Linux gives EPIPE once the reset has been reported). The fd still
   closes cleanly. The peer pauses before its reset so that it cannot land
   while the program's own send of "hi" is still returning. */
int main(void) {
  __wasi_fd_t c = accept_conn(listener(0));
  send_str(c, "hi");
  char b[8];
  __wasi_iovec_t r = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  __wasi_roflags_t ro;
  EXPECT_ERRNO(__wasi_sock_recv(c, &r, 1, 0, &n, &ro), __WASI_ERRNO_CONNRESET);
  __wasi_ciovec_t w = {(const uint8_t *)"more", 4};
  for (int i = 0; i < 2; i++) EXPECT_ERRNO2(__wasi_sock_send(c, &w, 1, 0, &n), __WASI_ERRNO_PIPE, __WASI_ERRNO_CONNRESET);
  EXPECT_OK(__wasi_fd_close(c));
  puts("ok");
  return 0;
}

/* node:wasi differs: sock_shutdown is ENOTSUP there whatever the fd. */
#include "common.h"

/* The socket calls on a descriptor that is not open are EBADF, like every
   other fd call. */
int main(void) {
  __wasi_fd_t bad[] = {42, 0xFFFFFFFFu};
  for (int i = 0; i < 2; i++) {
    __wasi_fd_t out;
    EXPECT_ERRNO(__wasi_sock_accept(bad[i], 0, &out), __WASI_ERRNO_BADF);
    char b[4];
    __wasi_iovec_t r = {(uint8_t *)b, sizeof b};
    __wasi_size_t n;
    __wasi_roflags_t ro;
    EXPECT_ERRNO(__wasi_sock_recv(bad[i], &r, 1, 0, &n, &ro), __WASI_ERRNO_BADF);
    __wasi_ciovec_t w = {(const uint8_t *)"x", 1};
    EXPECT_ERRNO(__wasi_sock_send(bad[i], &w, 1, 0, &n), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_sock_shutdown(bad[i], __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), __WASI_ERRNO_BADF);
  }
  puts("ok");
  return 0;
}

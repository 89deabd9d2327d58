#include "common.h"

/* Closing stdout ends it for good: later writes are EBADF and nothing more
   reaches the stream; stderr is independent and keeps working. */
int main(void) {
  __wasi_ciovec_t a = {(const uint8_t *)"before\n", 7};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_write(1, &a, 1, &n));
  EXPECT_OK(__wasi_fd_close(1));
  __wasi_ciovec_t b = {(const uint8_t *)"after\n", 6};
  EXPECT_ERRNO(__wasi_fd_write(1, &b, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_close(1), __WASI_ERRNO_BADF);
  __wasi_fdstat_t st;
  EXPECT_ERRNO(__wasi_fd_fdstat_get(1, &st), __WASI_ERRNO_BADF);
  __wasi_ciovec_t e = {(const uint8_t *)"stderr ok\n", 10};
  EXPECT_OK(__wasi_fd_write(2, &e, 1, &n));
  return 0;
}

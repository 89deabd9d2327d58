/* node:wasi differs: it passes fd_write on fd 0 to the host pipe instead of refusing it with EBADF. */
#include "common.h"

/* stdin is read-only and stdout/stderr are write-only: using a stream the
   wrong way round is EBADF, as in wasmtime, and does not disturb it. */
int main(void) {
  char b[8];
  __wasi_iovec_t riov = {(uint8_t *)b, sizeof b};
  __wasi_ciovec_t wiov = {(const uint8_t *)"bad\n", 4};
  __wasi_size_t n;
  EXPECT_ERRNO(__wasi_fd_write(0, &wiov, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_read(1, &riov, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_read(2, &riov, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_read(0, &riov, 1, &n));
  EXPECT_EQ_U64(n, 3);
  if (memcmp(b, "in\n", 3) != 0) FAIL("stdin content changed");
  puts("ok");
  return 0;
}

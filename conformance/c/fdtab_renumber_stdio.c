/* node:wasi differs: it passes fd_write on the moved stdin to the host pipe (EPIPE), not EBADF. */
#include "common.h"

/* Stream descriptors move like any other: after fd_renumber(0, 1), fd 1 is
   the stdin stream (reads the piped input, writes are EBADF), fd 0 is
   closed, and stderr still reaches the real stderr. */
int main(void) {
  EXPECT_OK(__wasi_fd_renumber(0, 1));
  char b[16];
  __wasi_iovec_t r = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  EXPECT_ERRNO(__wasi_fd_read(0, &r, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_read(1, &r, 1, &n));
  EXPECT_EQ_U64(n, 6);
  if (memcmp(b, "input\n", 6) != 0) FAIL("fd 1 does not read stdin");
  __wasi_ciovec_t w = {(const uint8_t *)"lost\n", 5};
  EXPECT_ERRNO(__wasi_fd_write(1, &w, 1, &n), __WASI_ERRNO_BADF);
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(1, &st));
  if (!(st.fs_rights_base & __WASI_RIGHTS_FD_READ)) FAIL("moved stdin lost FD_READ");
  __wasi_ciovec_t e = {(const uint8_t *)"stderr ok\n", 10};
  EXPECT_OK(__wasi_fd_write(2, &e, 1, &n));
  return 0;
}

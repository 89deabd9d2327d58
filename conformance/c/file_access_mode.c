/* An fd opened without FD_WRITE cannot be written (EBADF) and one opened
   without FD_READ cannot be read (EBADF), whatever the file allows.
   node:wasi checks its rights table first and answers ENOTCAPABLE. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t ro = must_open(dir, "f.txt", 0, __WASI_RIGHTS_FD_READ, 0);
  __wasi_fd_t wo = must_open(dir, "f.txt", 0, __WASI_RIGHTS_FD_WRITE, 0);
  __wasi_ciovec_t c = {(const uint8_t *)"W", 1};
  char buf[8];
  __wasi_iovec_t r = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n;

  EXPECT_ERRNO(__wasi_fd_write(ro, &c, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_read(wo, &r, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_pread(wo, &r, 1, 0, &n), __WASI_ERRNO_BADF);

  EXPECT_OK(__wasi_fd_read(ro, &r, 1, &n));
  EXPECT_EQ_U64(n, 4);
  EXPECT_OK(__wasi_fd_write(wo, &c, 1, &n));
  EXPECT_EQ_U64(n, 1);
  EXPECT_OK(__wasi_fd_close(ro));
  EXPECT_OK(__wasi_fd_close(wo));
  return 0;
}

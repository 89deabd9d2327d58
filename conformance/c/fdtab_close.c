#include "common.h"
#include <fcntl.h>

/* fd_close releases a descriptor exactly once: a second close, and any
   use afterwards, is EBADF; never-opened numbers (large and UINT32_MAX)
   are EBADF too. */
int main(void) {
  int fd = open("/sandbox/a.txt", O_RDONLY);
  CHECK(fd >= 0);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_close(fd), __WASI_ERRNO_BADF);
  __wasi_fdstat_t st;
  EXPECT_ERRNO(__wasi_fd_fdstat_get(fd, &st), __WASI_ERRNO_BADF);
  char b[4];
  __wasi_iovec_t iov = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  EXPECT_ERRNO(__wasi_fd_read(fd, &iov, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_close(9999), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_close(0x7FFFFFFF), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_close(0xFFFFFFFFu), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}

/* fd_readdir on a file fd or a closed fd is EBADF (wasmtime looks the fd up
   as a directory and finds none). node:wasi answers ENOTCAPABLE for the
   file (its rights model). */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RO, 0);
  uint8_t buf[128];
  __wasi_size_t used;
  EXPECT_ERRNO(__wasi_fd_readdir(fd, buf, sizeof buf, 0, &used), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_readdir(fd, buf, sizeof buf, 0, &used), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_readdir(1, buf, sizeof buf, 0, &used), __WASI_ERRNO_BADF);
  return 0;
}

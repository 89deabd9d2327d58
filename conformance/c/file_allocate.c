/* fd_allocate has no WASI 0.2 counterpart and wasmtime answers ENOTSUP.
   The adapter does better, as posix_fallocate promises: the file grows to
   cover the range (node:wasi does the same), a range inside it changes
   nothing, and a directory or closed fd is EBADF. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_allocate(fd, 0, 2));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 3);
  EXPECT_OK(__wasi_fd_allocate(fd, 4, 6));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 10);
  EXPECT_ERRNO(__wasi_fd_allocate(dir, 0, 1), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_allocate(fd, 0, 1), __WASI_ERRNO_BADF);
  return 0;
}

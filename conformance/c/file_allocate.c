/* fd_allocate has no WASI 0.2 counterpart: wasmtime's preview1 returns
   ENOTSUP for a file (after checking the fd: EBADF for a directory or a
   closed fd) and the file stays as it was. node:wasi implements it with
   posix_fallocate and grows the file. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  EXPECT_ERRNO(__wasi_fd_allocate(fd, 0, 100), __WASI_ERRNO_NOTSUP);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 3);
  EXPECT_ERRNO(__wasi_fd_allocate(dir, 0, 1), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_allocate(fd, 0, 1), __WASI_ERRNO_BADF);
  return 0;
}

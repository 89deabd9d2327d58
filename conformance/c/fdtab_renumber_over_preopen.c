/* node:wasi differs: fd_prestat_get on an fd that is not a preopen answers EINVAL, not EBADF. */
#include "common.h"
#include <fcntl.h>

/* Renumbering a file onto the preopen's number replaces the preopen: fd 3
   is now that regular file (prestat EBADF, reads the file) and the old
   number is closed. */
int main(void) {
  __wasi_fd_t f;
  EXPECT_OK(__wasi_path_open(3, 0, "f.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL, 0, 0, &f));
  EXPECT_OK(__wasi_fd_renumber(f, 3));
  __wasi_prestat_t ps;
  EXPECT_ERRNO(__wasi_fd_prestat_get(3, &ps), __WASI_ERRNO_BADF);
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(3, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
  char buf[16];
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_read(3, &iov, 1, &n));
  EXPECT_EQ_U64(n, 7);
  if (memcmp(buf, "payload", 7) != 0) FAIL("fd 3 does not read f.txt");
  EXPECT_ERRNO(__wasi_fd_fdstat_get(f, &st), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}

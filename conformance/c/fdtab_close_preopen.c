#include "common.h"

/* A preopen is an ordinary descriptor once the module runs: closing it
   succeeds, after which it is no longer a preopen (prestat EBADF) and
   cannot be used to open paths. The second preopen is unaffected. */
int main(void) {
  __wasi_prestat_t ps;
  EXPECT_OK(__wasi_fd_prestat_get(3, &ps));
  EXPECT_OK(__wasi_fd_close(3));
  EXPECT_ERRNO(__wasi_fd_prestat_get(3, &ps), __WASI_ERRNO_BADF);
  char name[16];
  EXPECT_ERRNO(__wasi_fd_prestat_dir_name(3, (uint8_t *)name, sizeof name), __WASI_ERRNO_BADF);
  __wasi_fd_t fd;
  EXPECT_ERRNO(__wasi_path_open(3, 0, "a.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_prestat_get(4, &ps));
  EXPECT_OK(__wasi_path_open(4, 0, "b.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd));
  EXPECT_OK(__wasi_fd_close(fd));
  puts("ok");
  return 0;
}

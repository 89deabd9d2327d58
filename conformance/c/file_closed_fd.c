/* Every file operation on a closed or never-opened fd is EBADF, and
   closing twice is EBADF the second time. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_close(fd), __WASI_ERRNO_BADF);
  __wasi_fd_t bad[2] = {fd, 4000};
  for (int i = 0; i < 2; i++) {
    __wasi_fd_t f = bad[i];
    char buf[4];
    __wasi_iovec_t r = {(uint8_t *)buf, sizeof buf};
    __wasi_ciovec_t w = {(const uint8_t *)"x", 1};
    __wasi_size_t n;
    __wasi_filestat_t st;
    __wasi_fd_t out;
    EXPECT_ERRNO(__wasi_fd_read(f, &r, 1, &n), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_write(f, &w, 1, &n), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_pwrite(f, &w, 1, 0, &n), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_get(f, &st), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_advise(f, 0, 0, __WASI_ADVICE_NORMAL), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_path_open(f, 0, "f.txt", 0, RIGHTS_RO, 0, 0, &out), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_path_filestat_get(f, 0, "f.txt", &st), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_path_create_directory(f, "d"), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_path_unlink_file(f, "f.txt"), __WASI_ERRNO_BADF);
  }
  return 0;
}

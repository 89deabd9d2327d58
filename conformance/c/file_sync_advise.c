/* fd_sync, fd_datasync and fd_advise succeed on files (every advice value,
   also on a read-only fd); an unknown advice is EINVAL; on a directory they
   are EBADF (wasmtime gives directories no file operations). node:wasi
   syncs directories (POSIX fsync). */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  write_str(fd, "synced");
  EXPECT_OK(__wasi_fd_datasync(fd));
  EXPECT_OK(__wasi_fd_sync(fd));
  for (__wasi_advice_t a = __WASI_ADVICE_NORMAL; a <= __WASI_ADVICE_NOREUSE; a++) {
    EXPECT_OK(__wasi_fd_advise(fd, 0, 6, a));
  }
  EXPECT_OK(__wasi_fd_advise(fd, 100, 0, __WASI_ADVICE_WILLNEED));
  EXPECT_ERRNO(__wasi_fd_advise(fd, 0, 6, 6), __WASI_ERRNO_INVAL);

  __wasi_fd_t ro = must_open(dir, "f.txt", 0, RIGHTS_RO, 0);
  EXPECT_OK(__wasi_fd_advise(ro, 0, 0, __WASI_ADVICE_SEQUENTIAL));
  EXPECT_OK(__wasi_fd_close(ro));

  EXPECT_ERRNO(__wasi_fd_sync(dir), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_datasync(dir), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_advise(dir, 0, 0, __WASI_ADVICE_NORMAL), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_sync(fd), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_datasync(fd), __WASI_ERRNO_BADF);
  return 0;
}

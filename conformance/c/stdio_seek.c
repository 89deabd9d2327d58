/* node:wasi differs: it forwards seeks to the host, which fails them on a pipe with its own errno. */
#include "common.h"
#include <unistd.h>

/* stdio streams have no position: seek, tell, pread and pwrite are ESPIPE
   on every one of them, at every whence, and the streams keep working. */
int main(void) {
  for (__wasi_fd_t fd = 0; fd <= 2; fd++) {
    __wasi_filesize_t pos;
    EXPECT_ERRNO(__wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_seek(fd, 5, __WASI_WHENCE_END, &pos), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_tell(fd, &pos), __WASI_ERRNO_SPIPE);
  }
  char b[4];
  __wasi_iovec_t riov = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  EXPECT_ERRNO(__wasi_fd_pread(0, &riov, 1, 0, &n), __WASI_ERRNO_SPIPE);
  __wasi_ciovec_t wiov = {(const uint8_t *)"no", 2};
  EXPECT_ERRNO(__wasi_fd_pwrite(1, &wiov, 1, 0, &n), __WASI_ERRNO_SPIPE);
  EXPECT_ERRNO(__wasi_fd_pwrite(2, &wiov, 1, 0, &n), __WASI_ERRNO_SPIPE);
  EXPECT_FAIL(lseek(1, 0, SEEK_CUR), ESPIPE);
  puts("ok");
  return 0;
}

/* fd_seek errors: a resulting negative offset and an unknown whence are
   EINVAL and leave the position unchanged; stdio is not seekable (ESPIPE);
   a directory or a closed fd is EBADF (wasmtime's p1 has no position for
   directories). node:wasi gives ENOTCAPABLE for stdio (its rights model)
   and lets the directory fd seek (POSIX lseek). */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "ten.txt", 0, RIGHTS_RW, 0);
  __wasi_filesize_t pos;

  EXPECT_OK(__wasi_fd_seek(fd, 3, __WASI_WHENCE_SET, &pos));
  EXPECT_ERRNO(__wasi_fd_seek(fd, -1, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_fd_seek(fd, -4, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_fd_seek(fd, -11, __WASI_WHENCE_END, &pos), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_fd_seek(fd, 0, 3, &pos), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_fd_seek(fd, 0, 200, &pos), __WASI_ERRNO_INVAL);
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 3);

  /* Exactly to the start is fine. */
  EXPECT_OK(__wasi_fd_seek(fd, -3, __WASI_WHENCE_CUR, &pos));
  EXPECT_EQ_U64(pos, 0);
  EXPECT_OK(__wasi_fd_seek(fd, -10, __WASI_WHENCE_END, &pos));
  EXPECT_EQ_U64(pos, 0);

  EXPECT_ERRNO(__wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_SPIPE);
  EXPECT_ERRNO(__wasi_fd_seek(2, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_SPIPE);
  EXPECT_ERRNO(__wasi_fd_tell(1, &pos), __WASI_ERRNO_SPIPE);

  EXPECT_ERRNO(__wasi_fd_seek(dir, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_seek(dir, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_seek(dir, 0, __WASI_WHENCE_END, &pos), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_tell(dir, &pos), __WASI_ERRNO_BADF);

  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_tell(fd, &pos), __WASI_ERRNO_BADF);
  return 0;
}

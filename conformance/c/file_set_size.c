/* fd_filestat_set_size shrinks (dropping the tail) and grows (zero bytes)
   a file without moving the position; a directory is EBADF (wasmtime); a
   closed fd is EBADF. node:wasi answers ENOTCAPABLE for the directory. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  __wasi_filestat_t st;
  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_seek(fd, 7, __WASI_WHENCE_SET, &pos));

  EXPECT_OK(__wasi_fd_filestat_set_size(fd, 4));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 4);
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 7);

  EXPECT_OK(__wasi_fd_filestat_set_size(fd, 9));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 9);
  char buf[16];
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_pread(fd, &iov, 1, 0, &n));
  EXPECT_EQ_U64(n, 9);
  if (memcmp(buf, "0123\0\0\0\0\0", 9) != 0) FAIL("grown file is not zero-filled");

  EXPECT_OK(__wasi_fd_filestat_set_size(fd, 9));
  EXPECT_OK(__wasi_fd_filestat_set_size(fd, 0));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 0);
  EXPECT_OK(__wasi_fd_filestat_set_size(fd, 2));

  EXPECT_ERRNO(__wasi_fd_filestat_set_size(dir, 0), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_filestat_set_size(fd, 0), __WASI_ERRNO_BADF);
  return 0;
}

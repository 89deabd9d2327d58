/* Writing after seeking past end of file fills the gap with zero bytes. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "gap.bin", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0);
  __wasi_filesize_t pos;
  write_str(fd, "ab");
  EXPECT_OK(__wasi_fd_seek(fd, 3, __WASI_WHENCE_CUR, &pos));
  EXPECT_EQ_U64(pos, 5);
  write_str(fd, "cd");
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 7);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 7);

  char buf[8];
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_pread(fd, &iov, 1, 0, &n));
  EXPECT_EQ_U64(n, 7);
  if (memcmp(buf, "ab\0\0\0cd", 7) != 0) FAIL("gap not filled with zeros");
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}

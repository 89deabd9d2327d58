/* Zero-length transfers: fd_read/fd_write/fd_pread/fd_pwrite with no iovecs
   or only empty ones return 0, move nothing and change nothing. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  char buf[4];
  __wasi_iovec_t r[2] = {{(uint8_t *)buf, 0}, {(uint8_t *)buf, 0}};
  __wasi_ciovec_t w[2] = {{(const uint8_t *)"x", 0}, {(const uint8_t *)"y", 0}};
  __wasi_size_t n = 99;
  EXPECT_OK(__wasi_fd_read(fd, r, 0, &n));
  EXPECT_EQ_U64(n, 0);
  n = 99;
  EXPECT_OK(__wasi_fd_read(fd, r, 2, &n));
  EXPECT_EQ_U64(n, 0);
  n = 99;
  EXPECT_OK(__wasi_fd_write(fd, w, 0, &n));
  EXPECT_EQ_U64(n, 0);
  n = 99;
  EXPECT_OK(__wasi_fd_write(fd, w, 2, &n));
  EXPECT_EQ_U64(n, 0);
  n = 99;
  EXPECT_OK(__wasi_fd_pread(fd, r, 2, 1, &n));
  EXPECT_EQ_U64(n, 0);
  n = 99;
  EXPECT_OK(__wasi_fd_pwrite(fd, w, 2, 100, &n));
  EXPECT_EQ_U64(n, 0);
  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 0);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 3);
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}

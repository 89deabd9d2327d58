/* Two fds on one file keep positions of their own, and each sees the
   other's writes immediately (no buffering between them). */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t a = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  __wasi_fd_t b = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  if (a == b) FAIL("two opens gave the same fd %d", a);
  char buf[16];
  __wasi_iovec_t two = {(uint8_t *)buf, 2};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_read(a, &two, 1, &n));
  EXPECT_EQ_U64(n, 2);
  __wasi_filesize_t pa, pb;
  EXPECT_OK(__wasi_fd_tell(a, &pa));
  EXPECT_OK(__wasi_fd_tell(b, &pb));
  EXPECT_EQ_U64(pa, 2);
  EXPECT_EQ_U64(pb, 0);

  write_str(b, "XYZ");
  read_str(a, buf, 3);
  EXPECT_STR(buf, "Zd");
  EXPECT_OK(__wasi_fd_tell(b, &pb));
  EXPECT_EQ_U64(pb, 3);

  EXPECT_OK(__wasi_fd_filestat_set_size(a, 8));
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(b, &st));
  EXPECT_EQ_U64(st.size, 8);
  EXPECT_OK(__wasi_fd_close(a));
  /* Closing one leaves the other working. */
  write_str(b, "!");
  EXPECT_OK(__wasi_fd_close(b));
  return 0;
}

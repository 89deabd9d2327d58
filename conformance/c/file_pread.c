/* fd_pread reads at an offset without moving the position, fills iovecs in
   order (a short read is allowed: wasmtime fills only the first non-empty
   one), returns 0 at or past end of file; on stdin it is ESPIPE and on a
   directory EBADF. node:wasi gives ENOTCAPABLE on stdin (its rights model). */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "abc.txt", 0, RIGHTS_RO, 0);
  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &pos));

  char buf[16] = {0};
  __wasi_iovec_t iov = {(uint8_t *)buf, 4};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_pread(fd, &iov, 1, 5, &n));
  EXPECT_EQ_U64(n, 4);
  if (memcmp(buf, "fghi", 4) != 0) FAIL("pread at 5 gave \"%.4s\"", buf);
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 2);

  /* Several iovecs, the first empty: bytes go to the next ones in order. */
  char a[2] = {0}, b[8] = {0};
  __wasi_iovec_t iovs[3] = {{(uint8_t *)buf, 0}, {(uint8_t *)a, 2}, {(uint8_t *)b, 8}};
  EXPECT_OK(__wasi_fd_pread(fd, iovs, 3, 0, &n));
  if (n < 1 || n > 10) FAIL("pread into 2+8 bytes returned %u", n);
  char joined[11] = {0};
  memcpy(joined, a, n < 2 ? n : 2);
  if (n > 2) memcpy(joined + 2, b, n - 2);
  if (memcmp(joined, "abcdefghij", n) != 0) FAIL("scattered pread gave \"%.*s\"", (int)n, joined);

  /* The last bytes, then end of file and past it. */
  iov = (__wasi_iovec_t){(uint8_t *)buf, 16};
  EXPECT_OK(__wasi_fd_pread(fd, &iov, 1, 24, &n));
  EXPECT_EQ_U64(n, 2);
  EXPECT_OK(__wasi_fd_pread(fd, &iov, 1, 26, &n));
  EXPECT_EQ_U64(n, 0);
  EXPECT_OK(__wasi_fd_pread(fd, &iov, 1, 1000, &n));
  EXPECT_EQ_U64(n, 0);

  /* The position survives all of that: a plain read continues from 2. */
  char rest[4];
  __wasi_iovec_t r = {(uint8_t *)rest, 3};
  EXPECT_OK(__wasi_fd_read(fd, &r, 1, &n));
  EXPECT_EQ_U64(n, 3);
  if (memcmp(rest, "cde", 3) != 0) FAIL("read after preads gave \"%.3s\"", rest);

  EXPECT_ERRNO(__wasi_fd_pread(0, &iov, 1, 0, &n), __WASI_ERRNO_SPIPE);
  EXPECT_ERRNO(__wasi_fd_pread(dir, &iov, 1, 0, &n), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_pread(fd, &iov, 1, 0, &n), __WASI_ERRNO_BADF);
  return 0;
}

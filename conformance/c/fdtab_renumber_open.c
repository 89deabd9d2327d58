#include "common.h"
#include <fcntl.h>
#include <unistd.h>

/* fd_renumber(from, to) onto an open fd closes what `to` held and moves
   `from` there with its state (file, position); `from` is then closed. */
int main(void) {
  int a = open("/sandbox/a.txt", O_RDONLY);
  int b = open("/sandbox/b.txt", O_RDONLY);
  CHECK(a >= 0 && b >= 0 && a != b);
  char buf[16];
  CHECK(read(a, buf, 2) == 2);
  EXPECT_OK(__wasi_fd_renumber(a, b));
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_read(b, &iov, 1, &n));
  EXPECT_EQ_U64(n, 4);
  if (memcmp(buf, "cdef", 4) != 0) FAIL("renumbered fd did not keep a.txt's position: \"%.*s\"", (int)n, buf);
  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_tell(b, &pos));
  EXPECT_EQ_U64(pos, 6);
  EXPECT_ERRNO(__wasi_fd_read(a, &iov, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_close(a), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_close(b));
  EXPECT_ERRNO(__wasi_fd_close(b), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}

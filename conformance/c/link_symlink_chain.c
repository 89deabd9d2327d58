/* Chains of relative symlinks resolve relative to the directory holding each
   link: a link to a link to a file, a link in a subdirectory pointing up,
   a link to a directory used as a path component, and writes through a
   link reach the target. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  expect_content(dir, "l1", "end");
  expect_content(dir, "deep/er/up", "end");
  expect_content(dir, "dl/er/up", "end");
  __wasi_fd_t fd = must_open(dir, "l1", __WASI_OFLAGS_TRUNC, RIGHTS_RW, 0);
  write_str(fd, "changed");
  EXPECT_OK(__wasi_fd_close(fd));
  expect_content(dir, "target.txt", "changed");
  /* CREAT through a link to an existing file opens the target. */
  fd = must_open(dir, "l2", __WASI_OFLAGS_CREAT, RIGHTS_RO, 0);
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}

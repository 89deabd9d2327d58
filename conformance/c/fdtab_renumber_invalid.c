#include "common.h"
#include <fcntl.h>
#include <unistd.h>

/* fd_renumber needs both ends open (wasmtime): a closed or never-opened
   source or target is EBADF, and a failed renumber leaves the valid fd
   open and unmoved. */
int main(void) {
  int a = open("/sandbox/a.txt", O_RDONLY);
  CHECK(a >= 0);
  char c;
  CHECK(read(a, &c, 1) == 1);
  EXPECT_ERRNO(__wasi_fd_renumber(a, 99), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_renumber(a, 0xFFFFFFFFu), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_renumber(99, a), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_renumber(99, 98), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_renumber(0xFFFFFFFFu, 1), __WASI_ERRNO_BADF);
  __wasi_fdstat_t st;
  EXPECT_ERRNO(__wasi_fd_fdstat_get(99, &st), __WASI_ERRNO_BADF);
  CHECK(read(a, &c, 1) == 1);
  if (c != 'b') FAIL("fd lost its position after failed renumbers");
  int b = open("/sandbox/a.txt", O_RDONLY);
  CHECK(b >= 0);
  EXPECT_OK(__wasi_fd_close(b));
  EXPECT_ERRNO(__wasi_fd_renumber(a, b), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_fdstat_get(a, &st));
  puts("ok");
  return 0;
}

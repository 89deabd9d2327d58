#include "common.h"

/* Renumbering over an open fd must release the replaced resource: 3000
   rounds of open + renumber would exhaust host descriptors if the target
   were leaked. */
int main(void) {
  __wasi_fd_t cur;
  EXPECT_OK(__wasi_path_open(3, 0, "a.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &cur));
  for (int i = 0; i < 3000; i++) {
    __wasi_fd_t next;
    __wasi_errno_t e = __wasi_path_open(3, 0, "a.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &next);
    if (e != 0) FAIL("path_open failed with %u after %d renumbers (leak?)", e, i);
    EXPECT_OK(__wasi_fd_renumber(cur, next));
    cur = next;
  }
  char c;
  __wasi_iovec_t iov = {(uint8_t *)&c, 1};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_read(cur, &iov, 1, &n));
  EXPECT_EQ_U64(n, 1);
  EXPECT_OK(__wasi_fd_close(cur));
  puts("ok");
  return 0;
}

/* path_rename and path_link between two preopened directories move and
   link entries from one to the other; each fd still resolves paths in its
   own tree only. */
#include "common.h"

int main(void) {
  __wasi_fd_t a = preopen("/a");
  __wasi_fd_t b = preopen("/b");
  EXPECT_OK(__wasi_path_rename(a, "from_a.txt", b, "into_b.txt"));
  expect_content(b, "into_b.txt", "A");
  if (exists(a, "from_a.txt")) FAIL("source still in /a");
  EXPECT_OK(__wasi_path_rename(b, "dir", a, "dir_in_a"));
  expect_content(a, "dir_in_a/x.txt", "x");
  EXPECT_OK(__wasi_path_link(b, 0, "into_b.txt", a, "hard.txt"));
  expect_content(a, "hard.txt", "A");
  __wasi_filestat_t st;
  EXPECT_ERRNO(__wasi_path_filestat_get(a, 0, "into_b.txt", &st), __WASI_ERRNO_NOENT);
  return 0;
}

/* path_rename of directories: to a new name (contents follow), over an
   empty directory (replaced), with trailing slashes on either side; over a
   non-empty directory ENOTEMPTY, over a file ENOTDIR, into its own
   subdirectory EINVAL. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  EXPECT_OK(__wasi_path_rename(dir, "src", dir, "moved"));
  expect_content(dir, "moved/inner.txt", "i");
  EXPECT_OK(__wasi_path_rename(dir, "moved", dir, "empty"));
  expect_content(dir, "empty/inner.txt", "i");

  EXPECT_OK(__wasi_path_rename(dir, "empty/", dir, "t1"));
  EXPECT_OK(__wasi_path_rename(dir, "t1", dir, "t2/"));
  EXPECT_OK(__wasi_path_rename(dir, "t2/", dir, "final/"));
  expect_content(dir, "final/inner.txt", "i");

  EXPECT_ERRNO(__wasi_path_rename(dir, "other", dir, "final"), __WASI_ERRNO_NOTEMPTY);
  EXPECT_ERRNO(__wasi_path_rename(dir, "other", dir, "file.txt"), __WASI_ERRNO_NOTDIR);
  EXPECT_ERRNO(__wasi_path_rename(dir, "final", dir, "final/inside"), __WASI_ERRNO_INVAL);
  return 0;
}

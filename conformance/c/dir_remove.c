/* path_remove_directory removes an empty directory (a trailing slash is
   fine); a non-empty one is ENOTEMPTY, a file or a symlink to a directory
   ENOTDIR, a missing path ENOENT. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  EXPECT_OK(__wasi_path_remove_directory(dir, "empty"));
  EXPECT_OK(__wasi_path_remove_directory(dir, "empty2/"));
  EXPECT_OK(__wasi_path_remove_directory(dir, "full/deep/leaf"));
  if (exists(dir, "empty") || exists(dir, "empty2")) FAIL("removed directories still exist");

  EXPECT_ERRNO(__wasi_path_remove_directory(dir, "full"), __WASI_ERRNO_NOTEMPTY);
  EXPECT_ERRNO(__wasi_path_remove_directory(dir, "full/deep"), __WASI_ERRNO_NOTEMPTY);
  EXPECT_ERRNO(__wasi_path_remove_directory(dir, "file.txt"), __WASI_ERRNO_NOTDIR);
  EXPECT_ERRNO(__wasi_path_remove_directory(dir, "dirlink"), __WASI_ERRNO_NOTDIR);
  EXPECT_ERRNO(__wasi_path_remove_directory(dir, "missing"), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_remove_directory(dir, "empty"), __WASI_ERRNO_NOENT);
  return 0;
}

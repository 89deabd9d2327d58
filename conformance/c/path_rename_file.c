/* path_rename of files: to a new name, over an existing file (replacing it
   atomically), into a subdirectory, onto itself (no-op); over a directory
   is EISDIR, a missing source or destination parent ENOENT, a file with a
   trailing slash ENOTDIR. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  EXPECT_OK(__wasi_path_rename(dir, "a.txt", dir, "renamed.txt"));
  if (exists(dir, "a.txt")) FAIL("source still exists");
  expect_content(dir, "renamed.txt", "A");

  EXPECT_OK(__wasi_path_rename(dir, "b.txt", dir, "c.txt"));
  expect_content(dir, "c.txt", "B");

  EXPECT_OK(__wasi_path_rename(dir, "c.txt", dir, "sub/moved.txt"));
  EXPECT_OK(__wasi_path_rename(dir, "renamed.txt", dir, "renamed.txt"));
  expect_content(dir, "renamed.txt", "A");

  EXPECT_ERRNO(__wasi_path_rename(dir, "renamed.txt", dir, "sub"), __WASI_ERRNO_ISDIR);
  EXPECT_ERRNO(__wasi_path_rename(dir, "renamed.txt", dir, "emptydir"), __WASI_ERRNO_ISDIR);
  EXPECT_ERRNO(__wasi_path_rename(dir, "missing", dir, "x"), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_rename(dir, "renamed.txt", dir, "nodir/x"), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_rename(dir, "renamed.txt/", dir, "x"), __WASI_ERRNO_NOTDIR);

  /* A symlink is renamed as a link, its target untouched. */
  EXPECT_OK(__wasi_path_rename(dir, "link", dir, "link2"));
  EXPECT_EQ_U64(stat_at(dir, "link2", 0).filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  return 0;
}

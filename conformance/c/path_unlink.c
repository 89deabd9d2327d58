/* path_unlink_file removes files and symlinks (never their targets, even
   dangling ones); a directory is EISDIR with or without a trailing slash; a
   file with a trailing slash ENOTDIR; a missing path ENOENT. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  EXPECT_OK(__wasi_path_unlink_file(dir, "a.txt"));
  EXPECT_OK(__wasi_path_unlink_file(dir, "sub/b.txt"));
  EXPECT_OK(__wasi_path_unlink_file(dir, "link"));
  EXPECT_OK(__wasi_path_unlink_file(dir, "dangling"));
  EXPECT_OK(__wasi_path_unlink_file(dir, "dirlink"));
  if (exists(dir, "a.txt") || exists(dir, "link")) FAIL("unlinked entries still exist");
  EXPECT_EQ_U64(stat_at(dir, "target.txt", 0).filetype, __WASI_FILETYPE_REGULAR_FILE);

  EXPECT_ERRNO(__wasi_path_unlink_file(dir, "sub"), __WASI_ERRNO_ISDIR);
  EXPECT_ERRNO(__wasi_path_unlink_file(dir, "sub/"), __WASI_ERRNO_ISDIR);
  EXPECT_ERRNO(__wasi_path_unlink_file(dir, "target.txt/"), __WASI_ERRNO_NOTDIR);
  EXPECT_ERRNO(__wasi_path_unlink_file(dir, "a.txt"), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_unlink_file(dir, "nodir/x"), __WASI_ERRNO_NOENT);

  /* An open file can be unlinked and stays readable through its fd. */
  __wasi_fd_t fd = must_open(dir, "open.txt", 0, RIGHTS_RO, 0);
  EXPECT_OK(__wasi_path_unlink_file(dir, "open.txt"));
  char buf[8];
  read_str(fd, buf, sizeof buf);
  EXPECT_STR(buf, "still");
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}

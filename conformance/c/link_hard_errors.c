/* path_link errors: an existing destination is EEXIST, a missing source
   ENOENT, a directory source EPERM (Linux forbids hard links to
   directories), a missing destination parent ENOENT. Without
   SYMLINK_FOLLOW a symlink source links the symlink itself. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  EXPECT_ERRNO(__wasi_path_link(dir, 0, "a.txt", dir, "b.txt"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_link(dir, 0, "a.txt", dir, "sub"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_link(dir, 0, "missing", dir, "x"), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_link(dir, 0, "sub", dir, "subcopy"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_link(dir, 0, "a.txt", dir, "nodir/x"), __WASI_ERRNO_NOENT);

  EXPECT_OK(__wasi_path_link(dir, 0, "ln", dir, "ln2"));
  EXPECT_EQ_U64(stat_at(dir, "ln2", 0).filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  EXPECT_EQ_U64(stat_at(dir, "a.txt", 0).nlink, 1);
  return 0;
}

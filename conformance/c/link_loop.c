/* Symlink loops (a link to itself, two links to each other, a loop in the
   middle of a path) are ELOOP wherever they are followed. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_path_symlink("self", dir, "self"));
  EXPECT_ERRNO(open_at(dir, "self", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_LOOP);
  EXPECT_ERRNO(open_at(dir, "ping", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_LOOP);
  EXPECT_ERRNO(open_at(dir, "ping/file", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_LOOP);
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "pong", &st), __WASI_ERRNO_LOOP);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, "ping/x"), __WASI_ERRNO_LOOP);
  /* Not followed: the links themselves are fine. */
  EXPECT_EQ_U64(stat_at(dir, "self", 0).filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  EXPECT_OK(__wasi_path_unlink_file(dir, "self"));
  return 0;
}

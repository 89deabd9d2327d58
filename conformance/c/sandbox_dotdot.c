/* ".." that climbs above the preopen fails with EPERM for every path call,
   even when the path would come back inside; ".." that stays inside is
   fine (path_interior_dots). node:wasi answers ENOTCAPABLE. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  EXPECT_ERRNO(open_at(dir, "..", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(dir, "../x.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(dir, "sub/../../f.txt", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(dir, "sub/../../../../../../etc/passwd", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, 0, "..", &st), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, "../escaped"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_rename(dir, "f.txt", dir, "../f.txt"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_link(dir, 0, "f.txt", dir, "sub/../../f.txt"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_unlink_file(dir, "../f.txt"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_remove_directory(dir, "../sub"), __WASI_ERRNO_PERM);
  expect_content(dir, "f.txt", "inside");
  return 0;
}

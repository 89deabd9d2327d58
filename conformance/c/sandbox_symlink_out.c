/* A relative symlink pointing out of the preopen (placed there by the host)
   cannot be followed: open, filestat, and use as a path component are EPERM;
   the link itself can still be stat'ed without following, read with
   readlink and removed. node:wasi answers ENOTCAPABLE. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  EXPECT_ERRNO(open_at(dir, "out", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(dir, "out/x.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(dir, "sub/deepout", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "out", &st), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, "out/escaped"), __WASI_ERRNO_PERM);

  EXPECT_EQ_U64(stat_at(dir, "out", 0).filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  char buf[64];
  __wasi_size_t n;
  EXPECT_OK(__wasi_path_readlink(dir, "out", (uint8_t *)buf, sizeof buf, &n));
  EXPECT_EQ_U64(n, 2);
  /* Creating such a link is allowed (only following it is not). */
  EXPECT_OK(__wasi_path_symlink("../..", dir, "sub/new_out"));
  EXPECT_ERRNO(open_at(dir, "sub/new_out", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_OK(__wasi_path_unlink_file(dir, "out"));
  return 0;
}

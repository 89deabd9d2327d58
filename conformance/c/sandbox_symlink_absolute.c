/* Absolute symlinks: following one (placed by the host) is EPERM even when
   it names a path that looks like the preopen's; reading one with
   path_readlink is EPERM too, and creating one with path_symlink is EPERM
   (cap-std refuses to reveal or plant host paths, as wasmtime does).
   node:wasi creates and reads them, and refuses following with ENOTCAPABLE. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  char buf[64];
  __wasi_size_t n;
  EXPECT_ERRNO(open_at(dir, "abs", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(dir, "guestabs", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "abs", &st), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_readlink(dir, "abs", (uint8_t *)buf, sizeof buf, &n), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_symlink("/etc/passwd", dir, "planted"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_symlink("/sandbox/f.txt", dir, "planted"), __WASI_ERRNO_PERM);
  if (exists(dir, "planted")) FAIL("an absolute symlink was created");
  EXPECT_EQ_U64(stat_at(dir, "abs", 0).filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  return 0;
}

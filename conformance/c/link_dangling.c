/* A dangling symlink: opening it (following) is ENOENT; without
   SYMLINK_FOLLOW it is ELOOP (or ENOENT; wasmtime's tests accept both), and
   with OFLAGS_DIRECTORY as well ENOTDIR, ELOOP or ENOENT; it can be
   unlinked. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  EXPECT_ERRNO(open_at(dir, "dangling", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO2(__wasi_path_open(dir, 0, "dangling", 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_LOOP, __WASI_ERRNO_NOENT);
  __wasi_errno_t e = __wasi_path_open(dir, 0, "dangling", __WASI_OFLAGS_DIRECTORY, RIGHTS_RO, 0, 0, &fd);
  if (e != __WASI_ERRNO_NOTDIR && e != __WASI_ERRNO_LOOP && e != __WASI_ERRNO_NOENT)
    FAIL("path_open(dangling, DIRECTORY, nofollow) = %d, expected ENOTDIR, ELOOP or ENOENT", e);
  EXPECT_OK(__wasi_path_unlink_file(dir, "dangling"));
  EXPECT_ERRNO(__wasi_path_unlink_file(dir, "dangling"), __WASI_ERRNO_NOENT);
  return 0;
}

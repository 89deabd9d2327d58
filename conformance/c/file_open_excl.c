/* OFLAGS_CREAT|OFLAGS_EXCL creates a new file and fails with EEXIST on an
   existing file, directory or symlink (even a dangling one, which must not
   be followed). node:wasi resolves the dangling symlink itself and creates
   its target. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  __wasi_oflags_t excl = __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL;
  fd = must_open(dir, "fresh.txt", excl, RIGHTS_RW, 0);
  write_str(fd, "fresh");
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(open_at(dir, "fresh.txt", excl, RIGHTS_RW, 0, &fd), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(open_at(dir, "a.txt", excl, RIGHTS_RW, 0, &fd), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(open_at(dir, "sub", excl, RIGHTS_RO, 0, &fd), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(open_at(dir, "dangling", excl, RIGHTS_RW, 0, &fd), __WASI_ERRNO_EXIST);
  /* EXCL without CREAT is ignored. */
  fd = must_open(dir, "a.txt", __WASI_OFLAGS_EXCL, RIGHTS_RO, 0);
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}

/* A directory fd opened by path_open is a sandbox root of its own: ".." and
   symlinks from it may not climb above it, even to places inside the
   preopen (EPERM, as cap-std gives wasmtime); paths below it work.
   node:wasi answers ENOTCAPABLE. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t sub, fd;
  /* The preopen's inheritable rights passed on, so that rights-checking hosts let files open below it. */
  __wasi_fdstat_t ds;
  EXPECT_OK(__wasi_fd_fdstat_get(dir, &ds));
  EXPECT_OK(__wasi_path_open(dir, 0, "sub", __WASI_OFLAGS_DIRECTORY,
                             __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_FILESTAT_GET,
                             ds.fs_rights_inheriting, 0, &sub));
  __wasi_filestat_t st;
  fd = must_open(sub, "inner.txt", 0, RIGHTS_RO, 0);
  EXPECT_OK(__wasi_fd_close(fd));
  fd = must_open(sub, "deeper/../inner.txt", 0, RIGHTS_RO, 0);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(open_at(sub, "../top.txt", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_filestat_get(sub, 0, "..", &st), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(sub, "uplink", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(sub, "/top.txt", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  /* The same link from the preopen stays inside and works. */
  expect_content(dir, "sub/uplink", "top");
  EXPECT_OK(__wasi_fd_close(sub));
  return 0;
}

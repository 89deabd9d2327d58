/* Without LOOKUPFLAGS_SYMLINK_FOLLOW, path_open of a symlink as the last
   component is ELOOP (to a directory with OFLAGS_DIRECTORY: ELOOP or
   ENOTDIR, as wasmtime's tests accept); symlinks earlier in the path are
   still followed; with the flag the target opens. node:wasi follows the
   final symlink even without the flag. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  EXPECT_ERRNO(__wasi_path_open(dir, 0, "filelink", 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_LOOP);
  EXPECT_ERRNO2(__wasi_path_open(dir, 0, "dirlink", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &fd),
                __WASI_ERRNO_LOOP, __WASI_ERRNO_NOTDIR);
  EXPECT_ERRNO(__wasi_path_open(dir, 0, "dirlink", 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_LOOP);

  fd = must_open(dir, "filelink", 0, RIGHTS_RO, 0);
  char buf[8];
  read_str(fd, buf, sizeof buf);
  EXPECT_STR(buf, "file");
  EXPECT_OK(__wasi_fd_close(fd));

  EXPECT_OK(__wasi_path_open(dir, 0, "dirlink/inner.txt", 0, RIGHTS_RO, 0, 0, &fd));
  read_str(fd, buf, sizeof buf);
  EXPECT_STR(buf, "inner");
  EXPECT_OK(__wasi_fd_close(fd));

  fd = must_open(dir, "dirlink", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_GET, 0);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.ino, stat_at(dir, "dir", 0).ino);
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}

/* OFLAGS_DIRECTORY opens directories and refuses anything else with
   ENOTDIR; a directory opened for writing is EISDIR; a file path with a
   trailing slash is ENOTDIR (or ENOENT, both accepted by wasmtime's own
   tests); a file fd used as the base directory of path_open is ENOTDIR.
   node:wasi answers ENOTCAPABLE for the file-as-dirfd case (rights). */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  EXPECT_ERRNO(open_at(dir, "file.txt", __WASI_OFLAGS_DIRECTORY, RIGHTS_RO, 0, &fd), __WASI_ERRNO_NOTDIR);
  EXPECT_ERRNO(open_at(dir, "missing", __WASI_OFLAGS_DIRECTORY, RIGHTS_RO, 0, &fd), __WASI_ERRNO_NOENT);

  fd = must_open(dir, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN, 0);
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_OK(__wasi_fd_close(fd));

  /* Without OFLAGS_DIRECTORY a directory still opens read-only... */
  fd = must_open(dir, "sub", 0, __WASI_RIGHTS_FD_READ, 0);
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_OK(__wasi_fd_close(fd));
  /* ...but not for writing. */
  EXPECT_ERRNO(open_at(dir, "sub", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, &fd), __WASI_ERRNO_ISDIR);
  EXPECT_ERRNO(open_at(dir, "sub", 0, __WASI_RIGHTS_FD_WRITE, 0, &fd), __WASI_ERRNO_ISDIR);

  EXPECT_ERRNO2(open_at(dir, "file.txt/", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_NOTDIR, __WASI_ERRNO_NOENT);
  fd = must_open(dir, "sub/", 0, __WASI_RIGHTS_FD_READ, 0);
  EXPECT_OK(__wasi_fd_close(fd));

  __wasi_fd_t file = must_open(dir, "file.txt", 0, RIGHTS_RO, 0);
  EXPECT_ERRNO(open_at(file, "x", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_NOTDIR);
  EXPECT_OK(__wasi_fd_close(file));
  return 0;
}

/* path_open with OFLAGS_DIRECTORY and FD_WRITE among the requested rights is
   EISDIR, as wasmtime answers (p1_path_open_preopen): a directory is never
   open for writing, and the right is refused rather than quietly dropped.
   With FD_READ alone, or no rights at all, the same directory opens, through
   the preopen's own "." too. node:wasi also answers EISDIR when FD_WRITE
   is only among the inheriting rights. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  const __wasi_oflags_t D = __WASI_OFLAGS_DIRECTORY;
  EXPECT_ERRNO(__wasi_path_open(dir, 0, ".", D, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd), __WASI_ERRNO_ISDIR);
  EXPECT_ERRNO(__wasi_path_open(dir, 0, ".", D, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd), __WASI_ERRNO_ISDIR);
  EXPECT_ERRNO(__wasi_path_open(dir, 0, "sub", D, RIGHTS_RW, RIGHTS_RW, 0, &fd), __WASI_ERRNO_ISDIR);
  EXPECT_OK(__wasi_path_open(dir, 0, ".", D, __WASI_RIGHTS_FD_READ, 0, 0, &fd));
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_OK(__wasi_path_open(dir, 0, ".", D, 0, 0, 0, &fd));
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_OK(__wasi_path_open(dir, 0, ".", 0, 0, 0, 0, &fd));
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_OK(__wasi_path_open(dir, 0, "sub", D, RIGHTS_RO, RIGHTS_RW, 0, &fd));
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_OK(__wasi_fd_close(fd));
  /* The preopen's own rights, without OFLAGS_DIRECTORY, open it again. */
  EXPECT_OK(__wasi_fd_fdstat_get(dir, &st));
  EXPECT_OK(__wasi_path_open(dir, 0, ".", 0, st.fs_rights_base, st.fs_rights_inheriting, 0, &fd));
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}

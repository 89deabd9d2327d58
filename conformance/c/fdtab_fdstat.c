/* node:wasi differs: fdstat leaks host open flags (0x8000) into fs_flags. */
#include "common.h"
#include <fcntl.h>

/* fd_fdstat_get reports each kind of descriptor: a preopen is a DIRECTORY
   allowing path operations, an opened subdirectory a DIRECTORY, a file
   opened read-only a REGULAR_FILE with FD_READ and without FD_WRITE, and
   a never-opened fd is EBADF. */
int main(void) {
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(3, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  if (!(st.fs_rights_base & __WASI_RIGHTS_PATH_OPEN)) FAIL("preopen lacks PATH_OPEN");
  if (!(st.fs_rights_inheriting & __WASI_RIGHTS_FD_READ)) FAIL("preopen does not pass on FD_READ");
  EXPECT_EQ_U64(st.fs_flags, 0);

  int d = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
  CHECK(d >= 0);
  EXPECT_OK(__wasi_fd_fdstat_get(d, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);

  int f = open("/sandbox/a.txt", O_RDONLY);
  CHECK(f >= 0);
  EXPECT_OK(__wasi_fd_fdstat_get(f, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
  if (!(st.fs_rights_base & __WASI_RIGHTS_FD_READ)) FAIL("read-only file lacks FD_READ");
  if (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) FAIL("read-only file has FD_WRITE");
  EXPECT_EQ_U64(st.fs_flags, 0);

  int a = open("/sandbox/a.txt", O_WRONLY | O_APPEND);
  CHECK(a >= 0);
  EXPECT_OK(__wasi_fd_fdstat_get(a, &st));
  EXPECT_EQ_U64(st.fs_flags, __WASI_FDFLAGS_APPEND);
  if (!(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE)) FAIL("write-only file lacks FD_WRITE");

  EXPECT_ERRNO(__wasi_fd_fdstat_get(1000, &st), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}

/* fd_fdstat_get reports the filetype of files and directories, the APPEND
   flag, and rights that follow how the fd was opened: FD_READ only when
   readable, FD_WRITE only when writable; a directory has no FD_SEEK. A
   closed fd is EBADF. node:wasi reports host open(2) flags (O_LARGEFILE)
   as fs_flags. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fdstat_t st;

  EXPECT_OK(__wasi_fd_fdstat_get(dir, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  if (!(st.fs_rights_base & __WASI_RIGHTS_PATH_OPEN)) FAIL("preopen lacks PATH_OPEN: %#llx", (unsigned long long)st.fs_rights_base);
  if (st.fs_rights_base & __WASI_RIGHTS_FD_SEEK) FAIL("preopen has FD_SEEK");

  __wasi_fd_t ro = must_open(dir, "f.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK, 0);
  EXPECT_OK(__wasi_fd_fdstat_get(ro, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
  EXPECT_EQ_U64(st.fs_flags, 0);
  if (!(st.fs_rights_base & __WASI_RIGHTS_FD_READ)) FAIL("read-only fd lacks FD_READ");
  if (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) FAIL("read-only fd has FD_WRITE");

  __wasi_fd_t wo = must_open(dir, "f.txt", 0, __WASI_RIGHTS_FD_WRITE, __WASI_FDFLAGS_APPEND);
  EXPECT_OK(__wasi_fd_fdstat_get(wo, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
  EXPECT_EQ_U64(st.fs_flags, __WASI_FDFLAGS_APPEND);
  if (!(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE)) FAIL("write-only fd lacks FD_WRITE");
  if (st.fs_rights_base & __WASI_RIGHTS_FD_READ) FAIL("write-only fd has FD_READ");

  __wasi_fd_t sub = must_open(dir, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN, 0);
  EXPECT_OK(__wasi_fd_fdstat_get(sub, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);

  EXPECT_OK(__wasi_fd_close(ro));
  EXPECT_OK(__wasi_fd_close(wo));
  EXPECT_OK(__wasi_fd_close(sub));
  EXPECT_ERRNO(__wasi_fd_fdstat_get(ro, &st), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_fdstat_get(1000, &st), __WASI_ERRNO_BADF);
  return 0;
}

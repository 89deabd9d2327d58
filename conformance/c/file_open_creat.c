/* OFLAGS_CREAT creates a missing file and opens an existing one without
   truncating it; without CREAT a missing file is ENOENT; CREAT inside a
   missing directory is ENOENT. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  EXPECT_ERRNO(open_at(dir, "made.txt", 0, RIGHTS_RW, 0, &fd), __WASI_ERRNO_NOENT);
  fd = must_open(dir, "made.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 0);
  EXPECT_EQ_U64(st.filetype, __WASI_FILETYPE_REGULAR_FILE);
  write_str(fd, "made");
  EXPECT_OK(__wasi_fd_close(fd));

  fd = must_open(dir, "old.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0);
  write_str(fd, "O");
  EXPECT_OK(__wasi_fd_close(fd));

  EXPECT_ERRNO(open_at(dir, "nodir/x.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0, &fd), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(open_at(dir, "nodir/x.txt", 0, RIGHTS_RW, 0, &fd), __WASI_ERRNO_NOENT);
  /* A file used as a directory in the middle of a path. */
  EXPECT_ERRNO(open_at(dir, "old.txt/x.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0, &fd), __WASI_ERRNO_NOTDIR);
  return 0;
}

/* fd_fdstat_set_flags turns APPEND on and off on an open file; the SYNC
   family cannot be changed after opening (EINVAL in wasmtime); a closed fd
   is EBADF. node:wasi reports host open(2) flags (0x8402) as fs_flags and
   accepts the SYNC flags. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  __wasi_fdstat_t st;
  __wasi_filesize_t pos;

  EXPECT_OK(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  if (!(st.fs_flags & __WASI_FDFLAGS_APPEND)) FAIL("APPEND not set: %#x", st.fs_flags);
  write_str(fd, "+end");
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 8);

  EXPECT_OK(__wasi_fd_fdstat_set_flags(fd, 0));
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  if (st.fs_flags & __WASI_FDFLAGS_APPEND) FAIL("APPEND still set: %#x", st.fs_flags);
  EXPECT_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  write_str(fd, "B");

  EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_SYNC), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_DSYNC), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_RSYNC), __WASI_ERRNO_INVAL);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(fd, 0), __WASI_ERRNO_BADF);
  return 0;
}

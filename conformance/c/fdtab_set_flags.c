/* node:wasi differs: fdstat leaks host open flags (0x8000) into fs_flags. */
#include "common.h"
#include <fcntl.h>
#include <unistd.h>

/* fd_fdstat_set_flags replaces the APPEND and NONBLOCK flags and fdstat
   shows the result; with APPEND a write at offset 0 lands at the end. The
   sync flags cannot be changed after open (EINVAL, as in wasmtime), and a
   closed fd is EBADF. */
static __wasi_fdflags_t flags_of(int fd) {
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  return st.fs_flags;
}
int main(void) {
  int fd = open("/sandbox/a.txt", O_RDWR);
  CHECK(fd >= 0);
  EXPECT_EQ_U64(flags_of(fd), 0);
  EXPECT_OK(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
  EXPECT_EQ_U64(flags_of(fd), __WASI_FDFLAGS_APPEND);
  CHECK(write(fd, "XY", 2) == 2);
  EXPECT_OK(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_NONBLOCK));
  EXPECT_EQ_U64(flags_of(fd), __WASI_FDFLAGS_NONBLOCK);
  EXPECT_OK(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_NONBLOCK));
  EXPECT_EQ_U64(flags_of(fd), __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_NONBLOCK);
  EXPECT_OK(__wasi_fd_fdstat_set_flags(fd, 0));
  EXPECT_EQ_U64(flags_of(fd), 0);
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  CHECK(write(fd, "z", 1) == 1);
  EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_DSYNC), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_SYNC | __WASI_FDFLAGS_APPEND), __WASI_ERRNO_INVAL);
  EXPECT_EQ_U64(flags_of(fd), 0);
  EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(99, __WASI_FDFLAGS_APPEND), __WASI_ERRNO_BADF);
  CHECK(close(fd) == 0);
  puts("ok");
  return 0;
}

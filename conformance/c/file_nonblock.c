/* FDFLAGS_NONBLOCK on a regular file is accepted at open, reported by
   fd_fdstat_get, and reads and writes still complete (files never block,
   and wasmtime keeps doing blocking I/O for them). node:wasi reports host
   open(2) flags (O_NONBLOCK = 0x800) as fs_flags. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, __WASI_FDFLAGS_NONBLOCK);
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  if (!(st.fs_flags & __WASI_FDFLAGS_NONBLOCK)) FAIL("NONBLOCK not reported: %#x", st.fs_flags);
  char buf[8];
  read_str(fd, buf, 4);
  EXPECT_STR(buf, "abc");
  write_str(fd, "+nb");
  EXPECT_OK(__wasi_fd_fdstat_set_flags(fd, 0));
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  if (st.fs_flags & __WASI_FDFLAGS_NONBLOCK) FAIL("NONBLOCK still reported after clearing");
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}

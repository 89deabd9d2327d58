/* With FDFLAGS_APPEND every write lands at the end of the file whatever the
   position, and the position then is the new end; pwrite appends too
   (Linux semantics, which wasmtime keeps); fdstat reports the flag.
   node:wasi reports the host open(2) flags (O_RDWR|O_APPEND|O_LARGEFILE =
   0x8402) instead of WASI fdflags, so the APPEND bit check fails there. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "log.txt", 0, RIGHTS_RW, __WASI_FDFLAGS_APPEND);
  __wasi_fdstat_t fst;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &fst));
  if (!(fst.fs_flags & __WASI_FDFLAGS_APPEND)) FAIL("fdstat lacks APPEND: flags %#x", fst.fs_flags);

  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  write_str(fd, "two\n");
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 8);

  EXPECT_OK(__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &pos));
  write_str(fd, "three\n");
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 14);

  __wasi_ciovec_t iov = {(const uint8_t *)"four\n", 5};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_pwrite(fd, &iov, 1, 0, &n));
  EXPECT_EQ_U64(n, 5);

  /* Reading works at the position as usual. */
  EXPECT_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  char buf[8];
  read_str(fd, buf, 5);
  EXPECT_STR(buf, "one\n");
  EXPECT_OK(__wasi_fd_close(fd));

  /* A second fd without APPEND writes at its own position. */
  fd = must_open(dir, "log.txt", 0, RIGHTS_RW, 0);
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &fst));
  if (fst.fs_flags & __WASI_FDFLAGS_APPEND) FAIL("APPEND reported on an fd opened without it");
  write_str(fd, "ONE");
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}

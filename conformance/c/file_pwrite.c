/* fd_pwrite writes at an offset without moving the position; past end of
   file it leaves a zero-filled gap (a sparse write); on stdout it is
   ESPIPE; on a read-only fd EBADF. node:wasi gives ENOTCAPABLE on stdout
   (its rights model). */
#include "common.h"

static void pwrite_all(__wasi_fd_t fd, __wasi_ciovec_t *iovs, size_t count, __wasi_filesize_t off) {
  /* Short writes are allowed (wasmtime writes only the first non-empty
     iovec), so keep going until every iovec is out. */
  for (size_t i = 0; i < count; i++) {
    const uint8_t *p = iovs[i].buf;
    size_t left = iovs[i].buf_len;
    while (left > 0) {
      __wasi_ciovec_t one = {p, left};
      __wasi_size_t n;
      EXPECT_OK(__wasi_fd_pwrite(fd, &one, 1, off, &n));
      if (n == 0) FAIL("fd_pwrite wrote nothing");
      p += n; left -= n; off += n;
    }
  }
}

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  __wasi_filesize_t pos;
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_seek(fd, 1, __WASI_WHENCE_SET, &pos));

  /* Several iovecs in one call: the count covers a prefix of them, in order. */
  __wasi_ciovec_t iovs[2] = {{(const uint8_t *)"XY", 2}, {(const uint8_t *)"Z", 1}};
  EXPECT_OK(__wasi_fd_pwrite(fd, iovs, 2, 2, &n));
  if (n < 1 || n > 3) FAIL("pwrite of 2+1 bytes returned %u", n);
  if (n < 3) {
    __wasi_ciovec_t rest[1] = {{(const uint8_t *)"XYZ" + n, 3 - n}};
    pwrite_all(fd, rest, 1, 2 + n);
  }
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 1);

  /* Sparse: 4 bytes past the end of the 6-byte file. */
  __wasi_ciovec_t tail[1] = {{(const uint8_t *)"end", 3}};
  pwrite_all(fd, tail, 1, 10);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 13);
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 1);

  /* The position still drives plain writes. */
  write_str(fd, "!");
  EXPECT_OK(__wasi_fd_close(fd));

  __wasi_ciovec_t x = {(const uint8_t *)"x", 1};
  EXPECT_ERRNO(__wasi_fd_pwrite(1, &x, 1, 0, &n), __WASI_ERRNO_SPIPE);
  __wasi_fd_t ro = must_open(dir, "f.txt", 0, RIGHTS_RO, 0);
  EXPECT_ERRNO(__wasi_fd_pwrite(ro, &x, 1, 0, &n), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_close(ro));
  return 0;
}

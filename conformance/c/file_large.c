/* A 1 MiB file written in one call and read back in odd-sized chunks: every
   byte arrives, in order, whatever chunking the host does underneath (WASI
   0.2 streams move at most a few KiB per call). */
#include "common.h"

#define SIZE (1 << 20)
static uint8_t out[SIZE], in[SIZE];

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  for (size_t i = 0; i < SIZE; i++) out[i] = (uint8_t)(i * 31 + (i >> 8));
  __wasi_fd_t fd = must_open(dir, "big.bin", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0);
  size_t done = 0;
  while (done < SIZE) {
    __wasi_ciovec_t iov = {out + done, SIZE - done};
    __wasi_size_t n;
    EXPECT_OK(__wasi_fd_write(fd, &iov, 1, &n));
    if (n == 0) FAIL("fd_write returned 0 at %zu", done);
    done += n;
  }
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, SIZE);
  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  done = 0;
  while (done < SIZE) {
    size_t want = SIZE - done < 70001 ? SIZE - done : 70001;
    __wasi_iovec_t iov = {in + done, want};
    __wasi_size_t n;
    EXPECT_OK(__wasi_fd_read(fd, &iov, 1, &n));
    if (n == 0) FAIL("early end of file at %zu", done);
    done += n;
  }
  if (memcmp(in, out, SIZE) != 0) FAIL("content read back differs");
  __wasi_iovec_t iov = {in, 10};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_read(fd, &iov, 1, &n));
  EXPECT_EQ_U64(n, 0);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_OK(__wasi_path_unlink_file(dir, "big.bin"));
  return 0;
}

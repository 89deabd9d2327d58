#include "common.h"

/* fd_write may write fewer bytes than asked (wasmtime writes only the first
   non-empty iovec), so the gather write is retried from where it stopped;
   what matters is that every byte arrives once, in order, and that empty
   iovecs are skipped rather than ending the write. */
static void write_all(__wasi_fd_t fd, __wasi_ciovec_t *iov, size_t n) {
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += iov[i].buf_len;
  while (total > 0) {
    __wasi_size_t w = 0;
    EXPECT_OK(__wasi_fd_write(fd, iov, n, &w));
    if (w == 0 || w > total) FAIL("fd_write wrote %lu of %zu bytes", w, total);
    total -= w;
    while (n > 0 && w >= iov->buf_len) { w -= iov->buf_len; iov++; n--; }
    if (w > 0) { iov->buf += w; iov->buf_len -= w; }
  }
}

int main(void) {
  __wasi_ciovec_t iov[6] = {
    {(const uint8_t *)"", 0},
    {(const uint8_t *)"ab", 2},
    {(const uint8_t *)"x", 0},
    {(const uint8_t *)"", 0},
    {(const uint8_t *)"cde", 3},
    {(const uint8_t *)"\n", 1},
  };
  write_all(1, iov, 6);

  /* Only empty iovecs, and no iovecs at all: success with nothing written. */
  __wasi_ciovec_t empty[3] = {{(const uint8_t *)"zz", 0}, {0, 0}, {(const uint8_t *)"q", 0}};
  __wasi_size_t w = 99;
  EXPECT_OK(__wasi_fd_write(1, empty, 3, &w));
  EXPECT_EQ_U64(w, 0);
  w = 99;
  EXPECT_OK(__wasi_fd_write(1, empty, 0, &w));
  EXPECT_EQ_U64(w, 0);

  __wasi_ciovec_t err[3] = {{(const uint8_t *)"e1", 2}, {0, 0}, {(const uint8_t *)"e2\n", 3}};
  write_all(2, err, 3);
  return 0;
}

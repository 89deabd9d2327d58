#include "common.h"

/* Reads all of stdin through raw fd_read with small, uneven buffers (and
   an empty iovec first), echoes it, then checks EOF is a 0-byte read that
   stays 0. */
int main(void) {
  char all[4096];
  size_t got = 0;
  for (;;) {
    char small[7];
    __wasi_iovec_t iov[2] = {{(uint8_t *)small, 0}, {(uint8_t *)small, sizeof small}};
    __wasi_size_t n = 0;
    EXPECT_OK(__wasi_fd_read(0, iov, 2, &n));
    if (n == 0) break;
    if (n > sizeof small) FAIL("fd_read returned %lu for a %zu-byte buffer", n, sizeof small);
    if (got + n > sizeof all) FAIL("more stdin than expected");
    memcpy(all + got, small, n);
    got += n;
  }
  EXPECT_EQ_U64(got, 1030);
  for (int i = 0; i < 2; i++) {
    char b[16];
    __wasi_iovec_t iov = {(uint8_t *)b, sizeof b};
    __wasi_size_t n = 99;
    EXPECT_OK(__wasi_fd_read(0, &iov, 1, &n));
    EXPECT_EQ_U64(n, 0);
  }
  fwrite(all, 1, got, stdout);
  return 0;
}

#include "common.h"

/* fd_read on stdin with several iovecs fills them in order: each call may
   stop early (wasmtime fills only the first non-empty one) but the bytes
   it returns occupy the iovecs front to back, so concatenating them over
   all calls rebuilds the input exactly. */
int main(void) {
  char out[256];
  size_t got = 0;
  for (;;) {
    char a[3], b[5], c[64];
    __wasi_iovec_t iov[4] = {{(uint8_t *)a, sizeof a}, {(uint8_t *)c, 0}, {(uint8_t *)b, sizeof b}, {(uint8_t *)c, sizeof c}};
    __wasi_size_t n = 0;
    EXPECT_OK(__wasi_fd_read(0, iov, 4, &n));
    if (n == 0) break;
    if (n > 72) FAIL("fd_read returned %lu for 72 bytes of buffers", n);
    if (got + n > sizeof out) FAIL("more input than piped");
    size_t take = n < 3 ? n : 3;
    memcpy(out + got, a, take);
    if (n > 3) memcpy(out + got + 3, b, n - 3 < 5 ? n - 3 : 5);
    if (n > 8) memcpy(out + got + 8, c, n - 8);
    got += n;
  }
  fwrite(out, 1, got, stdout);
  return 0;
}

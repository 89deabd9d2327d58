#include "common.h"

/* With nothing piped in, the first read of stdin is already EOF. */
int main(void) {
  char b[64];
  __wasi_iovec_t iov = {(uint8_t *)b, sizeof b};
  __wasi_size_t n = 99;
  EXPECT_OK(__wasi_fd_read(0, &iov, 1, &n));
  EXPECT_EQ_U64(n, 0);
  if (getchar() != EOF) FAIL("getchar on empty stdin did not return EOF");
  puts("eof");
  return 0;
}

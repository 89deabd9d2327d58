#include "common.h"

/* Output through libc (buffered stdio) and through raw fd_write must both
   reach the right stream byte for byte, including a NUL-free UTF-8 line
   and a final line without a newline. */
int main(void) {
  printf("hello stdout\n");
  fprintf(stderr, "hello stderr\n");
  printf("caf\xc3\xa9 \xe2\x9c\x93\n");
  fflush(stdout);
  const char raw[] = "raw line\n";
  __wasi_ciovec_t iov = {(const uint8_t *)raw, sizeof raw - 1};
  __wasi_size_t n = 0;
  EXPECT_OK(__wasi_fd_write(1, &iov, 1, &n));
  EXPECT_EQ_U64(n, sizeof raw - 1);
  const char err[] = "raw err";
  iov = (__wasi_ciovec_t){(const uint8_t *)err, sizeof err - 1};
  EXPECT_OK(__wasi_fd_write(2, &iov, 1, &n));
  EXPECT_EQ_U64(n, sizeof err - 1);
  printf("no newline");
  return 0;
}

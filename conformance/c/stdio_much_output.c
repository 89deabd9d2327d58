#include "common.h"

/* A single large fd_write (larger than any pipe buffer or 4 KiB chunk) must
   be delivered completely, retrying short writes, with nothing reordered. */
int main(void) {
  static char buf[200 * 1000];
  size_t len = 0;
  for (int i = 0; i < 20000; i++) len += sprintf(buf + len, "%09d\n", i);
  const char *p = buf;
  while (len > 0) {
    __wasi_ciovec_t iov = {(const uint8_t *)p, len};
    __wasi_size_t n = 0;
    EXPECT_OK(__wasi_fd_write(1, &iov, 1, &n));
    if (n == 0 || n > len) FAIL("fd_write wrote %lu of %zu", n, len);
    p += n;
    len -= n;
  }
  return 0;
}

/* node:wasi differs: it answers EOVERFLOW, not EFAULT, for any out-of-bounds guest range. */
#include "common.h"
#include <fcntl.h>

/* fd_read into memory that does not exist is EFAULT, for the iovec array,
   a buffer, a buffer crossing the end of memory, and the result pointer;
   none of them consumes input, so the next good read starts at offset 0. */
#define BAD ((void *)0x80000000u)
static uintptr_t mem_end(void) { return (uintptr_t)__builtin_wasm_memory_size(0) * 65536u; }
int main(void) {
  int fd = open("/sandbox/data.txt", O_RDONLY);
  CHECK(fd >= 0);
  char b[16];
  __wasi_iovec_t good = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  EXPECT_ERRNO(__wasi_fd_read(fd, BAD, 1, &n), __WASI_ERRNO_FAULT);
  __wasi_iovec_t bad_buf[2] = {{(uint8_t *)b, 2}, {BAD, 4}};
  EXPECT_ERRNO(__wasi_fd_read(fd, bad_buf, 2, &n), __WASI_ERRNO_FAULT);
  __wasi_iovec_t straddle = {(uint8_t *)(mem_end() - 3), 8};
  EXPECT_ERRNO(__wasi_fd_read(fd, &straddle, 1, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_read(fd, &good, 1, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_read(0, BAD, 1, &n), __WASI_ERRNO_FAULT);
  EXPECT_OK(__wasi_fd_read(fd, &good, 1, &n));
  EXPECT_EQ_U64(n, 5);
  if (memcmp(b, "hello", 5) != 0) FAIL("a faulting read consumed input: \"%.*s\"", (int)n, b);
  puts("ok");
  return 0;
}

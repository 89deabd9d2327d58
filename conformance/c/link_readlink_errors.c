/* path_readlink into a buffer shorter than the target truncates it and
   returns the buffer size (wasmtime: no error); a non-link is EINVAL, a
   missing path ENOENT. node:wasi answers ENOBUFS for the short buffer. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  char buf[16];
  __wasi_size_t n;
  memset(buf, '#', sizeof buf);
  EXPECT_OK(__wasi_path_readlink(dir, "ln", (uint8_t *)buf, 4, &n));
  EXPECT_EQ_U64(n, 4);
  if (memcmp(buf, "some#", 5) != 0) FAIL("truncated readlink gave \"%.5s\"", buf);
  EXPECT_OK(__wasi_path_readlink(dir, "ln", (uint8_t *)buf, 0, &n));
  EXPECT_EQ_U64(n, 0);

  EXPECT_ERRNO(__wasi_path_readlink(dir, "file.txt", (uint8_t *)buf, sizeof buf, &n), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_readlink(dir, "sub", (uint8_t *)buf, sizeof buf, &n), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_readlink(dir, "missing", (uint8_t *)buf, sizeof buf, &n), __WASI_ERRNO_NOENT);
  return 0;
}

/* node:wasi differs: a too-small buffer is ENOBUFS there, and non-preopens are EINVAL. */
#include "common.h"
#include <fcntl.h>

/* fd_prestat_dir_name writes exactly the name's bytes (no NUL) when the
   buffer is large enough; a buffer one byte short is ENAMETOOLONG and
   untouched (wasmtime). An fd that is open but not a preopen is ENOTDIR
   (wasmtime's legacy answer); a closed fd is EBADF. */
int main(void) {
  char buf[32];
  memset(buf, '#', sizeof buf);
  EXPECT_ERRNO(__wasi_fd_prestat_dir_name(3, (uint8_t *)buf, 7), __WASI_ERRNO_NAMETOOLONG);
  EXPECT_ERRNO(__wasi_fd_prestat_dir_name(3, (uint8_t *)buf, 0), __WASI_ERRNO_NAMETOOLONG);
  for (size_t i = 0; i < sizeof buf; i++) if (buf[i] != '#') FAIL("a failed call wrote byte %zu", i);
  EXPECT_OK(__wasi_fd_prestat_dir_name(3, (uint8_t *)buf, 8));
  if (memcmp(buf, "/sandbox#", 9) != 0) FAIL("exact-size buffer holds \"%.9s\"", buf);
  memset(buf, '#', sizeof buf);
  EXPECT_OK(__wasi_fd_prestat_dir_name(3, (uint8_t *)buf, sizeof buf));
  if (memcmp(buf, "/sandbox", 8) != 0) FAIL("large buffer holds \"%.8s\"", buf);
  if (buf[9] != '#') FAIL("wrote past the name");

  EXPECT_ERRNO(__wasi_fd_prestat_dir_name(1, (uint8_t *)buf, sizeof buf), __WASI_ERRNO_NOTDIR);
  int f = open("/sandbox/a.txt", O_RDONLY);
  CHECK(f >= 0);
  EXPECT_ERRNO(__wasi_fd_prestat_dir_name(f, (uint8_t *)buf, sizeof buf), __WASI_ERRNO_NOTDIR);
  __wasi_prestat_t ps;
  EXPECT_ERRNO(__wasi_fd_prestat_get(f, &ps), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_prestat_dir_name(99, (uint8_t *)buf, sizeof buf), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}

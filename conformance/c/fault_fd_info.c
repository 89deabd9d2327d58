/* node:wasi differs: it answers EOVERFLOW, not EFAULT, for any out-of-bounds guest range. */
#include "common.h"
#include <fcntl.h>

/* The fd calls that return a struct or a number (fdstat, prestat, dir
   name, seek, tell) give EFAULT for a result pointer outside memory and
   change nothing: the file position is still 0 afterwards. */
#define BAD ((void *)0x80000000u)
static uintptr_t mem_end(void) { return (uintptr_t)__builtin_wasm_memory_size(0) * 65536u; }
int main(void) {
  EXPECT_ERRNO(__wasi_fd_fdstat_get(1, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_fdstat_get(3, (__wasi_fdstat_t *)(mem_end() - 8)), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_prestat_get(3, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_prestat_dir_name(3, BAD, 8), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_prestat_dir_name(3, (uint8_t *)(mem_end() - 4), 8), __WASI_ERRNO_FAULT);
  int fd = open("/sandbox/a.txt", O_RDONLY);
  CHECK(fd >= 0);
  EXPECT_ERRNO(__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_tell(fd, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_filestat_get(fd, BAD), __WASI_ERRNO_FAULT);
  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 0);
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  puts("ok");
  return 0;
}

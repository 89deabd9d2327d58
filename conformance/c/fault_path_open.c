/* node:wasi differs: it answers EOVERFLOW, not EFAULT, for any out-of-bounds guest range. */
#include "common.h"

/* wasi-libc's path_open wrapper takes a C string (it would strlen a bad
   pointer itself), so the raw import is called with explicit lengths. A
   path or result pointer outside memory, or a path crossing its end, is
   EFAULT and opens nothing; then a good open works. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")))
extern uint16_t raw_path_open(uint32_t fd, uint32_t dirflags, const void *path, uint32_t path_len, uint32_t oflags,
                              uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags, void *fd_out);
#define BAD ((void *)0x80000000u)
static uintptr_t mem_end(void) { return (uintptr_t)__builtin_wasm_memory_size(0) * 65536u; }
int main(void) {
  const uint64_t r = __WASI_RIGHTS_FD_READ;
  uint32_t fd;
  EXPECT_ERRNO(raw_path_open(3, 0, BAD, 5, 0, r, 0, 0, &fd), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(raw_path_open(3, 0, (const void *)(mem_end() - 2), 5, 0, r, 0, 0, &fd), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(raw_path_open(3, 0, "a.txt", 0xFFFFFFFFu, 0, r, 0, 0, &fd), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(raw_path_open(3, 0, "a.txt", 5, 0, r, 0, 0, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(raw_path_open(3, 0, BAD, 5, __WASI_OFLAGS_CREAT, r | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd), __WASI_ERRNO_FAULT);
  EXPECT_OK(raw_path_open(3, 0, "a.txt", 5, 0, r, 0, 0, &fd));
  char b[4];
  __wasi_iovec_t iov = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_read(fd, &iov, 1, &n));
  EXPECT_EQ_U64(n, 3);
  puts("ok");
  return 0;
}

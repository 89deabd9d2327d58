/* node:wasi differs: it answers EOVERFLOW, not EFAULT, for any out-of-bounds guest range. */
#include "common.h"

/* fd_write with any pointer or length outside linear memory is EFAULT and
   writes nothing (the project's rule; wasmtime traps instead), after which
   the module carries on normally. WRAP + length passes 2^32. */
#define BAD ((void *)0x80000000u)
#define WRAP ((void *)0xFFFFFFF0u)
static uintptr_t mem_end(void) { return (uintptr_t)__builtin_wasm_memory_size(0) * 65536u; }
int main(void) {
  __wasi_size_t n;
  __wasi_ciovec_t ok = {(const uint8_t *)"leak!", 5};
  EXPECT_ERRNO(__wasi_fd_write(1, BAD, 1, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_write(1, (const __wasi_ciovec_t *)(mem_end() - 4), 1, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_write(1, &ok, 0x20000000u, &n), __WASI_ERRNO_FAULT);
  __wasi_ciovec_t bad_buf[2] = {{(const uint8_t *)"leak!", 5}, {BAD, 8}};
  EXPECT_ERRNO(__wasi_fd_write(1, bad_buf, 2, &n), __WASI_ERRNO_FAULT);
  __wasi_ciovec_t straddle = {(const uint8_t *)(mem_end() - 8), 16};
  EXPECT_ERRNO(__wasi_fd_write(1, &straddle, 1, &n), __WASI_ERRNO_FAULT);
  __wasi_ciovec_t huge = {(const uint8_t *)"leak!", 0xFFFFFFFFu};
  EXPECT_ERRNO(__wasi_fd_write(1, &huge, 1, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_write(1, &ok, 1, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_write(1, WRAP, 1, &n), __WASI_ERRNO_FAULT);
  __wasi_ciovec_t wrap_buf = {WRAP, 32};
  EXPECT_ERRNO(__wasi_fd_write(1, &wrap_buf, 1, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_fd_write(2, &ok, 1, (__wasi_size_t *)(mem_end() - 2)), __WASI_ERRNO_FAULT);
  __wasi_ciovec_t done = {(const uint8_t *)"ok\n", 3};
  EXPECT_OK(__wasi_fd_write(1, &done, 1, &n));
  EXPECT_EQ_U64(n, 3);
  return 0;
}

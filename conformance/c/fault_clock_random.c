/* node:wasi differs: it answers EOVERFLOW, not EFAULT, for any out-of-bounds guest range. */
#include "common.h"

/* Result pointers of the clock calls and random_get's buffer outside
   memory (or crossing its end) are EFAULT. */
#define BAD ((void *)0x80000000u)
static uintptr_t mem_end(void) { return (uintptr_t)__builtin_wasm_memory_size(0) * 65536u; }
int main(void) {
  EXPECT_ERRNO(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 0, (__wasi_timestamp_t *)(mem_end() - 4)), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_random_get(BAD, 16), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_random_get((uint8_t *)(mem_end() - 8), 16), __WASI_ERRNO_FAULT);
  uint8_t small[4];
  EXPECT_ERRNO(__wasi_random_get(small, 0xFFFFFFFFu), __WASI_ERRNO_FAULT);
  __wasi_timestamp_t t;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &t));
  EXPECT_OK(__wasi_random_get(small, sizeof small));
  puts("ok");
  return 0;
}

/* node:wasi differs: it answers EOVERFLOW, not EFAULT, for any out-of-bounds guest range. */
#include "common.h"

/* args_get, environ_get and their size calls with a result pointer or
   buffer outside memory are EFAULT; the good calls still work after. */
#define BAD ((void *)0x80000000u)
static uintptr_t mem_end(void) { return (uintptr_t)__builtin_wasm_memory_size(0) * 65536u; }
int main(void) {
  __wasi_size_t count, size;
  EXPECT_ERRNO(__wasi_args_sizes_get(BAD, &size), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_args_sizes_get(&count, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_environ_sizes_get(BAD, &size), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_environ_sizes_get(&count, (__wasi_size_t *)(mem_end() - 1)), __WASI_ERRNO_FAULT);

  EXPECT_OK(__wasi_args_sizes_get(&count, &size));
  uint8_t *ptrs[8];
  uint8_t buf[256];
  EXPECT_ERRNO(__wasi_args_get(BAD, buf), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_args_get(ptrs, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_args_get(ptrs, (uint8_t *)(mem_end() - size + 1)), __WASI_ERRNO_FAULT);
  EXPECT_OK(__wasi_args_get(ptrs, buf));
  EXPECT_STR((char *)ptrs[1], "arg-one");

  EXPECT_OK(__wasi_environ_sizes_get(&count, &size));
  EXPECT_ERRNO(__wasi_environ_get(BAD, buf), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_environ_get(ptrs, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_environ_get((uint8_t **)(mem_end() - 2), buf), __WASI_ERRNO_FAULT);
  EXPECT_OK(__wasi_environ_get(ptrs, buf));
  EXPECT_STR((char *)ptrs[0], "KEY=value");
  puts("ok");
  return 0;
}

#include "common.h"

/* A clock id outside the clockid enum is EINVAL and leaves the result
   untouched. */
int main(void) {
  uint32_t bad[] = {4, 5, 99, 0x80000000u, 0xFFFFFFFFu};
  for (int i = 0; i < 5; i++) {
    __wasi_timestamp_t t = 12345;
    EXPECT_ERRNO(__wasi_clock_res_get(bad[i], &t), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_clock_time_get(bad[i], 0, &t), __WASI_ERRNO_INVAL);
    EXPECT_EQ_U64(t, 12345);
  }
  return 0;
}

#include "common.h"

/* The precision argument is a hint: any value, including 0 and the
   maximum, succeeds and still returns the current time. */
int main(void) {
  __wasi_timestamp_t precisions[] = {0, 1, 1000, 1000000000ull, ~0ull};
  __wasi_timestamp_t base;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &base));
  for (int i = 0; i < 5; i++) {
    __wasi_timestamp_t m, r;
    EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, precisions[i], &m));
    EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, precisions[i], &r));
    if (m < base || m - base > 5000000000ull) FAIL("precision %llu: monotonic %llu vs %llu", (unsigned long long)precisions[i], (unsigned long long)m, (unsigned long long)base);
    if (r < 1577836800ull * 1000000000ull) FAIL("precision %llu: realtime %llu", (unsigned long long)precisions[i], (unsigned long long)r);
  }
  return 0;
}

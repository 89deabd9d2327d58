#include "common.h"
#include <time.h>

/* Realtime and monotonic report a resolution that is non-zero and no
   coarser than one second. */
int main(void) {
  __wasi_clockid_t ids[] = {__WASI_CLOCKID_REALTIME, __WASI_CLOCKID_MONOTONIC};
  for (int i = 0; i < 2; i++) {
    __wasi_timestamp_t res = 0;
    EXPECT_OK(__wasi_clock_res_get(ids[i], &res));
    if (res == 0 || res > 1000000000ull) FAIL("clock %u: resolution %llu ns", ids[i], (unsigned long long)res);
  }
  struct timespec ts;
  CHECK(clock_getres(CLOCK_MONOTONIC, &ts) == 0);
  if (ts.tv_sec == 0 && ts.tv_nsec == 0) FAIL("clock_getres(CLOCK_MONOTONIC) is zero");
  return 0;
}

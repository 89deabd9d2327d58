#include "common.h"
#include <sys/time.h>
#include <time.h>

/* Realtime is the wall clock in nanoseconds since the epoch: after
   2020-01-01 and before 2100-01-01, agreeing with libc's time() and
   gettimeofday(). */
int main(void) {
  __wasi_timestamp_t t;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t));
  const unsigned long long y2020 = 1577836800ull, y2100 = 4102444800ull;
  if (t / 1000000000ull < y2020 || t / 1000000000ull > y2100) FAIL("realtime %llu ns is not a date between 2020 and 2100", (unsigned long long)t);
  time_t s = time(NULL);
  if ((unsigned long long)s + 5 < t / 1000000000ull || (unsigned long long)s > t / 1000000000ull + 5)
    FAIL("time() = %lld far from clock_time_get %llu", (long long)s, (unsigned long long)t);
  struct timeval tv;
  CHECK(gettimeofday(&tv, NULL) == 0);
  if ((unsigned long long)tv.tv_sec + 5 < t / 1000000000ull) FAIL("gettimeofday is behind realtime");
  return 0;
}

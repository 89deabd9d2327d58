#include "common.h"
#include <time.h>

/* Monotonic time never goes backwards over many calls, and advances by at
   least the time slept. */
static __wasi_timestamp_t now(void) {
  __wasi_timestamp_t t;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t));
  return t;
}
int main(void) {
  __wasi_timestamp_t prev = now(), first = prev;
  for (int i = 0; i < 20000; i++) {
    __wasi_timestamp_t t = now();
    if (t < prev) FAIL("monotonic went back from %llu to %llu", (unsigned long long)prev, (unsigned long long)t);
    prev = t;
  }
  struct timespec ts = {0, 20 * 1000 * 1000};
  CHECK(nanosleep(&ts, NULL) == 0);
  __wasi_timestamp_t after = now();
  if (after - first < 20 * 1000 * 1000ull) FAIL("only %llu ns passed across a 20 ms sleep", (unsigned long long)(after - first));
  return 0;
}

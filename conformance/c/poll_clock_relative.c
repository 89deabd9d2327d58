#include "common.h"

/* One relative monotonic timeout sleeps at least that long and reports one
   CLOCK event carrying the subscription's userdata, all 64 bits of it.
   A zero timeout fires at once. */
static __wasi_timestamp_t mono(void) {
  __wasi_timestamp_t t;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t));
  return t;
}
static void sleep_for(__wasi_timestamp_t ns, __wasi_clockid_t id) {
  __wasi_subscription_t sub = {.userdata = 0xDEADBEEFCAFEF00Dull, .u.tag = __WASI_EVENTTYPE_CLOCK};
  sub.u.u.clock.id = id;
  sub.u.u.clock.timeout = ns;
  sub.u.u.clock.precision = 0;
  sub.u.u.clock.flags = 0;
  __wasi_event_t ev;
  memset(&ev, 0xFF, sizeof ev);
  __wasi_size_t n = 0;
  __wasi_timestamp_t t0 = mono();
  EXPECT_OK(__wasi_poll_oneoff(&sub, &ev, 1, &n));
  __wasi_timestamp_t dt = mono() - t0;
  EXPECT_EQ_U64(n, 1);
  EXPECT_EQ_U64(ev.userdata, 0xDEADBEEFCAFEF00Dull);
  EXPECT_EQ_U64(ev.error, __WASI_ERRNO_SUCCESS);
  EXPECT_EQ_U64(ev.type, __WASI_EVENTTYPE_CLOCK);
  if (dt < ns) FAIL("slept %llu ns for a %llu ns timeout", (unsigned long long)dt, (unsigned long long)ns);
  if (dt > ns + 3000000000ull) FAIL("slept %llu ns for a %llu ns timeout", (unsigned long long)dt, (unsigned long long)ns);
}
int main(void) {
  sleep_for(50 * 1000 * 1000, __WASI_CLOCKID_MONOTONIC);
  sleep_for(0, __WASI_CLOCKID_MONOTONIC);
  sleep_for(20 * 1000 * 1000, __WASI_CLOCKID_REALTIME);
  puts("ok");
  return 0;
}

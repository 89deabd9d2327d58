/* node:wasi differs: it waits on an absolute monotonic deadline as if it were relative, so it hangs until the timeout. */
#include "common.h"

/* Absolute deadlines: a monotonic deadline 40 ms ahead waits until it; one
   in the past (a second ago, or time 0) fires at once, and so does an
   absolute realtime deadline in the past. */
static __wasi_timestamp_t now(__wasi_clockid_t id) {
  __wasi_timestamp_t t;
  EXPECT_OK(__wasi_clock_time_get(id, 1, &t));
  return t;
}
static __wasi_timestamp_t wait_until(__wasi_clockid_t id, __wasi_timestamp_t deadline) {
  __wasi_subscription_t sub = {.userdata = 42, .u.tag = __WASI_EVENTTYPE_CLOCK};
  sub.u.u.clock.id = id;
  sub.u.u.clock.timeout = deadline;
  sub.u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
  __wasi_event_t ev;
  __wasi_size_t n = 0;
  __wasi_timestamp_t t0 = now(__WASI_CLOCKID_MONOTONIC);
  EXPECT_OK(__wasi_poll_oneoff(&sub, &ev, 1, &n));
  EXPECT_EQ_U64(n, 1);
  EXPECT_EQ_U64(ev.userdata, 42);
  EXPECT_EQ_U64(ev.type, __WASI_EVENTTYPE_CLOCK);
  EXPECT_EQ_U64(ev.error, 0);
  return now(__WASI_CLOCKID_MONOTONIC) - t0;
}
int main(void) {
  __wasi_timestamp_t deadline = now(__WASI_CLOCKID_MONOTONIC) + 40 * 1000 * 1000;
  wait_until(__WASI_CLOCKID_MONOTONIC, deadline);
  if (now(__WASI_CLOCKID_MONOTONIC) < deadline) FAIL("woke before the absolute monotonic deadline");

  __wasi_timestamp_t m = now(__WASI_CLOCKID_MONOTONIC);
  __wasi_timestamp_t past = m > 1000000000ull ? m - 1000000000ull : 0;
  if (wait_until(__WASI_CLOCKID_MONOTONIC, past) > 500000000ull) FAIL("a past monotonic deadline did not fire at once");
  if (wait_until(__WASI_CLOCKID_MONOTONIC, 0) > 500000000ull) FAIL("monotonic deadline 0 did not fire at once");
  if (wait_until(__WASI_CLOCKID_REALTIME, now(__WASI_CLOCKID_REALTIME) - 60000000000ull) > 500000000ull)
    FAIL("a past realtime deadline did not fire at once");
  if (wait_until(__WASI_CLOCKID_REALTIME, 1) > 500000000ull) FAIL("realtime deadline 1 ns after the epoch did not fire at once");
  puts("ok");
  return 0;
}

#include "common.h"

/* Timeouts at the top of the u64 range (relative UINT64_MAX, absolute
   monotonic and realtime UINT64_MAX) must neither overflow into "fire
   now" nor break the call: beside a ready stdout they never fire, and the
   stdout event comes back at once. */
static __wasi_timestamp_t mono(void) {
  __wasi_timestamp_t t;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t));
  return t;
}
static void check(__wasi_clockid_t id, __wasi_subclockflags_t flags, __wasi_timestamp_t timeout) {
  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = id;
  subs[0].u.u.clock.timeout = timeout;
  subs[0].u.u.clock.flags = flags;
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[1].u.u.fd_write.file_descriptor = 1;
  __wasi_event_t ev[2];
  __wasi_size_t n = 0;
  __wasi_timestamp_t t0 = mono();
  EXPECT_OK(__wasi_poll_oneoff(subs, ev, 2, &n));
  if (mono() - t0 > 2000000000ull) FAIL("clock %u flags %u: a ready stdout waited", id, flags);
  EXPECT_EQ_U64(n, 1);
  EXPECT_EQ_U64(ev[0].userdata, 2);
  EXPECT_EQ_U64(ev[0].error, 0);
}
int main(void) {
  check(__WASI_CLOCKID_MONOTONIC, 0, ~0ull);
  check(__WASI_CLOCKID_MONOTONIC, 0, ~0ull >> 1);
  check(__WASI_CLOCKID_MONOTONIC, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME, ~0ull);
  check(__WASI_CLOCKID_REALTIME, 0, ~0ull);
  check(__WASI_CLOCKID_REALTIME, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME, ~0ull);
  puts("ok");
  return 0;
}

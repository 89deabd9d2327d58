#include "common.h"

/* Among several clock subscriptions the earliest fires first, reported with
   its own userdata; the far one (5 s) does not fire. */
static __wasi_timestamp_t mono(void) {
  __wasi_timestamp_t t;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t));
  return t;
}
int main(void) {
  const __wasi_timestamp_t ms = 1000 * 1000;
  __wasi_timestamp_t timeouts[3] = {5000 * ms, 30 * ms, 2000 * ms};
  __wasi_subscription_t subs[3];
  memset(subs, 0, sizeof subs);
  for (int i = 0; i < 3; i++) {
    subs[i].userdata = 0x1000 + i;
    subs[i].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[i].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[i].u.u.clock.timeout = timeouts[i];
  }
  __wasi_event_t ev[3];
  memset(ev, 0, sizeof ev);
  __wasi_size_t n = 0;
  __wasi_timestamp_t t0 = mono();
  EXPECT_OK(__wasi_poll_oneoff(subs, ev, 3, &n));
  __wasi_timestamp_t dt = mono() - t0;
  if (n < 1 || n > 2) FAIL("%lu events, expected the 30 ms one (and at most the 2 s one)", n);
  EXPECT_EQ_U64(ev[0].userdata, 0x1001);
  EXPECT_EQ_U64(ev[0].type, __WASI_EVENTTYPE_CLOCK);
  EXPECT_EQ_U64(ev[0].error, 0);
  for (__wasi_size_t i = 0; i < n; i++)
    if (ev[i].userdata == 0x1000) FAIL("the 5 s clock fired");
  if (dt < 30 * ms) FAIL("returned after %llu ns, before the earliest timeout", (unsigned long long)dt);
  if (dt >= 2000 * ms && n == 1) FAIL("took %llu ns", (unsigned long long)dt);
  puts("ok");
  return 0;
}

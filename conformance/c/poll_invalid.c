/* node:wasi differs: it accepts unknown clock ids in subscriptions. */
#include "common.h"

/* Malformed subscriptions are EINVAL: an unknown event tag, an unknown
   clock id, a cputime clock (not pollable in WASI 0.2, as in wasmtime),
   and undefined subclockflags bits. */
static void expect_inval(__wasi_subscription_t sub, const char *what) {
  __wasi_event_t ev;
  __wasi_size_t n = 0;
  __wasi_errno_t e = __wasi_poll_oneoff(&sub, &ev, 1, &n);
  if (e != __WASI_ERRNO_INVAL) FAIL("%s: poll_oneoff = %u, expected EINVAL", what, e);
}
int main(void) {
  __wasi_subscription_t clock;
  memset(&clock, 0, sizeof clock);
  clock.u.tag = __WASI_EVENTTYPE_CLOCK;
  clock.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  clock.u.u.clock.timeout = 1000;

  __wasi_subscription_t s = clock;
  s.u.tag = 3;
  expect_inval(s, "tag 3");
  s.u.tag = 255;
  expect_inval(s, "tag 255");
  s = clock;
  s.u.u.clock.id = 17;
  expect_inval(s, "clock id 17");
  s.u.u.clock.id = __WASI_CLOCKID_PROCESS_CPUTIME_ID;
  expect_inval(s, "process cputime clock");
  s.u.u.clock.id = __WASI_CLOCKID_THREAD_CPUTIME_ID;
  expect_inval(s, "thread cputime clock");
  s = clock;
  s.u.u.clock.flags = 2;
  expect_inval(s, "subclockflags bit 1");
  puts("ok");
  return 0;
}

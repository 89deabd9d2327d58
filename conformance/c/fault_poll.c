/* node:wasi differs: it answers EOVERFLOW, not EFAULT, for any out-of-bounds guest range. */
#include "common.h"

/* poll_oneoff with subscriptions, events or the count pointer outside
   memory, or a subscription count reaching past its end, is EFAULT
   without waiting; a good call works afterwards. */
#define BAD ((void *)0x80000000u)
static uintptr_t mem_end(void) { return (uintptr_t)__builtin_wasm_memory_size(0) * 65536u; }
int main(void) {
  __wasi_subscription_t sub;
  memset(&sub, 0, sizeof sub);
  sub.userdata = 5;
  sub.u.tag = __WASI_EVENTTYPE_CLOCK;
  sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  sub.u.u.clock.timeout = 1000;
  __wasi_event_t ev;
  __wasi_size_t n;
  EXPECT_ERRNO(__wasi_poll_oneoff(BAD, &ev, 1, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_poll_oneoff((const __wasi_subscription_t *)(mem_end() - 24), &ev, 1, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_poll_oneoff(&sub, BAD, 1, &n), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_poll_oneoff(&sub, &ev, 1, BAD), __WASI_ERRNO_FAULT);
  EXPECT_ERRNO(__wasi_poll_oneoff(&sub, &ev, 0x10000000u, &n), __WASI_ERRNO_FAULT);
  EXPECT_OK(__wasi_poll_oneoff(&sub, &ev, 1, &n));
  EXPECT_EQ_U64(n, 1);
  EXPECT_EQ_U64(ev.userdata, 5);
  puts("ok");
  return 0;
}

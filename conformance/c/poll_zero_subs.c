#include "common.h"

/* Zero subscriptions would block forever; preview1 hosts reject it with
   EINVAL rather than hang (wasmtime, spec discussion). */
int main(void) {
  __wasi_subscription_t sub;
  __wasi_event_t ev;
  __wasi_size_t n = 77;
  EXPECT_ERRNO(__wasi_poll_oneoff(&sub, &ev, 0, &n), __WASI_ERRNO_INVAL);
  puts("ok");
  return 0;
}

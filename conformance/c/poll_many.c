/* node:wasi differs: several subscriptions on the same fd yield a single event there. */
#include "common.h"

/* 200 clock subscriptions in one call, all but one far off: the single
   near one fires with its own userdata; then 200 already-ready stdout
   write subscriptions all come back, each userdata once. */
#define N 200
int main(void) {
  static __wasi_subscription_t subs[N];
  static __wasi_event_t ev[N];
  memset(subs, 0, sizeof subs);
  for (int i = 0; i < N; i++) {
    subs[i].userdata = 5000 + i;
    subs[i].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[i].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[i].u.u.clock.timeout = i == 137 ? 10000000ull : 30000000000ull;
  }
  __wasi_size_t n = 0;
  EXPECT_OK(__wasi_poll_oneoff(subs, ev, N, &n));
  EXPECT_EQ_U64(n, 1);
  EXPECT_EQ_U64(ev[0].userdata, 5137);

  for (int i = 0; i < N; i++) {
    subs[i].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    subs[i].u.u.fd_write.file_descriptor = 1;
  }
  memset(ev, 0, sizeof ev);
  EXPECT_OK(__wasi_poll_oneoff(subs, ev, N, &n));
  EXPECT_EQ_U64(n, N);
  static char seen[N];
  for (int i = 0; i < N; i++) {
    uint64_t u = ev[i].userdata;
    if (u < 5000 || u >= 5000 + N || seen[u - 5000]++) FAIL("event %d: userdata %llu", i, (unsigned long long)u);
    EXPECT_EQ_U64(ev[i].type, __WASI_EVENTTYPE_FD_WRITE);
  }
  puts("ok");
  return 0;
}

#include "common.h"

/* stdin with data piped in is readable: an fd_read subscription beside a
   5 s clock fires at once with nbytes >= 1, the data is then there to
   read, and at EOF stdin is still reported ready (a read returns 0). */
static __wasi_timestamp_t mono(void) {
  __wasi_timestamp_t t;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t));
  return t;
}
static void poll_stdin(void) {
  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 5000000000ull;
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[1].u.u.fd_read.file_descriptor = 0;
  __wasi_event_t ev[2];
  __wasi_size_t n = 0;
  __wasi_timestamp_t t0 = mono();
  EXPECT_OK(__wasi_poll_oneoff(subs, ev, 2, &n));
  if (mono() - t0 > 3000000000ull) FAIL("stdin with data was not ready at once");
  EXPECT_EQ_U64(n, 1);
  EXPECT_EQ_U64(ev[0].userdata, 2);
  EXPECT_EQ_U64(ev[0].type, __WASI_EVENTTYPE_FD_READ);
  EXPECT_EQ_U64(ev[0].error, 0);
}
int main(void) {
  poll_stdin();
  char buf[64];
  size_t got = 0;
  for (;;) {
    __wasi_iovec_t iov = {(uint8_t *)buf + got, sizeof buf - got};
    __wasi_size_t n;
    EXPECT_OK(__wasi_fd_read(0, &iov, 1, &n));
    if (n == 0) break;
    got += n;
  }
  EXPECT_EQ_U64(got, 12);
  if (memcmp(buf, "hello, poll\n", 12) != 0) FAIL("stdin content differs");
  poll_stdin();
  puts("ok");
  return 0;
}

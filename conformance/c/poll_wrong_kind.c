/* node:wasi differs: it polls whatever host handle the fd has. */
#include "common.h"

/* A descriptor that cannot be polled in the asked direction is EBADF, as
   in wasmtime: fd_read on stdout, fd_write on stdin, fd_read on a
   directory. As with a closed fd, the call may fail with EBADF or report
   an EBADF event; either way without waiting on the 5 s clock. */
static __wasi_timestamp_t mono(void) {
  __wasi_timestamp_t t;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t));
  return t;
}
static void expect_badf(uint8_t tag, __wasi_fd_t fd) {
  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 5000000000ull;
  subs[1].userdata = 2;
  subs[1].u.tag = tag;
  subs[1].u.u.fd_read.file_descriptor = fd;
  __wasi_event_t ev[2];
  memset(ev, 0, sizeof ev);
  __wasi_size_t n = 0;
  __wasi_timestamp_t t0 = mono();
  __wasi_errno_t e = __wasi_poll_oneoff(subs, ev, 2, &n);
  if (mono() - t0 > 3000000000ull) FAIL("tag %u fd %u: waited for the clock", tag, fd);
  if (e == __WASI_ERRNO_BADF) return;
  if (e != 0) FAIL("tag %u fd %u: poll_oneoff = %u, expected EBADF or an EBADF event", tag, fd, e);
  for (__wasi_size_t i = 0; i < n; i++)
    if (ev[i].userdata == 2) {
      EXPECT_EQ_U64(ev[i].error, __WASI_ERRNO_BADF);
      return;
    }
  FAIL("tag %u fd %u: no EBADF for the descriptor", tag, fd);
}
int main(void) {
  expect_badf(__WASI_EVENTTYPE_FD_READ, 1);
  expect_badf(__WASI_EVENTTYPE_FD_WRITE, 0);
  expect_badf(__WASI_EVENTTYPE_FD_READ, 3);
  puts("ok");
  return 0;
}

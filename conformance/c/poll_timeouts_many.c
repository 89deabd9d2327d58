/* Many quick polls (wasmtime's p1_sleep_quickly_but_lots): 1000 times one
   zero-timeout clock, 1000 times two, and 1000 times a zero clock beside
   fd_read and fd_write on a regular file; every call succeeds with at least
   one event and no event error. An fd that does not exist (UINT32_MAX) is
   EBADF, for the call or for its event (wasmtime's p1_poll_oneoff_files).
   The file is opened with POLL_FD_READWRITE among its rights, as wasi-libc
   always asks: the adapter enforces rights that wasmtime ignores, and
   wasmtime's own programs open with FD_READ/FD_WRITE alone (README).
   node:wasi cannot poll regular files (ENOTSUP). */
#include "common.h"

static __wasi_subscription_t clock0(void) {
  __wasi_subscription_t s = {0};
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  return s;
}

static __wasi_subscription_t on_fd(__wasi_eventtype_t type, __wasi_fd_t fd) {
  __wasi_subscription_t s = {0};
  s.userdata = type + 1;
  s.u.tag = type;
  s.u.u.fd_read.file_descriptor = fd;
  return s;
}

static void poll_many_times(const __wasi_subscription_t *subs, size_t n) {
  __wasi_event_t events[3];
  for (int i = 0; i < 1000; i++) {
    __wasi_size_t got = 0;
    EXPECT_OK(__wasi_poll_oneoff(subs, events, n, &got));
    if (got < 1 || got > n) FAIL("round %d: %u events of %zu subscriptions", i, got, n);
    for (__wasi_size_t e = 0; e < got; e++)
      if (events[e].error != 0) FAIL("round %d: event %u error %d", i, e, events[e].error);
  }
}

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_subscription_t subs[3] = {clock0(), clock0(), clock0()};
  poll_many_times(subs, 1);
  poll_many_times(subs, 2);
  __wasi_fd_t file = must_open(dir, "hello.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW | __WASI_RIGHTS_POLL_FD_READWRITE, 0);
  subs[1] = on_fd(__WASI_EVENTTYPE_FD_READ, file);
  subs[2] = on_fd(__WASI_EVENTTYPE_FD_WRITE, file);
  poll_many_times(subs, 3);
  EXPECT_OK(__wasi_fd_close(file));

  __wasi_subscription_t bad[2] = {on_fd(__WASI_EVENTTYPE_FD_READ, 0xffffffffu), on_fd(__WASI_EVENTTYPE_FD_WRITE, 0xffffffffu)};
  __wasi_event_t events[2];
  __wasi_size_t got = 0;
  __wasi_errno_t e = __wasi_poll_oneoff(bad, events, 2, &got);
  if (e == __WASI_ERRNO_SUCCESS) {
    if (got != 2) FAIL("%u events for two bad fds", got);
    EXPECT_EQ_U64(events[0].error, __WASI_ERRNO_BADF);
    EXPECT_EQ_U64(events[1].error, __WASI_ERRNO_BADF);
  } else if (e != __WASI_ERRNO_BADF) {
    FAIL("poll_oneoff on fd UINT32_MAX = %d, expected EBADF", e);
  }
  return 0;
}

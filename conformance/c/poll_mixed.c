/* node:wasi differs: libuv cannot poll regular files, so it fails the call with EPERM. */
#include "common.h"
#include <fcntl.h>
#include <unistd.h>

/* A clock, a readable file and writable stdout together: the two ready
   descriptors are reported at once, in one call, and the 5 s clock is not;
   then with only a short clock and nothing else, the clock fires. */
int main(void) {
  int fd = open("/sandbox/in.txt", O_RDONLY);
  CHECK(fd >= 0);
  __wasi_subscription_t subs[3];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 10;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 5000000000ull;
  subs[1].userdata = 11;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[1].u.u.fd_read.file_descriptor = fd;
  subs[2].userdata = 12;
  subs[2].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[2].u.u.fd_write.file_descriptor = 1;
  __wasi_event_t ev[3];
  __wasi_size_t n = 0;
  EXPECT_OK(__wasi_poll_oneoff(subs, ev, 3, &n));
  EXPECT_EQ_U64(n, 2);
  int seen = 0;
  for (__wasi_size_t i = 0; i < n; i++) {
    EXPECT_EQ_U64(ev[i].error, 0);
    if (ev[i].userdata == 11) { EXPECT_EQ_U64(ev[i].type, __WASI_EVENTTYPE_FD_READ); seen |= 1; }
    else if (ev[i].userdata == 12) { EXPECT_EQ_U64(ev[i].type, __WASI_EVENTTYPE_FD_WRITE); seen |= 2; }
    else FAIL("unexpected event userdata %llu", (unsigned long long)ev[i].userdata);
  }
  EXPECT_EQ_U64(seen, 3);

  subs[0].u.u.clock.timeout = 10 * 1000 * 1000;
  EXPECT_OK(__wasi_poll_oneoff(subs, ev, 1, &n));
  EXPECT_EQ_U64(n, 1);
  EXPECT_EQ_U64(ev[0].userdata, 10);
  EXPECT_EQ_U64(ev[0].type, __WASI_EVENTTYPE_CLOCK);
  CHECK(close(fd) == 0);
  puts("ok");
  return 0;
}

/* node:wasi differs: libuv cannot poll regular files, so it fails the call with EPERM. */
#include "common.h"
#include <fcntl.h>
#include <unistd.h>

/* stdout, stderr and a regular file opened for writing are writable at
   once: one fd_write event each, with its userdata, before a 5 s clock. */
int main(void) {
  int fd = open("/sandbox/out.txt", O_WRONLY | O_CREAT, 0644);
  CHECK(fd >= 0);
  __wasi_subscription_t subs[4];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 100;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 5000000000ull;
  __wasi_fd_t fds[3] = {1, 2, fd};
  for (int i = 0; i < 3; i++) {
    subs[i + 1].userdata = 200 + i;
    subs[i + 1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    subs[i + 1].u.u.fd_write.file_descriptor = fds[i];
  }
  __wasi_event_t ev[4];
  __wasi_size_t n = 0;
  EXPECT_OK(__wasi_poll_oneoff(subs, ev, 4, &n));
  EXPECT_EQ_U64(n, 3);
  int seen = 0;
  for (__wasi_size_t i = 0; i < n; i++) {
    if (ev[i].userdata < 200 || ev[i].userdata > 202) FAIL("event %lu has userdata %llu", i, (unsigned long long)ev[i].userdata);
    EXPECT_EQ_U64(ev[i].type, __WASI_EVENTTYPE_FD_WRITE);
    EXPECT_EQ_U64(ev[i].error, 0);
    seen |= 1 << (ev[i].userdata - 200);
  }
  EXPECT_EQ_U64(seen, 7);
  CHECK(write(fd, "x", 1) == 1);
  CHECK(close(fd) == 0);
  puts("ok");
  return 0;
}

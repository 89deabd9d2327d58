/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* poll_oneoff FD_READ on a connection: ready with the exact count of bytes
   waiting (nbytes) and no flags while the peer is connected, without
   consuming them; not ready when nothing waits; after the peer's end,
   ready with HANGUP and nbytes 0, and a read returns 0. */
int main(void) {
  __wasi_fd_t c = accept_conn(listener(0));
  for (int i = 0; i < 2; i++) {
    __wasi_event_t ev = poll_fd(c, __WASI_EVENTTYPE_FD_READ, 5000);
    EXPECT_EQ_U64(ev.error, 0);
    EXPECT_EQ_U64(ev.fd_readwrite.nbytes, 5);
    EXPECT_EQ_U64(ev.fd_readwrite.flags, 0);
  }
  char buf[64];
  EXPECT_EQ_U64(recv_flags(c, buf, sizeof buf, 0), 5);
  EXPECT_STR(buf, "hello");

  /* Nothing waits now (the peer waits for "ack"): only a zero clock fires. */
  __wasi_subscription_t subs[2] = {0};
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = c;
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  __wasi_event_t evs[2];
  __wasi_size_t n;
  EXPECT_OK(__wasi_poll_oneoff(subs, evs, 2, &n));
  EXPECT_EQ_U64(n, 1);
  EXPECT_EQ_U64(evs[0].userdata, 2);

  send_str(c, "ack");
  __wasi_event_t ev = poll_fd(c, __WASI_EVENTTYPE_FD_READ, 5000);
  EXPECT_EQ_U64(ev.error, 0);
  EXPECT_EQ_U64(ev.fd_readwrite.nbytes, 0);
  EXPECT_EQ_U64(ev.fd_readwrite.flags, __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP);
  expect_eof(c);
  EXPECT_OK(__wasi_fd_close(c));
  puts("ok");
  return 0;
}

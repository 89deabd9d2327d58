/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* poll_oneoff FD_WRITE on a connection is ready at once, with room to write
   (nbytes > 0) and no flags. Once the write half is shut down it is still
   ready at once (a write would not block, as POSIX poll says POLLOUT), now
   with HANGUP: the one way preview1 has to say the half is gone. */
int main(void) {
  __wasi_fd_t c = accept_conn(listener(0));
  __wasi_event_t ev = poll_fd(c, __WASI_EVENTTYPE_FD_WRITE, 5000);
  EXPECT_EQ_U64(ev.error, 0);
  EXPECT_EQ_U64(ev.fd_readwrite.flags, 0);
  if (ev.fd_readwrite.nbytes == 0) FAIL("FD_WRITE ready with nbytes 0");
  send_str(c, "x");
  EXPECT_OK(__wasi_sock_shutdown(c, __WASI_SDFLAGS_WR));
  ev = poll_fd(c, __WASI_EVENTTYPE_FD_WRITE, 5000);
  EXPECT_EQ_U64(ev.error, 0);
  EXPECT_EQ_U64(ev.fd_readwrite.flags, __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP);
  expect_eof(c);
  EXPECT_OK(__wasi_fd_close(c));
  puts("ok");
  return 0;
}

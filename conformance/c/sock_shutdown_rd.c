/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* sock_shutdown(RD) ends reading: sock_recv and fd_read then return 0 (end
   of stream, as on Linux) at once, and poll FD_READ reports the half as hung
   up at once, while writing still works. Shutting down WR after it ends the
   connection for the peer; RD|WR when both are down succeeds. */
int main(void) {
  __wasi_fd_t c = accept_conn(listener(0));
  EXPECT_OK(__wasi_sock_shutdown(c, __WASI_SDFLAGS_RD));
  expect_eof(c);
  char buf[8];
  EXPECT_EQ_U64(read_str(c, buf, sizeof buf), 0);
  __wasi_event_t ev = poll_fd(c, __WASI_EVENTTYPE_FD_READ, 5000);
  EXPECT_EQ_U64(ev.error, 0);
  EXPECT_EQ_U64(ev.fd_readwrite.flags, __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP);
  EXPECT_EQ_U64(ev.fd_readwrite.nbytes, 0);
  send_str(c, "still");
  EXPECT_OK(__wasi_sock_shutdown(c, __WASI_SDFLAGS_WR));
  EXPECT_OK(__wasi_sock_shutdown(c, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR));
  EXPECT_OK(__wasi_fd_close(c));
  puts("ok");
  return 0;
}

/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"
#include <fcntl.h>
#include <sys/socket.h>

/* A non-blocking accept with nothing pending is EAGAIN, whether NONBLOCK is
   passed to sock_accept or set on the listener (fcntl); poll FD_READ on the
   listener then waits for a connection, and the accept succeeds. The
   accepted fd gets NONBLOCK from sock_accept's flags only, not from the
   listener (as accept(2) on Linux; accept4 with SOCK_NONBLOCK sets it), and a
   non-blocking recv on it with nothing to read is EAGAIN.
   Listener 0 is a control connection: the peer connects to listener 1 only
   once the program says it has seen EAGAIN there, so nothing races. */
int main(void) {
  __wasi_fd_t l0 = listener(0), l1 = listener(1), c1;
  __wasi_fd_t c0 = accept_conn(l0);
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(c0, &st));
  EXPECT_EQ_U64(st.fs_flags, 0);

  EXPECT_ERRNO(__wasi_sock_accept(l1, __WASI_FDFLAGS_NONBLOCK, &c1), __WASI_ERRNO_AGAIN);
  CHECK(fcntl(l1, F_SETFL, O_NONBLOCK) == 0);
  EXPECT_FAIL(accept(l1, NULL, NULL), EAGAIN);
  send_str(c0, "ready");

  __wasi_event_t ev = poll_fd(l1, __WASI_EVENTTYPE_FD_READ, 5000);
  EXPECT_EQ_U64(ev.error, 0);
  EXPECT_OK(__wasi_sock_accept(l1, __WASI_FDFLAGS_NONBLOCK, &c1));
  EXPECT_OK(__wasi_fd_fdstat_get(c1, &st));
  EXPECT_EQ_U64(st.fs_flags, __WASI_FDFLAGS_NONBLOCK);
  EXPECT_FAIL(accept(l1, NULL, NULL), EAGAIN);

  char buf[16];
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n;
  __wasi_roflags_t ro;
  EXPECT_ERRNO(__wasi_sock_recv(c1, &iov, 1, 0, &n, &ro), __WASI_ERRNO_AGAIN);
  /* Blocking again, to wait for the peer's reply (polling connections is sock_poll_read's). */
  EXPECT_OK(__wasi_fd_fdstat_set_flags(c1, 0));
  send_str(c1, "go");
  expect_recv(c1, "x");
  send_str(c1, "done");
  expect_eof(c1);
  EXPECT_OK(__wasi_fd_close(c1));
  expect_eof(c0);
  EXPECT_OK(__wasi_fd_close(c0));
  puts("ok");
  return 0;
}

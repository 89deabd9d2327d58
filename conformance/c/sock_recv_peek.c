/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* RECV_PEEK returns bytes without consuming them: peeking again returns the
   same bytes, and the next plain sock_recv or fd_read returns them again,
   then what follows. A peek scatters over several iovecs like a read, and at
   the end of the stream it returns 0 like a read. */
int main(void) {
  __wasi_fd_t c = accept_conn(listener(0));
  char buf[64];
  EXPECT_EQ_U64(recv_flags(c, buf, 6, __WASI_RIFLAGS_RECV_PEEK), 5);
  EXPECT_STR(buf, "hello");
  EXPECT_EQ_U64(recv_flags(c, buf, 6, __WASI_RIFLAGS_RECV_PEEK), 5);
  EXPECT_STR(buf, "hello");
  EXPECT_EQ_U64(recv_flags(c, buf, 3, __WASI_RIFLAGS_RECV_PEEK), 2);
  EXPECT_STR(buf, "he");
  EXPECT_EQ_U64(recv_flags(c, buf, 6, 0), 5);
  EXPECT_STR(buf, "hello");

  /* " world" is the rest of the peer's one write: a peek and then fd_read. */
  EXPECT_EQ_U64(recv_flags(c, buf, sizeof buf, __WASI_RIFLAGS_RECV_PEEK), 6);
  EXPECT_STR(buf, " world");
  EXPECT_EQ_U64(read_str(c, buf, sizeof buf), 6);
  EXPECT_STR(buf, " world");

  send_str(c, "next");
  char a[3] = {0}, b[8] = {0};
  __wasi_iovec_t iov[2] = {{(uint8_t *)a, 2}, {(uint8_t *)b, 7}};
  __wasi_size_t n;
  __wasi_roflags_t ro;
  EXPECT_OK(__wasi_sock_recv(c, iov, 2, __WASI_RIFLAGS_RECV_PEEK, &n, &ro));
  EXPECT_EQ_U64(n, 4);
  EXPECT_EQ_U64(ro, 0);
  EXPECT_STR(a, "ta");
  b[2] = 0;
  EXPECT_STR(b, "il");
  expect_recv(c, "tail");

  EXPECT_EQ_U64(recv_flags(c, buf, sizeof buf, __WASI_RIFLAGS_RECV_PEEK), 0);
  expect_eof(c);
  EXPECT_OK(__wasi_fd_close(c));
  puts("ok");
  return 0;
}

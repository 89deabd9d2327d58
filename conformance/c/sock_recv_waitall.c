/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* RECV_WAITALL waits until the whole buffer is filled, gathering what the
   peer sends in pieces with pauses between them (a plain recv would return
   the first piece). With RECV_PEEK it gathers without consuming. The end of
   the stream cuts it short: it returns what came (POSIX: fewer bytes when
   the connection ends), then 0. */
int main(void) {
  __wasi_fd_t c = accept_conn(listener(0));
  char buf[64];
  EXPECT_EQ_U64(recv_flags(c, buf, 10, __WASI_RIFLAGS_RECV_WAITALL), 9);
  EXPECT_STR(buf, "abcdefghi");
  send_str(c, "got 9");

  EXPECT_EQ_U64(recv_flags(c, buf, 7, __WASI_RIFLAGS_RECV_WAITALL | __WASI_RIFLAGS_RECV_PEEK), 6);
  EXPECT_STR(buf, "123456");
  EXPECT_EQ_U64(recv_flags(c, buf, 7, __WASI_RIFLAGS_RECV_WAITALL), 6);
  EXPECT_STR(buf, "123456");
  send_str(c, "got 6");

  EXPECT_EQ_U64(recv_flags(c, buf, 11, __WASI_RIFLAGS_RECV_WAITALL), 2);
  EXPECT_STR(buf, "xy");
  expect_eof(c);
  EXPECT_OK(__wasi_fd_close(c));
  puts("ok");
  return 0;
}

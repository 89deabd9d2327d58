/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"
#include <ctype.h>
#include <sys/socket.h>
#include <unistd.h>

/* A blocking accept waits for the peer and gives a connected stream socket
   at the lowest free fd, without fdflags. It carries bytes both ways through
   recv/send (the IPv4 listener) and read/write (the IPv6 one), reads the
   peer's half-close as end of stream (0), and its close ends the connection
   for the peer. Each listener keeps accepting after a connection is done. */
static void serve(int l, int use_socket_calls) {
  int c = accept(l, NULL, NULL);
  CHECK(c >= 0);
  EXPECT_EQ_U64(c, 5);
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(c, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_SOCKET_STREAM);
  EXPECT_EQ_U64(st.fs_flags, 0);
  char buf[64];
  size_t got = 0;
  while (got < 5) {
    ssize_t n = use_socket_calls ? recv(c, buf + got, 5 - got, 0) : read(c, buf + got, 5 - got);
    CHECK(n > 0);
    got += n;
  }
  for (size_t i = 0; i < got; i++) buf[i] = toupper((unsigned char)buf[i]);
  ssize_t n = use_socket_calls ? send(c, buf, got, 0) : write(c, buf, got);
  EXPECT_EQ_U64(n, got);
  n = use_socket_calls ? recv(c, buf, sizeof buf, 0) : read(c, buf, sizeof buf);
  EXPECT_EQ_U64(n, 0);
  CHECK(close(c) == 0);
}

int main(void) {
  for (int round = 0; round < 2; round++) {
    serve(listener(0), 1);
    serve(listener(1), 0);
  }
  puts("ok");
  return 0;
}

/* node:wasi differs: its rights check answers ENOTCAPABLE before it looks at the descriptor type. */
#include "common.h"
#include <fcntl.h>

/* Without a network, no descriptor is a socket: sock_accept, sock_recv,
   sock_send and sock_shutdown on a regular file, a directory and stdio
   are ENOTSOCK (wasmtime), and the descriptors keep working. */
static void expect_notsock(__wasi_fd_t fd) {
  __wasi_fd_t out;
  EXPECT_ERRNO(__wasi_sock_accept(fd, 0, &out), __WASI_ERRNO_NOTSOCK);
  char b[4];
  __wasi_iovec_t r = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  __wasi_roflags_t ro;
  EXPECT_ERRNO(__wasi_sock_recv(fd, &r, 1, 0, &n, &ro), __WASI_ERRNO_NOTSOCK);
  __wasi_ciovec_t w = {(const uint8_t *)"x", 1};
  EXPECT_ERRNO(__wasi_sock_send(fd, &w, 1, 0, &n), __WASI_ERRNO_NOTSOCK);
  EXPECT_ERRNO(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
}
int main(void) {
  int f = open("/sandbox/a.txt", O_RDWR);
  CHECK(f >= 0);
  expect_notsock(f);
  expect_notsock(3);
  expect_notsock(0);
  expect_notsock(1);
  char b[8];
  __wasi_iovec_t r = {(uint8_t *)b, sizeof b};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_read(f, &r, 1, &n));
  EXPECT_EQ_U64(n, 3);
  puts("ok");
  return 0;
}

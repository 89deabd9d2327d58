/* node:wasi differs: fdstat leaks host open flags into fs_flags. */
#include "common.h"

/* NONBLOCK can be set on stdin (the spec allows it on any fd; wasmtime
   answers EBADF for stdio) and fdstat shows it. A nonblocking read then
   returns data or EAGAIN, never blocks; waiting with poll_oneoff between
   EAGAINs, the whole piped input arrives, followed by EOF. */
int main(void) {
  EXPECT_OK(__wasi_fd_fdstat_set_flags(0, __WASI_FDFLAGS_NONBLOCK));
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(0, &st));
  EXPECT_EQ_U64(st.fs_flags, __WASI_FDFLAGS_NONBLOCK);
  char buf[256];
  size_t got = 0;
  for (int rounds = 0;; rounds++) {
    if (rounds > 1000) FAIL("no EOF after 1000 reads");
    __wasi_iovec_t iov = {(uint8_t *)buf + got, sizeof buf - got};
    __wasi_size_t n = 0;
    __wasi_errno_t e = __wasi_fd_read(0, &iov, 1, &n);
    if (e == __WASI_ERRNO_AGAIN) {
      __wasi_subscription_t sub;
      memset(&sub, 0, sizeof sub);
      sub.u.tag = __WASI_EVENTTYPE_FD_READ;
      sub.u.u.fd_read.file_descriptor = 0;
      __wasi_event_t ev;
      EXPECT_OK(__wasi_poll_oneoff(&sub, &ev, 1, &n));
      continue;
    }
    if (e != 0) FAIL("nonblocking fd_read(0) = %u", e);
    if (n == 0) break;
    got += n;
  }
  EXPECT_OK(__wasi_fd_fdstat_set_flags(0, 0));
  EXPECT_OK(__wasi_fd_fdstat_get(0, &st));
  EXPECT_EQ_U64(st.fs_flags, 0);
  fwrite(buf, 1, got, stdout);
  return 0;
}

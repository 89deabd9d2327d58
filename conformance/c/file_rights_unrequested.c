/* node:wasi differs: it refuses every right path_open did not ask for (ENOTCAPABLE). */
/* The rights path_open asks for choose the open mode and limit nothing
   else, as in wasmtime (whose p1_file_seek_tell, p1_fd_filestat_set and
   p1_poll_oneoff_files open with FD_READ or FD_WRITE alone): seek, tell,
   filestat, set-times, set-size on a writable fd, sync, advise and poll all
   work. The mode still holds: a read-only fd cannot write or set the size. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t ro = must_open(dir, "f.txt", 0, __WASI_RIGHTS_FD_READ, 0);
  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_seek(ro, 2, __WASI_WHENCE_SET, &pos));
  EXPECT_EQ_U64(pos, 2);
  EXPECT_OK(__wasi_fd_tell(ro, &pos));
  EXPECT_EQ_U64(pos, 2);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(ro, &st));
  EXPECT_EQ_U64(st.size, 4);
  EXPECT_OK(__wasi_fd_filestat_set_times(ro, 1000000000ull, 2000000000ull,
                                         __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  EXPECT_OK(__wasi_fd_filestat_get(ro, &st));
  EXPECT_EQ_U64(st.mtim, 2000000000ull);
  EXPECT_OK(__wasi_fd_advise(ro, 0, 4, __WASI_ADVICE_NORMAL));
  EXPECT_OK(__wasi_fd_sync(ro));

  __wasi_subscription_t sub;
  memset(&sub, 0, sizeof sub);
  sub.userdata = 7;
  sub.u.tag = __WASI_EVENTTYPE_FD_READ;
  sub.u.u.fd_read.file_descriptor = ro;
  __wasi_event_t ev;
  __wasi_size_t n;
  EXPECT_OK(__wasi_poll_oneoff(&sub, &ev, 1, &n));
  EXPECT_EQ_U64(n, 1);
  EXPECT_EQ_U64(ev.userdata, 7);
  EXPECT_EQ_U64(ev.error, 0);

  __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
  EXPECT_ERRNO(__wasi_fd_write(ro, &iov, 1, &n), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_filestat_set_size(ro, 1), __WASI_ERRNO_BADF);

  __wasi_fd_t wo = must_open(dir, "f.txt", 0, __WASI_RIGHTS_FD_WRITE, 0);
  EXPECT_OK(__wasi_fd_filestat_set_size(wo, 2));
  EXPECT_OK(__wasi_fd_seek(wo, 0, __WASI_WHENCE_END, &pos));
  EXPECT_EQ_U64(pos, 2);
  EXPECT_EQ_U64(write_str(wo, "!"), 1);
  EXPECT_OK(__wasi_fd_close(wo));
  EXPECT_OK(__wasi_fd_close(ro));
  puts("ok");
  return 0;
}

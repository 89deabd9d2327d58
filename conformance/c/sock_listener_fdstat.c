/* node:wasi differs: it cannot preopen sockets. */
#include "common.h"

/* Preopened listeners are fds right after the preopened directories, in the
   order given: a stream socket each, with no fdflags, that is not a preopen
   (fd_prestat_get is EBADF and fd_prestat_dir_name ENOTDIR, as wasmtime
   answers for any open fd that is not a preopen) and cannot seek (ESPIPE, as lseek on a socket in POSIX). NONBLOCK can be set and
   cleared on it like on any fd. */
int main(void) {
  EXPECT_EQ_U64(preopen("/sandbox"), 3);
  for (__wasi_fd_t fd = 4; fd <= 5; fd++) {
    __wasi_fdstat_t st;
    EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
    EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_SOCKET_STREAM);
    EXPECT_EQ_U64(st.fs_flags, 0);
    if (!(st.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT)) FAIL("fd %u lacks the sock_accept right", fd);
    __wasi_prestat_t ps;
    EXPECT_ERRNO(__wasi_fd_prestat_get(fd, &ps), __WASI_ERRNO_BADF);
    uint8_t name[8];
    EXPECT_ERRNO(__wasi_fd_prestat_dir_name(fd, name, sizeof name), __WASI_ERRNO_NOTDIR);
    __wasi_filesize_t pos;
    EXPECT_ERRNO(__wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_tell(fd, &pos), __WASI_ERRNO_SPIPE);

    EXPECT_OK(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_NONBLOCK));
    EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
    EXPECT_EQ_U64(st.fs_flags, __WASI_FDFLAGS_NONBLOCK);
    EXPECT_OK(__wasi_fd_fdstat_set_flags(fd, 0));
    EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
    EXPECT_EQ_U64(st.fs_flags, 0);
  }
  EXPECT_EQ_U64(listener(0), 4);
  EXPECT_EQ_U64(listener(1), 5);
  __wasi_fdstat_t st;
  EXPECT_ERRNO(__wasi_fd_fdstat_get(6, &st), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}

/* node:wasi differs: its rights check answers ENOTCAPABLE before looking at the descriptor type. */
#include "common.h"

/* Calls that need a file or directory are EBADF on stdio streams, as in
   wasmtime (sync, datasync, advise, allocate, set_size, set_times,
   readdir), while fd_filestat_get answers with the stream's filetype and
   zero size. */
int main(void) {
  for (__wasi_fd_t fd = 0; fd <= 2; fd++) {
    EXPECT_ERRNO(__wasi_fd_sync(fd), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_datasync(fd), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_NORMAL), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_allocate(fd, 0, 1), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_size(fd, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_BADF);
    uint8_t buf[128];
    __wasi_size_t used;
    EXPECT_ERRNO(__wasi_fd_readdir(fd, buf, sizeof buf, 0, &used), __WASI_ERRNO_BADF);
    __wasi_filestat_t fs;
    __wasi_fdstat_t st;
    EXPECT_OK(__wasi_fd_filestat_get(fd, &fs));
    EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
    EXPECT_EQ_U64(fs.filetype, st.fs_filetype);
    EXPECT_EQ_U64(fs.size, 0);
  }
  puts("ok");
  return 0;
}

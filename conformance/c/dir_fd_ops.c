/* A directory fd has no file operations in wasmtime's preview1: read,
   pread, write, pwrite, seek, tell, advise, allocate, datasync, sync,
   set_flags and set_size are all EBADF; filestat and set_times work.
   node:wasi answers ENOTCAPABLE from its rights table. */
#include "common.h"

int main(void) {
  __wasi_fd_t dirs[2] = {preopen("/sandbox"), 0};
  dirs[1] = must_open(dirs[0], "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_GET, 0);
  for (int i = 0; i < 2; i++) {
    __wasi_fd_t d = dirs[i];
    char buf[16];
    __wasi_iovec_t r = {(uint8_t *)buf, sizeof buf};
    __wasi_ciovec_t w = {(const uint8_t *)"x", 1};
    __wasi_size_t n;
    __wasi_filesize_t pos;
    EXPECT_ERRNO(__wasi_fd_read(d, &r, 1, &n), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_pread(d, &r, 1, 0, &n), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_write(d, &w, 1, &n), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_pwrite(d, &w, 1, 0, &n), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_seek(d, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_tell(d, &pos), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_advise(d, 0, 0, __WASI_ADVICE_DONTNEED), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_allocate(d, 0, 1), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_datasync(d), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_sync(d), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(d, __WASI_FDFLAGS_NONBLOCK), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_size(d, 0), __WASI_ERRNO_BADF);
    __wasi_filestat_t st;
    EXPECT_OK(__wasi_fd_filestat_get(d, &st));
    EXPECT_EQ_U64(st.filetype, __WASI_FILETYPE_DIRECTORY);
  }
  EXPECT_OK(__wasi_fd_close(dirs[1]));
  return 0;
}

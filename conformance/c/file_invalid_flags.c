/* Flag words with bits the spec does not define are EINVAL (wasmtime's
   bindings reject them before the call runs): oflags, fdflags and
   lookupflags of path_open, lookupflags of path_filestat_get, fstflags of
   both set_times calls, fdflags of fd_fdstat_set_flags. Nothing is created
   or changed. node:wasi ignores the undefined bits. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  EXPECT_ERRNO(__wasi_path_open(dir, 0, "new.txt", __WASI_OFLAGS_CREAT | 0x10, RIGHTS_RW, RIGHTS_RW, 0, &fd), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_open(dir, 0, "new.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, RIGHTS_RW, 0x20, &fd), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_open(dir, 0x2, "new.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, RIGHTS_RW, 0, &fd), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, 0x4, "f.txt", &st), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_filestat_set_times(dir, 0, "f.txt", 0, 0, 0x10), __WASI_ERRNO_INVAL);
  if (exists(dir, "new.txt")) FAIL("a file was created despite invalid flags");

  fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  EXPECT_ERRNO(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW | 0x10), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(fd, 0x20), __WASI_ERRNO_INVAL);
  __wasi_fdstat_t fst;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &fst));
  EXPECT_EQ_U64(fst.fs_flags, 0);
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}
